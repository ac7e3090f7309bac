/**
 * Argument normalisation and validation shared by convolution, folding and pooling: int-or-tuple
 * options, options objects, optional tensors, dtype checks and pooling output sizes. Everything
 * here throws the typed errors of `@proj/tensor` before any kernel runs.
 */
import { ArgumentError, DTypeError, type Tensor, fmtShape, isFloating, isTensor } from '@proj/tensor';
import { requireAlive } from './call-args.js';

/** An int for every spatial dim, or one per dim (PyTorch's `_pair`). */
export type IntOrTuple = number | readonly number[];

/**
 * Expands `v` to `n` integers. A single int, or a list of 1 or `n` ints, as PyTorch's
 * `expand_param_if_needed`; each must be ≥ `min`.
 */
export function tuple(op: string, arg: string, v: IntOrTuple | null | undefined, n: number, min: number, dflt?: number): number[] {
  const raw = v === null || v === undefined ? dflt : v;
  if (raw === undefined) throw new ArgumentError(`${op}: ${arg} is required`);
  const list = typeof raw === 'number' ? [raw] : Array.isArray(raw) ? [...(raw as readonly number[])] : null;
  if (!list || (list.length !== 1 && list.length !== n) || list.some((x) => typeof x !== 'number' || !Number.isInteger(x))) {
    throw new ArgumentError(`${op}: expected ${arg} to be a single integer or a list of ${n} integers, got ${show(raw)}`);
  }
  const out = list.length === 1 ? new Array<number>(n).fill(list[0]!) : list;
  if (out.some((x) => x < min)) {
    const what = min === 1 ? 'positive' : min === 0 ? 'non-negative' : `>= ${min}`;
    throw new ArgumentError(`${op}: expected ${arg} to be ${what}, got ${show(raw)}`);
  }
  return out;
}

/**
 * The trailing options object of an op: `{}` when omitted. Anything else (a bare number where
 * PyTorch would take a positional `stride`, say) is an error rather than silently ignored.
 */
export function options<O extends object>(op: string, v: O | null | undefined): O {
  if (v === null || v === undefined) return {} as O;
  if (typeof v !== 'object' || Array.isArray(v) || isTensor(v)) {
    throw new ArgumentError(`${op}: expected the keyword arguments as an options object (e.g. { stride: 2 }), got ${show(v)}`);
  }
  return v;
}

/** An optional tensor argument: a tensor, or null/undefined. */
export function optTensor(op: string, arg: string, v: unknown): Tensor | null {
  if (v === null || v === undefined) return null;
  if (!isTensor(v)) throw new ArgumentError(`${op}: expected ${arg} to be a Tensor or null, got ${show(v)}`);
  requireAlive(op, v, arg);
  return v;
}

export function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (isTensor(v)) return `a Tensor of shape ${fmtShape(v.shape)}`;
  return String(v);
}

/** Requires a floating point tensor. */
export function requireFloating(op: string, arg: string, t: Tensor): void {
  requireAlive(op, t, arg);
  if (!isFloating(t.dtype)) {
    throw new DTypeError(`${op}: expected a floating point ${arg} (float16, float32 or float64), got ${t.dtype}`);
  }
}

/** Requires `t` to have `ref`'s dtype (PyTorch does not promote inside conv/linear). */
export function requireSameDtype(op: string, arg: string, t: Tensor, ref: Tensor): void {
  requireAlive(op, t, arg);
  if (t.dtype !== ref.dtype) {
    throw new DTypeError(`${op}: expected ${arg} to have the input's dtype ${ref.dtype}, got ${t.dtype}`);
  }
}

/** PyTorch's pooling output size, with the `ceil_mode` rule that the last window starts inside the input or the left padding. */
export function poolOutSize(size: number, kernel: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  const num = size + 2 * pad - dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(num / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}
