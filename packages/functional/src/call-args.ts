/**
 * Argument handling shared by the activation, normalization, loss and distance ops: PyTorch's
 * "positional or keyword" parameters, reductions, and reading small index tensors for validation.
 */
import { ArgumentError, BackendError, DTypeError, fmtShape, isFloating, isTensor, scope, StateError, type Tensor } from '@proj/tensor';

/** How a loss reduces its per-element values. */
export type Reduction = 'none' | 'mean' | 'sum';

/**
 * Collects PyTorch-style arguments: the `positional` names, in order, may be passed positionally,
 * and a trailing plain object holds keyword arguments (any of `positional` and `keywordOnly`). A
 * name given both ways, or an unknown keyword, is an ArgumentError, as Python's "got multiple
 * values for argument" and "unexpected keyword argument".
 */
export function parseArgs<O extends object>(
  op: string,
  args: readonly unknown[],
  positional: readonly (keyof O & string)[],
  keywordOnly: readonly (keyof O & string)[] = [],
): Partial<O> {
  const out: Record<string, unknown> = {};
  let pos = args;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    pos = args.slice(0, -1);
    const known: readonly string[] = [...positional, ...keywordOnly];
    for (const [k, v] of Object.entries(last)) {
      if (!known.includes(k)) throw new ArgumentError(`${op}: unexpected option '${k}' (expected one of ${known.join(', ')})`);
      out[k] = v;
    }
  }
  if (pos.length > positional.length) {
    throw new ArgumentError(`${op}: takes at most ${positional.length} positional arguments after the input, got ${pos.length}`);
  }
  pos.forEach((v, i) => {
    const name = positional[i]!;
    if (v === undefined) return;
    if (out[name] !== undefined) throw new ArgumentError(`${op}: got multiple values for argument '${name}'`);
    out[name] = v;
  });
  return out as Partial<O>;
}

/** True for a plain options object (not a tensor, array or null). */
export function isOptions(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isTensor(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Checks a reduction name, as PyTorch's `_Reduction.get_enum`. */
export function checkReduction(op: string, r: unknown, extra: readonly string[] = []): Reduction {
  const allowed = ['none', 'mean', 'sum', ...extra];
  if (typeof r !== 'string' || !allowed.includes(r)) {
    throw new ArgumentError(`${op}: ${String(r)} is not a valid value for reduction (expected one of ${allowed.map((a) => `'${a}'`).join(', ')})`);
  }
  return r as Reduction;
}

/** Applies a reduction to per-element losses. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? loss.sum() : loss.mean();
}

/** A number option: finite unless `allowInf`, never NaN, optionally bounded. */
export function num(op: string, name: string, v: unknown, opts: { min?: number; max?: number; int?: boolean; allowInf?: boolean } = {}): number {
  if (typeof v !== 'number' || Number.isNaN(v) || (!opts.allowInf && !Number.isFinite(v)) || (opts.int && !Number.isInteger(v))) {
    throw new ArgumentError(`${op}: ${name} must be ${opts.int ? 'an integer' : 'a number'}, got ${String(v)}`);
  }
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw new ArgumentError(`${op}: ${name} must be in [${opts.min ?? '-inf'}, ${opts.max ?? 'inf'}], got ${v}`);
  }
  return v;
}

/**
 * Throws unless `t` is still alive. The tensor's own error cannot name the op or the argument,
 * so every op checks its arguments here first.
 */
export function requireAlive(op: string, t: Tensor, arg: string): void {
  if (t.isDisposed) throw new StateError(`${op}: ${arg} (${t.dtype} [${t.shape}]) has been disposed and cannot be used`);
}

/**
 * Throws a BackendError naming two of the arguments unless every tensor among `named` lives on
 * one backend: checked before any kernel runs, so that nothing (running statistics, an in-place
 * input) is half-written when a later kernel would refuse the mix.
 */
export function sameBackend(op: string, named: Record<string, unknown>): void {
  let first: [string, Tensor] | null = null;
  for (const [name, v] of Object.entries(named)) {
    if (!isTensor(v)) continue;
    requireAlive(op, v, name);
    if (!first) first = [name, v];
    else if (v.device !== first[1].device) {
      const [a, ta] = first;
      throw new BackendError(
        `${op}: expected all tensors to be on the same backend, but found '${ta.device}' (${a}) and '${v.device}' (${name}); move one with .to('${ta.device}')`,
      );
    }
  }
}

/** Throws unless `t` is a floating point (float16/32/64) tensor. */
export function requireFloat(op: string, t: unknown, arg = 'input'): asserts t is Tensor {
  if (!isTensor(t)) throw new ArgumentError(`${op}: expected ${arg} to be a Tensor, got ${describe(t)}`);
  requireAlive(op, t, arg.split(' ')[0]!);
  if (!isFloating(t.dtype)) {
    throw new DTypeError(`${op}: expected ${arg} to be a floating point tensor, got ${t.dtype}`);
  }
}

/** Throws unless `t` is a tensor (null allowed when `optional`). */
export function requireTensor(op: string, t: unknown, arg: string): asserts t is Tensor {
  if (!isTensor(t)) throw new ArgumentError(`${op}: expected ${arg} to be a Tensor, got ${describe(t)}`);
  requireAlive(op, t, arg);
}

export function describe(v: unknown): string {
  if (isTensor(v)) return `a ${v.dtype} tensor of shape ${fmtShape(v.shape)}`;
  if (Array.isArray(v)) return `[${v.map(String).join(', ')}]`;
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
}

/**
 * The values of an integer tensor when its backend reads synchronously (cpu, wasm), else null:
 * index validation runs where it costs no round trip, and GPU backends skip it, as PyTorch's CUDA
 * kernels assert on the device instead.
 */
export function syncValues(t: Tensor): Float64Array | null {
  if (!t._storage.backend.readSync) return null;
  return scope(() => {
    const d = t.dataSync();
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
    return out;
  });
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
