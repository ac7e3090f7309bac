/**
 * Pooling: `max_pool1d`, `max_pool2d`, `avg_pool1d`, `avg_pool2d`, and (from
 * `pooling-adaptive.ts`) the adaptive forms. One-dimensional pooling runs as 2-D with H = 1.
 */
import { ArgumentError, ShapeError, type Tensor, fmtShape, isTensor, scope } from '@proj/tensor';
import { type IntOrTuple, options, poolOutSize, requireFloating, show, tuple } from './conv-args.js';
import { requireAlive } from './call-args.js';
import { avgPool, maxPool } from './pool-impl.js';

export { adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_max_pool1d, adaptive_max_pool2d } from './pooling-adaptive.js';

/** Keyword arguments of `max_pool1d`/`max_pool2d`. */
export interface MaxPoolOptions {
  /** Step between windows; default (or null) `kernel_size`. */
  stride?: IntOrTuple | null;
  /** Implicit −∞ padding on both sides; at most half the kernel. Default 0. */
  padding?: IntOrTuple;
  /** Spacing between window taps; default 1. */
  dilation?: IntOrTuple;
  /** Use ceil instead of floor for the output size (the last window must start inside the input or left padding). */
  ceil_mode?: boolean;
  /** Also return the argmax of each window, as indices into each flattened input plane. */
  return_indices?: boolean;
}

/** Keyword arguments of `avg_pool1d`/`avg_pool2d`. */
export interface AvgPoolOptions {
  stride?: IntOrTuple | null;
  /** Implicit zero padding on both sides; at most half the kernel. Default 0. */
  padding?: IntOrTuple;
  ceil_mode?: boolean;
  /** Count the zero padding in the divisor; default true. */
  count_include_pad?: boolean;
  /** Divide every window by this instead (2-D only). */
  divisor_override?: number | null;
}

interface Geometry {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  outSize: [number, number];
}

function geometry(op: string, spatial: 1 | 2, x: Tensor, k: IntOrTuple, o: MaxPoolOptions): Geometry {
  if (!isTensor(x)) throw new ArgumentError(`${op}: expected input to be a Tensor, got ${show(x)}`);
  requireAlive(op, x, 'input');
  const dims = spatial === 1 ? 'L' : 'H, W';
  if (x.ndim !== spatial + 1 && x.ndim !== spatial + 2) {
    throw new ShapeError(`${op}: expected a ${spatial + 1}-D (C, ${dims}) or ${spatial + 2}-D (N, C, ${dims}) input, got shape ${fmtShape(x.shape)}`);
  }
  requireFloating(op, 'input', x);
  const sizes = x.shape.slice(-spatial);
  if (x.shape.slice(x.ndim - spatial - 1).some((s) => s === 0)) {
    throw new ShapeError(`${op}: expected an input with non-zero channel and spatial sizes, got shape ${fmtShape(x.shape)}`);
  }
  const kernel = tuple(op, 'kernel_size', k, spatial, 1);
  const stride = o.stride === null || o.stride === undefined || (Array.isArray(o.stride) && o.stride.length === 0) ? kernel : tuple(op, 'stride', o.stride, spatial, 1);
  const padding = tuple(op, 'padding', o.padding, spatial, 0, 0);
  const dilation = tuple(op, 'dilation', o.dilation, spatial, 1, 1);
  padding.forEach((p, i) => {
    if (p > Math.floor(kernel[i]! / 2)) {
      throw new ArgumentError(`${op}: padding should be at most half of kernel size, got padding ${fmtShape(padding)} and kernel_size ${fmtShape(kernel)}`);
    }
  });
  const ceil = o.ceil_mode ?? false;
  if (typeof ceil !== 'boolean') throw new ArgumentError(`${op}: expected ceil_mode to be a boolean, got ${show(ceil)}`);
  const out = sizes.map((s, i) => poolOutSize(s, kernel[i]!, padding[i]!, stride[i]!, dilation[i]!, ceil));
  if (out.some((s) => s < 1)) {
    throw new ShapeError(`${op}: given input size (${x.shape.slice(-spatial - 1).join('x')}), the calculated output size (${[x.shape[x.ndim - spatial - 1], ...out].join('x')}) is too small`);
  }
  const two = (v: number[], unit: number): [number, number] => (spatial === 1 ? [unit, v[0]!] : [v[0]!, v[1]!]);
  return { kernel: two(kernel, 1), stride: two(stride, 1), padding: two(padding, 0), dilation: two(dilation, 1), outSize: two(out, 1) };
}

