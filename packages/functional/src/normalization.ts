/**
 * Normalization: `F.batch_norm`, `F.instance_norm`, `F.layer_norm`, `F.group_norm` and
 * `F.normalize`. Statistics are computed centred (`mean((x − mean)²)`), so a variance is never
 * negative, and are differentiated by autograd through the composite.
 */
import { ArgumentError, ShapeError, type Tensor, fmtShape, isTensor, normDim, scope } from '@proj/tensor';
import { describe, num, parseArgs, requireFloat, sameBackend } from './call-args.js';
import { affine, channelShape, halfInFloat32, optionalParam, standardize, updateRunning } from './normalization-stats.js';

export { instance_norm, type InstanceNormOptions } from './normalization-instance.js';

/** Options of {@link batch_norm}. */
export interface BatchNormOptions {
  /** Per-channel scale (also accepted positionally). */
  weight?: Tensor | null;
  /** Per-channel shift (also accepted positionally). */
  bias?: Tensor | null;
  /** Batch statistics (and running-stat updates) when true; running statistics when false (default). */
  training?: boolean;
  /**
   * The running-average factor; default 0.1. A 0-d tensor is accepted too, so that a factor
   * computed on the device (e.g. `1 / num_batches_tracked`) needs no synchronous read.
   */
  momentum?: number | Tensor;
  /** Added to the variance; default 1e-5. */
  eps?: number;
}

/**
 * `F.batch_norm(input, running_mean, running_var, weight?, bias?, { training, momentum, eps })`
 * on an `(N, C, …)` input. In training it normalizes with the batch's statistics and updates
 * `running_mean`/`running_var` in place (outside autograd) as PyTorch does:
 * `running = (1 − momentum)·running + momentum·stat`, the variance being the unbiased one.
 * Otherwise it normalizes with the running statistics, which must then be given.
 *
 * @example
 * ```ts
 * const y = F.batch_norm(x, runningMean, runningVar, gamma, beta, { training: true, momentum: 0.1 });
 * ```
 */
export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, weight?: Tensor | null, bias?: Tensor | null, opts?: Omit<BatchNormOptions, 'weight' | 'bias'>): Tensor;
export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, opts?: BatchNormOptions): Tensor;
export function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, ...args: unknown[]): Tensor {
  const op = 'batch_norm';
  requireFloat(op, input);
  const o = parseArgs<BatchNormOptions>(op, args, ['weight', 'bias'], ['training', 'momentum', 'eps']);
  if (input.ndim < 2) throw new ShapeError(`${op}: expected a 2-D or higher (N, C, ...) input, got shape ${fmtShape(input.shape)}`);
  const c = input.shape[1]!;
  const rm = optionalParam(op, running_mean, 'running_mean', c, 'one per channel');
  const rv = optionalParam(op, running_var, 'running_var', c, 'one per channel');
  const weight = optionalParam(op, o.weight, 'weight', c, 'one per channel');
  const bias = optionalParam(op, o.bias, 'bias', c, 'one per channel');
  sameBackend(op, { input, running_mean: rm, running_var: rv, weight, bias });
  const training = o.training ?? false;
  const momentum = isTensor(o.momentum) ? o.momentum : num(op, 'momentum', o.momentum ?? 0.1);
  const eps = num(op, 'eps', o.eps ?? 1e-5);
  const perChannel = input.numel() / Math.max(c, 1);
  if (training && perChannel === 1) {
    throw new ArgumentError(`${op}: expected more than 1 value per channel when training, got input size ${fmtShape(input.shape)}`);
  }
  if (!training && (!rm || !rv)) {
    throw new ArgumentError(`${op}: running_mean and running_var must be defined in evaluation mode (training: false)`);
  }
  const shape = channelShape(input.ndim, c);
  const axes = input.shape.map((_, i) => i).filter((i) => i !== 1);
  return halfInFloat32(input, weight, bias, (input, weight, bias) => scope(() => {
    if (!training) {
      const y = input.sub(rm!.reshape(shape)).mul(rv!.reshape(shape).add(eps).rsqrt());
      return affine(y, weight, bias, shape);
    }
    const { y, mean, variance } = standardize(input, axes, eps);
    // An empty batch has no statistics: PyTorch leaves the running ones as they were.
    if (perChannel > 0) {
      if (rm) updateRunning(rm, mean.detach(), momentum);
      if (rv) updateRunning(rv, variance.detach().mul(perChannel / (perChannel - 1)), momentum);
    }
    return affine(y, weight, bias, shape);
  }));
}

/** Options of {@link layer_norm}. */
export interface LayerNormOptions {
  /** Elementwise scale of `normalized_shape` (also accepted positionally). */
  weight?: Tensor | null;
  /** Elementwise shift of `normalized_shape` (also accepted positionally). */
  bias?: Tensor | null;
  /** Default 1e-5. */
  eps?: number;
}

/**
 * `F.layer_norm(input, normalized_shape, weight?, bias?, { eps })`: normalizes over the last
 * `normalized_shape.length` dims, which must equal `normalized_shape`.
 *
 * @example
 * ```ts
 * const y = F.layer_norm(x, [768], gamma, beta); // x [..., 768]
 * ```
 */
