/**
 * `pad`: constant, reflect, replicate and circular padding with PyTorch's last-dim-first pad
 * list. The non-constant modes gather each padded dim through one host-computed index list, so
 * autograd scatter-adds the gradient back (reflected and replicated borders accumulate).
 */
import { ArgumentError, ShapeError, type Tensor, constantPad, fmtShape, isTensor, scope, tensor } from '@proj/tensor';
import { options, show } from './conv-args.js';
import { requireAlive } from './call-args.js';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Keyword arguments of `pad`. */
export interface PadOptions {
  /** Default `'constant'`. */
  mode?: PadMode;
  /** Fill value for `'constant'`; default 0. */
  value?: number | null;
}

const MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/** The source position of every output position of one dim padded by `before` and `after`. */
function indices(mode: PadMode, n: number, before: number, after: number): number[] {
  if (mode === 'circular') {
    // PyTorch crops first (negative amounts), then wraps around what is left.
    const lo = Math.max(-before, 0);
    const kept = n - lo - Math.max(-after, 0);
    const b = Math.max(before, 0);
    return Array.from({ length: kept + b + Math.max(after, 0) }, (_, j) => lo + ((((j - b) % kept) + kept) % kept));
  }
  return Array.from({ length: n + before + after }, (_, j) => {
    const p = j - before;
    if (mode === 'reflect') return p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p;
    return Math.min(Math.max(p, 0), n - 1);
  });
}

function checkBorders(mode: PadMode, x: Tensor, d: number, before: number, after: number): void {
  const n = x.shape[d]!;
  if (n + before + after < 1 || (n === 0 && (before > 0 || after > 0))) {
    throw new ShapeError(`pad: ${mode} padding (${before}, ${after}) of dim ${d} of an input of shape ${fmtShape(x.shape)} gives an output size ${n + before + after}; it must be at least 1 and the input dim non-empty`);
  }
  if (mode === 'reflect' && (before >= n || after >= n)) {
    throw new ArgumentError(
      `pad: reflect padding size should be less than the corresponding input dimension, but got padding (${before}, ${after}) at dimension ${d} of input ${fmtShape(x.shape)}`,
    );
  }
  if (mode === 'circular' && (before > n || after > n)) {
    throw new ArgumentError(
      `pad: circular padding (${before}, ${after}) at dimension ${d} of input ${fmtShape(x.shape)} would wrap around more than once; it must be at most the dim size ${n}`,
    );
  }
}

/**
 * Pads `input`: `pad` lists `(before, after)` amounts from the last dim backwards, as
 * `torch.nn.functional.pad` (`[left, right]` pads the last dim, `[left, right, top, bottom]` the
 * last two). Negative amounts crop. `'reflect'`, `'replicate'` and `'circular'` pad the last 1, 2
 * or 3 dims of an input with one or two more dims (batch and/or channel).
 *
 * @example
 * ```ts
 * const y = F.pad(x, [1, 1, 2, 0]);                     // x [N, C, H, W] → [N, C, H+2, W+2], zeros
 * const r = F.pad(x, [2, 2], { mode: 'reflect' });       // x [N, C, L] → [N, C, L+4]
 * ```
 */
export function pad(input: Tensor, pad: readonly number[], opts?: PadOptions): Tensor;
/** PyTorch's positional form: `pad(x, [1, 1], 'reflect')`, `pad(x, [1, 1], 'constant', 2)`. */
export function pad(input: Tensor, pad: readonly number[], mode: PadMode, value?: number | null): Tensor;
export function pad(input: Tensor, pad: readonly number[], modeOrOpts?: PadMode | PadOptions | null, valueArg?: number | null): Tensor {
  const opts = typeof modeOrOpts === 'string' ? { mode: modeOrOpts, value: valueArg } : options('pad', modeOrOpts);
  if (!isTensor(input)) throw new ArgumentError(`pad: expected input to be a Tensor, got ${show(input)}`);
  requireAlive('pad', input, 'input');
  if (!Array.isArray(pad) || pad.some((p) => typeof p !== 'number' || !Number.isInteger(p))) {
    throw new ArgumentError(`pad: expected pad to be a list of integers, got ${show(pad)}`);
  }
  if (pad.length % 2 !== 0) throw new ArgumentError(`pad: padding length must be divisible by 2, got ${pad.length} (${show(pad)})`);
  const k = pad.length / 2;
  if (k > input.ndim) throw new ArgumentError(`pad: padding length ${pad.length} is too large for a ${input.ndim}-D input; it can pad at most ${input.ndim} dims`);
  const mode = opts.mode ?? 'constant';
  if (!MODES.includes(mode)) throw new ArgumentError(`pad: unrecognised padding mode '${String(mode)}', expected one of 'constant', 'reflect', 'replicate', 'circular'`);
  const value = opts.value ?? 0;
  if (mode === 'constant') {
    const pads = input.shape.map((_, d) => {
      const i = input.ndim - 1 - d;
      return i < k ? ([pad[2 * i]!, pad[2 * i + 1]!] as const) : ([0, 0] as const);
    });
    return constantPad(input, pads, value);
  }
  if (opts.value !== undefined && opts.value !== null && opts.value !== 0) {
    throw new ArgumentError(`pad: padding mode '${mode}' doesn't take in value argument, got value ${opts.value}`);
  }
  // PyTorch 1.13 pads circularly only batched (N, C, *) inputs.
  if (k > 3 || (input.ndim !== k + 2 && (mode === 'circular' || input.ndim !== k + 1))) {
    const ranks = mode === 'circular' ? `a ${k + 2}-D (N, C, *)` : `a ${k + 1}-D or ${k + 2}-D`;
    throw new ShapeError(
      `pad: ${mode} padding of the last ${k} dim${k > 1 ? 's' : ''} (pad ${show(pad)}) needs ${ranks} input and at most 3 padded dims, got shape ${fmtShape(input.shape)}`,
    );
  }
  for (let i = 0; i < k; i++) checkBorders(mode, input, input.ndim - 1 - i, pad[2 * i]!, pad[2 * i + 1]!);
  return scope(() => {
    let y = input;
    for (let i = 0; i < k; i++) {
      const d = input.ndim - 1 - i;
      const before = pad[2 * i]!;
      const after = pad[2 * i + 1]!;
      if (before === 0 && after === 0) continue;
      const idx = indices(mode, input.shape[d]!, before, after);
      y = y.index_select(d, tensor(idx, { dtype: 'int64', device: input.device }));
    }
    return y === input ? input.clone() : y;
  });
}