/** Runs `f` on `x` as `[N, C, H, W]` and maps each result back to the input's rank. */
function as4d<T extends Tensor | Tensor[]>(x: Tensor, spatial: 1 | 2, f: (x4: Tensor) => T): T {
  return scope(() => {
    const batched = x.ndim === spatial + 2;
    let x4 = batched ? x : x.unsqueeze(0);
    if (spatial === 1) x4 = x4.unsqueeze(2);
    const back = (t: Tensor) => {
      const r = spatial === 1 ? t.squeeze(2) : t;
      return batched ? r : r.squeeze(0);
    };
    const out = f(x4);
    return (Array.isArray(out) ? out.map(back) : back(out)) as T;
  });
}

function maxPoolNd(op: string, spatial: 1 | 2, input: Tensor, kernel_size: IntOrTuple, optsArg: MaxPoolOptions): Tensor | [Tensor, Tensor] {
  const opts = options(op, optsArg);
  const g = geometry(op, spatial, input, kernel_size, opts);
  const [values, indices] = as4d(input, spatial, (x4) => maxPool(x4, g));
  if (opts.return_indices) return [values, indices];
  indices.dispose();
  return values;
}

/**
 * 2-D max pooling over `(N, C, H, W)` or `(C, H, W)`, as `torch.nn.functional.max_pool2d`.
 * With `return_indices: true`, returns `[values, indices]` (int64 positions in each flattened
 * H·W input plane, as `max_unpool2d` takes).
 *
 * @example
 * ```ts
 * const y = F.max_pool2d(x, 2);                                   // [N, C, 28, 28] → [N, C, 14, 14]
 * const [v, i] = F.max_pool2d(x, 3, { stride: 2, padding: 1, return_indices: true });
 * ```
 */
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, opts?: MaxPoolOptions & { return_indices?: false }): Tensor;
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, opts?: MaxPoolOptions): Tensor | [Tensor, Tensor];
export function max_pool2d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPoolNd('max_pool2d', 2, input, kernel_size, opts);
}

/**
 * 1-D max pooling over `(N, C, L)` or `(C, L)`, as `torch.nn.functional.max_pool1d`.
 *
 * @example
 * ```ts
 * const y = F.max_pool1d(x, 3, { stride: 2, ceil_mode: true });
 * ```
 */
export function max_pool1d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions & { return_indices: true }): [Tensor, Tensor];
export function max_pool1d(input: Tensor, kernel_size: IntOrTuple, opts?: MaxPoolOptions & { return_indices?: false }): Tensor;
export function max_pool1d(input: Tensor, kernel_size: IntOrTuple, opts?: MaxPoolOptions): Tensor | [Tensor, Tensor];
export function max_pool1d(input: Tensor, kernel_size: IntOrTuple, opts: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  return maxPoolNd('max_pool1d', 1, input, kernel_size, opts);
}

function avgPoolNd(op: string, spatial: 1 | 2, input: Tensor, kernel_size: IntOrTuple, optsArg: AvgPoolOptions): Tensor {
  const opts = options(op, optsArg);
  const g = geometry(op, spatial, input, kernel_size, { stride: opts.stride, padding: opts.padding, ceil_mode: opts.ceil_mode });
  const countIncludePad = opts.count_include_pad ?? true;
  const div = opts.divisor_override ?? null;
  if (div !== null && (typeof div !== 'number' || !Number.isInteger(div) || div === 0)) {
    throw new ArgumentError(`${op}: divisor_override must be a non-zero integer, got ${show(div)}`);
  }
  return as4d(input, spatial, (x4) => avgPool(x4, { ...g, countIncludePad, divisorOverride: div }));
}

/**
 * 2-D average pooling over `(N, C, H, W)` or `(C, H, W)`, as `torch.nn.functional.avg_pool2d`.
 *
 * @example
 * ```ts
 * const y = F.avg_pool2d(x, 3, { stride: 2, padding: 1, count_include_pad: false });
 * ```
 */
export function avg_pool2d(input: Tensor, kernel_size: IntOrTuple, opts: AvgPoolOptions = {}): Tensor {
  return avgPoolNd('avg_pool2d', 2, input, kernel_size, opts);
}

/**
 * 1-D average pooling over `(N, C, L)` or `(C, L)`, as `torch.nn.functional.avg_pool1d`
 * (which has no `divisor_override`).
 *
 * @example
 * ```ts
 * const y = F.avg_pool1d(x, 4, { stride: 2 });
 * ```
 */
export function avg_pool1d(input: Tensor, kernel_size: IntOrTuple, opts: Omit<AvgPoolOptions, 'divisor_override'> = {}): Tensor {
  if ((options('avg_pool1d', opts) as AvgPoolOptions).divisor_override !== undefined) {
    throw new ArgumentError('avg_pool1d: got an unexpected keyword argument divisor_override (only avg_pool2d takes it)');
  }
  return avgPoolNd('avg_pool1d', 1, input, kernel_size, opts);
}
