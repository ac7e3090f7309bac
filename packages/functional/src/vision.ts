/**
 * Vision ops: `interpolate` (nearest, nearest-exact, linear, bilinear, bicubic, area) and
 * `pixel_shuffle` / `pixel_unshuffle`. Interpolation is separable: each resized dim gathers its
 * source taps with `index_select` and sums them with host-computed weights, so it runs and
 * differentiates on every backend.
 */
import { ArgumentError, DTypeError, ShapeError, type Tensor, fmtShape, isFloating, isTensor, scope, tensor } from '@proj/tensor';
import { options, show } from './conv-args.js';
import { requireAlive } from './call-args.js';
import { type InterpMode, type Taps, taps } from './interpolate-taps.js';

export type { InterpMode } from './interpolate-taps.js';
import { adaptive_avg_pool1d, adaptive_avg_pool2d } from './pooling-adaptive.js';

/** Keyword arguments of `interpolate`. */
export interface InterpolateOptions {
  /** Output spatial size (an int for every dim, or one per dim). Exactly one of `size`, `scale_factor`. */
  size?: number | readonly number[] | null;
  /** Multiplier for the spatial size: output = ⌊input · scale_factor⌋. */
  scale_factor?: number | readonly number[] | null;
  /** Default `'nearest'`. `'linear'` takes 3-D input, `'bilinear'`/`'bicubic'` 4-D. */
  mode?: InterpMode;
  /** Align the corner pixels' centres (linear modes only); default false. */
  align_corners?: boolean | null;
  /** Compute the sampling scale from the output size rather than use `scale_factor`. */
  recompute_scale_factor?: boolean | null;
}

const MODES: readonly string[] = ['nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'area'];
const RANK: Partial<Record<InterpMode, number>> = { linear: 3, bilinear: 4, bicubic: 4 };

function perDim(op: string, arg: string, v: number | readonly number[], dims: number, input: Tensor, int: boolean): number[] {
  const list = typeof v === 'number' ? new Array<number>(dims).fill(v) : Array.isArray(v) ? [...(v as readonly number[])] : null;
  if (!list || list.some((x) => typeof x !== 'number' || Number.isNaN(x) || (int && !Number.isInteger(x)))) {
    throw new ArgumentError(`${op}: expected ${arg} to be ${int ? 'an integer' : 'a number'} or a list of them, got ${show(v)}`);
  }
  if (list.length !== dims) {
    throw new ArgumentError(
      `${op}: input and ${arg} must have the same number of spatial dimensions, but got input with spatial dimensions of ${fmtShape(input.shape.slice(2))} and ${arg} of ${show(v)}`,
    );
  }
  return list;
}

/** Resizes dim `d` of `x` through `t`. */
function along(x: Tensor, d: number, t: Taps): Tensor {
  const g = x.index_select(d, tensor(t.index, { dtype: 'int64', device: x.device }));
  if (!t.weight) return g;
  const out = t.index.length / t.k;
  const w = tensor(t.weight, { dtype: x.dtype, device: x.device }).reshape([out, t.k, ...x.shape.slice(d + 1).map(() => 1)]);
  return g.unflatten(d, [out, t.k]).mul(w).sum(d + 1);
}

/**
 * Resizes the spatial dims of `(N, C, L)` or `(N, C, H, W)` input, as
 * `torch.nn.functional.interpolate`, with PyTorch's index formulas: nearest takes
 * `⌊dst · scale⌋`; linear modes sample at `(dst + 0.5) · scale − 0.5` (or `dst · (in−1)/(out−1)`
 * with `align_corners`); bicubic uses A = −0.75 and clamps at the borders.
 *
 * @example
 * ```ts
 * const up = F.interpolate(x, { scale_factor: 2, mode: 'bilinear', align_corners: false }); // [1, 3, 8, 8] → [1, 3, 16, 16]
 * const sized = F.interpolate(x, { size: [5, 7], mode: 'nearest' });
 * ```
 */
export function interpolate(input: Tensor, opts?: InterpolateOptions): Tensor;
/** PyTorch's positional `size`: `interpolate(x, [8, 8], { mode: 'bilinear' })`. */
export function interpolate(input: Tensor, size: number | readonly number[], opts?: Omit<InterpolateOptions, 'size'>): Tensor;
export function interpolate(input: Tensor, sizeOrOpts?: number | readonly number[] | InterpolateOptions | null, rest?: InterpolateOptions): Tensor {
  const op = 'interpolate';
  const opts: InterpolateOptions =
    typeof sizeOrOpts === 'number' || Array.isArray(sizeOrOpts)
      ? { ...options(op, rest), size: sizeOrOpts as number | readonly number[] }
      : options(op, sizeOrOpts as InterpolateOptions | null | undefined);
  if (!isTensor(input)) throw new ArgumentError(`${op}: expected input to be a Tensor, got ${show(input)}`);
  requireAlive(op, input, 'input');
  if ((opts as { antialias?: unknown }).antialias) throw new ArgumentError(`${op}: antialias is not supported`);
  const mode = opts.mode ?? 'nearest';
  if (!MODES.includes(mode)) throw new ArgumentError(`${op}: unknown mode '${String(mode)}', expected one of ${MODES.map((m) => `'${m}'`).join(', ')}`);
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`${op}: expected a 3-D (N, C, L) or 4-D (N, C, H, W) input, got shape ${fmtShape(input.shape)}`);
  }
  const rank = RANK[mode];
  if (rank !== undefined && input.ndim !== rank) {
    throw new ShapeError(`${op}: got a ${input.ndim}-D input, but ${mode} mode needs a ${rank}-D input (shape ${fmtShape(input.shape)})`);
  }
  if (!isFloating(input.dtype)) throw new DTypeError(`${op}: expected a floating point input, got ${input.dtype}`);
  const linearMode = rank !== undefined;
  const ac = opts.align_corners ?? null;
  if (ac !== null && !linearMode) {
    throw new ArgumentError(`${op}: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic, got mode '${mode}'`);
  }
  const dims = input.ndim - 2;
  const hasSize = opts.size !== undefined && opts.size !== null;
  const hasScale = opts.scale_factor !== undefined && opts.scale_factor !== null;
  if (hasSize === hasScale) {
    throw new ArgumentError(`${op}: ${hasSize ? 'only one of size or scale_factor should be defined' : 'either size or scale_factor should be defined'}`);
  }
  const inSizes = input.shape.slice(2);
  let outSizes: number[];
  let scales: (number | null)[];
  if (hasSize) {
    if (opts.recompute_scale_factor) throw new ArgumentError(`${op}: recompute_scale_factor is not meaningful with an explicit size`);
    outSizes = perDim(op, 'size', opts.size!, dims, input, true);
    scales = outSizes.map(() => null);
  } else {
    const sf = perDim(op, 'scale_factor', opts.scale_factor!, dims, input, false);
    outSizes = inSizes.map((s, i) => Math.floor(s * sf[i]!));
    scales = opts.recompute_scale_factor || mode === 'area' ? sf.map(() => null) : sf;
  }
  if (inSizes.some((s) => s < 1) || outSizes.some((s) => s < 1)) {
    throw new ShapeError(`${op}: input and output sizes should be greater than 0, but got input ${fmtShape(inSizes)} and output ${fmtShape(outSizes)}`);
  }
  if (mode === 'area') return dims === 1 ? adaptive_avg_pool1d(input, outSizes) : adaptive_avg_pool2d(input, outSizes);
  const f32 = input.dtype === 'float32';
  return scope(() => {
    let y = input;
    for (let i = dims - 1; i >= 0; i--) {
      y = along(y, 2 + i, taps(mode, inSizes[i]!, outSizes[i]!, ac ?? false, scales[i]!, f32));
    }
    return y === input ? input.clone() : y;
  });
}

