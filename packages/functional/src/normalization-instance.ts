/**
 * `F.instance_norm`: per-sample, per-channel normalization over the spatial dims, with optional
 * running statistics (averaged over the batch, as PyTorch).
 */
import { ArgumentError, fmtShape, scope, ShapeError, type Tensor } from '@proj/tensor';
import { num, parseArgs, requireFloat, sameBackend } from './call-args.js';
import { affine, channelShape, halfInFloat32, optionalParam, standardize, updateRunning } from './normalization-stats.js';

/** Options of {@link instance_norm}. */
export interface InstanceNormOptions {
  running_mean?: Tensor | null;
  running_var?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalize with each instance's statistics (default true) or with the running ones. */
  use_input_stats?: boolean;
  /** The running-average factor; default 0.1. */
  momentum?: number;
  /** Default 1e-5. */
  eps?: number;
}

/**
 * `F.instance_norm(input, running_mean?, running_var?, weight?, bias?, { use_input_stats, momentum, eps })`
 * on an `(N, C, …)` input: each `(n, c)` slice is normalized over its spatial dims. With
 * `use_input_stats` (the default) the running statistics, when given, are updated in place with
 * the batch average of the per-instance mean and unbiased variance; without it they are used to
 * normalize. Every argument after `input` may also be passed by name in the options.
 *
 * @example
 * ```ts
 * const y = F.instance_norm(x, { weight: gamma, bias: beta });
 * ```
 */
export function instance_norm(
  input: Tensor,
  running_mean?: Tensor | null,
  running_var?: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  opts?: Pick<InstanceNormOptions, 'use_input_stats' | 'momentum' | 'eps'>,
): Tensor;
export function instance_norm(input: Tensor, opts?: InstanceNormOptions): Tensor;
export function instance_norm(input: Tensor, ...args: unknown[]): Tensor {
  const op = 'instance_norm';
  requireFloat(op, input);
  const o = parseArgs<InstanceNormOptions>(op, args, ['running_mean', 'running_var', 'weight', 'bias'], ['use_input_stats', 'momentum', 'eps']);
  if (input.ndim < 2) throw new ShapeError(`${op}: expected a 2-D or higher (N, C, ...) input, got shape ${fmtShape(input.shape)}`);
  const [n, c] = [input.shape[0]!, input.shape[1]!];
  const rm = optionalParam(op, o.running_mean, 'running_mean', c, 'one per channel');
  const rv = optionalParam(op, o.running_var, 'running_var', c, 'one per channel');
  const weight = optionalParam(op, o.weight, 'weight', c, 'one per channel');
  const bias = optionalParam(op, o.bias, 'bias', c, 'one per channel');
  sameBackend(op, { input, running_mean: rm, running_var: rv, weight, bias });
  const useInput = o.use_input_stats ?? true;
  const momentum = num(op, 'momentum', o.momentum ?? 0.1);
  const eps = num(op, 'eps', o.eps ?? 1e-5);
  const spatial = input.shape.slice(2).reduce((a, b) => a * b, 1);
  if (useInput && spatial === 1) {
    throw new ArgumentError(`${op}: expected more than 1 spatial element when use_input_stats is true, got input size ${fmtShape(input.shape)}`);
  }
  if (!useInput && (!rm || !rv)) {
    throw new ArgumentError(`${op}: running_mean and running_var must be given when use_input_stats is false`);
  }
  const shape = channelShape(input.ndim, c);
  return halfInFloat32(input, weight, bias, (input, weight, bias) => scope(() => {
    if (!useInput) {
      const y = input.sub(rm!.reshape(shape)).mul(rv!.reshape(shape).add(eps).rsqrt());
      return affine(y, weight, bias, shape);
    }
    const axes = input.shape.map((_, i) => i).slice(2);
    const { y, mean, variance } = standardize(input, axes, eps);
    if (rm) updateRunning(rm, mean.detach().reshape([n, c]).mean(0), momentum);
    if (rv) updateRunning(rv, variance.detach().reshape([n, c]).mean(0).mul(spatial / (spatial - 1)), momentum);
    return affine(y, weight, bias, shape);
  }));
}