export function layer_norm(input: Tensor, normalized_shape: number | readonly number[], weight?: Tensor | null, bias?: Tensor | null, opts?: Pick<LayerNormOptions, 'eps'>): Tensor;
export function layer_norm(input: Tensor, normalized_shape: number | readonly number[], opts?: LayerNormOptions): Tensor;
export function layer_norm(input: Tensor, normalized_shape: number | readonly number[], ...args: unknown[]): Tensor {
  const op = 'layer_norm';
  requireFloat(op, input);
  const o = parseArgs<LayerNormOptions>(op, args, ['weight', 'bias'], ['eps']);
  const ns = typeof normalized_shape === 'number' ? [normalized_shape] : normalized_shape;
  if (!Array.isArray(ns) || ns.length === 0 || ns.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ArgumentError(`${op}: normalized_shape must be a non-empty list of sizes, got ${describe(normalized_shape)}`);
  }
  const k = ns.length;
  if (input.ndim < k || ns.some((d, i) => input.shape[input.ndim - k + i] !== d)) {
    throw new ShapeError(`${op}: given normalized_shape=${fmtShape(ns)}, expected input with shape [*, ${ns.join(', ')}], but got input of size ${fmtShape(input.shape)}`);
  }
  const checkParam = (v: unknown, name: string): Tensor | null => {
    const t = optionalParam(op, v, name, ns.reduce((a, b) => a * b, 1), `of shape ${fmtShape(ns)}`);
    if (t && (t.ndim !== k || t.shape.some((d, i) => d !== ns[i]))) {
      throw new ShapeError(`${op}: expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${fmtShape(t.shape)} and normalized_shape = ${fmtShape(ns)}`);
    }
    return t;
  };
  const weight = checkParam(o.weight, 'weight');
  const bias = checkParam(o.bias, 'bias');
  sameBackend(op, { input, weight, bias });
  const eps = num(op, 'eps', o.eps ?? 1e-5);
  const axes = ns.map((_, i) => input.ndim - k + i);
  return halfInFloat32(input, weight, bias, (input, weight, bias) => scope(() => {
    let y = standardize(input, axes, eps).y;
    if (weight) y = y.mul(weight);
    return bias ? y.add(bias) : y;
  }));
}

/** Options of {@link group_norm}. */
export interface GroupNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Default 1e-5. */
  eps?: number;
}

/**
 * `F.group_norm(input, num_groups, weight?, bias?, { eps })`: splits the `C` channels of an
 * `(N, C, …)` input into `num_groups` groups and normalizes each group of each sample, then
 * applies the per-channel `weight` and `bias`.
 *
 * @example
 * ```ts
 * const y = F.group_norm(x, 8, gamma, beta); // x [N, 32, H, W]
 * ```
 */
export function group_norm(input: Tensor, num_groups: number, weight?: Tensor | null, bias?: Tensor | null, opts?: Pick<GroupNormOptions, 'eps'>): Tensor;
export function group_norm(input: Tensor, num_groups: number, opts?: GroupNormOptions): Tensor;
export function group_norm(input: Tensor, num_groups: number, ...args: unknown[]): Tensor {
  const op = 'group_norm';
  requireFloat(op, input);
  const o = parseArgs<GroupNormOptions>(op, args, ['weight', 'bias'], ['eps']);
  const g = num(op, 'num_groups', num_groups, { int: true, min: 1 });
  if (input.ndim < 2) throw new ShapeError(`${op}: expected a 2-D or higher (N, C, ...) input, got shape ${fmtShape(input.shape)}`);
  const [n, c] = [input.shape[0]!, input.shape[1]!];
  if (c % g !== 0) {
    throw new ShapeError(`${op}: expected number of channels in input to be divisible by num_groups, but got input of shape ${fmtShape(input.shape)} and num_groups=${g}`);
  }
  const weight = optionalParam(op, o.weight, 'weight', c, 'one per channel');
  const bias = optionalParam(op, o.bias, 'bias', c, 'one per channel');
  sameBackend(op, { input, weight, bias });
  const eps = num(op, 'eps', o.eps ?? 1e-5);
  const spatial = input.shape.slice(2).reduce((a, b) => a * b, 1);
  if ((n * c) / g * spatial === 1) {
    throw new ArgumentError(`${op}: expected more than 1 value per group, got input size ${fmtShape(input.shape)} with num_groups=${g}`);
  }
  return halfInFloat32(input, weight, bias, (input, weight, bias) => scope(() => {
    // An explicit group size: -1 cannot be inferred when the batch is empty.
    const y = standardize(input.reshape([n, g, (c / g) * spatial]), [2], eps).y.reshape([...input.shape]);
    return affine(y, weight, bias, channelShape(input.ndim, c));
  }));
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** The norm's exponent; default 2. */
  p?: number;
  /** Default 1. */
  dim?: number;
  /** The smallest denominator; default 1e-12. */
  eps?: number;
}

/**
 * `F.normalize(input, { p, dim, eps })`: `input / max(‖input‖_p, eps)` along `dim`.
 *
 * @example
 * ```ts
 * const unit = F.normalize(embeddings, { dim: -1 });
 * ```
 */
export function normalize(input: Tensor, opts?: NormalizeOptions): Tensor;
export function normalize(input: Tensor, p?: number, dim?: number, eps?: number): Tensor;
export function normalize(input: Tensor, ...args: unknown[]): Tensor {
  const op = 'normalize';
  requireFloat(op, input);
  const o = parseArgs<NormalizeOptions>(op, args, ['p', 'dim', 'eps']);
  const p = num(op, 'p', o.p ?? 2, { allowInf: true });
  const dim = normDim(op, num(op, 'dim', o.dim ?? 1, { int: true }), input.ndim);
  const eps = num(op, 'eps', o.eps ?? 1e-12);
  return scope(() => input.div(input.norm(p, dim, true).clamp(eps).expand([...input.shape])));
}