function shuffleCheck(op: string, x: Tensor, factor: number, arg: string): void {
  if (!isTensor(x)) throw new ArgumentError(`${op}: expected input to be a Tensor, got ${show(x)}`);
  requireAlive(op, x, 'input');
  if (typeof factor !== 'number' || !Number.isInteger(factor) || factor < 1) {
    throw new ArgumentError(`${op}: expected ${arg} to be a positive integer, got ${show(factor)}`);
  }
  if (x.ndim < 3) throw new ShapeError(`${op}: expected an input with at least 3 dims (*, C, H, W), got shape ${fmtShape(x.shape)}`);
}

/**
 * Rearranges `(*, C·r², H, W)` into `(*, C, H·r, W·r)`, as `torch.nn.functional.pixel_shuffle`.
 *
 * @example
 * ```ts
 * const y = F.pixel_shuffle(x, 3); // [1, 9, 4, 4] → [1, 1, 12, 12]
 * ```
 */
export function pixel_shuffle(input: Tensor, upscale_factor: number): Tensor {
  const r = upscale_factor;
  shuffleCheck('pixel_shuffle', input, r, 'upscale_factor');
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  if (c % (r * r) !== 0) {
    throw new ShapeError(`pixel_shuffle: expected the channel dimension (input.size(-3)=${c}) to be divisible by the square of upscale_factor (${r * r})`);
  }
  const b = lead.length;
  return scope(() =>
    input
      .reshape([...lead, c / (r * r), r, r, h, w])
      .permute([...lead.map((_, i) => i), b, b + 3, b + 1, b + 4, b + 2])
      .reshape([...lead, c / (r * r), h * r, w * r]),
  );
}

/**
 * Rearranges `(*, C, H·r, W·r)` into `(*, C·r², H, W)`, the inverse of `pixel_shuffle`, as
 * `torch.nn.functional.pixel_unshuffle`.
 *
 * @example
 * ```ts
 * const y = F.pixel_unshuffle(x, 2); // [1, 1, 8, 8] → [1, 4, 4, 4]
 * ```
 */
export function pixel_unshuffle(input: Tensor, downscale_factor: number): Tensor {
  const r = downscale_factor;
  shuffleCheck('pixel_unshuffle', input, r, 'downscale_factor');
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  if (h % r !== 0 || w % r !== 0) {
    throw new ShapeError(`pixel_unshuffle: expected height (${h}) and width (${w}) to be divisible by downscale_factor (${r}), input shape ${fmtShape(input.shape)}`);
  }
  const b = lead.length;
  return scope(() =>
    input
      .reshape([...lead, c, h / r, r, w / r, r])
      .permute([...lead.map((_, i) => i), b, b + 2, b + 4, b + 1, b + 3])
      .reshape([...lead, c * r * r, h / r, w / r]),
  );
}
