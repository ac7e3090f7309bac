/**
 * Losses. The regression losses live here; classification (`cross_entropy`, `nll_loss`),
 * probabilistic (`binary_cross_entropy*`, `kl_div`) and embedding losses in sibling files.
 */
import { ArgumentError, type Tensor, broadcastShapes, scope, where } from '@proj/tensor';
import { type Reduction, checkReduction, num, parseArgs, reduce, requireFloat, requireTensor, sameBackend } from './call-args.js';

export { cross_entropy, nll_loss, type CrossEntropyOptions, type NllLossOptions } from './loss-classification.js';
export { binary_cross_entropy, binary_cross_entropy_with_logits, kl_div, type BceOptions, type BceWithLogitsOptions, type KlDivOptions } from './loss-probabilistic.js';
export { cosine_embedding_loss, margin_ranking_loss, type MarginOptions } from './loss-embedding.js';
export type { Reduction } from './call-args.js';

/** Options of the losses that take only a reduction. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'` or `'none'` (per element). */
  reduction?: Reduction;
}

/** Checks an (input, target) pair that broadcasts elementwise; returns the parsed options. */
function pair<O extends ReductionOptions>(op: string, input: Tensor, target: Tensor, args: readonly unknown[], positional: (keyof O & string)[], keywords: (keyof O & string)[]): Partial<O> & { reduction: Reduction } {
  requireFloat(op, input);
  requireTensor(op, target, 'target');
  sameBackend(op, { input, target });
  const o = parseArgs<O>(op, args, positional, keywords);
  broadcastShapes(op, input.shape, target.shape);
  return { ...o, reduction: checkReduction(op, o.reduction ?? 'mean') };
}

/**
 * `F.mse_loss(input, target, { reduction })`: the squared error `(input − target)²`, averaged
 * by default. The two broadcast, as in PyTorch (which warns when their shapes differ).
 *
 * @example
 * ```ts
 * const loss = F.mse_loss(prediction, target);
 * ```
 */
export function mse_loss(input: Tensor, target: Tensor, opts?: ReductionOptions): Tensor;
export function mse_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = pair<ReductionOptions>('mse_loss', input, target, args, [], ['reduction']);
  return scope(() => {
    const d = input.sub(target);
    return reduce(d.mul(d), o.reduction);
  });
}

/**
 * `F.l1_loss(input, target, { reduction })`: the absolute error `|input − target|`; its
 * gradient at 0 is 0.
 *
 * @example
 * ```ts
 * const loss = F.l1_loss(prediction, target, { reduction: 'sum' });
 * ```
 */
export function l1_loss(input: Tensor, target: Tensor, opts?: ReductionOptions): Tensor;
export function l1_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = pair<ReductionOptions>('l1_loss', input, target, args, [], ['reduction']);
  return scope(() => reduce(input.sub(target).abs(), o.reduction));
}

/** Options of {@link smooth_l1_loss}. */
export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; ≥ 0, default 1 (0 is the L1 loss). */
  beta?: number;
}

/**
 * `F.smooth_l1_loss(input, target, { reduction, beta })`: `0.5·d²/beta` where `|d| < beta`,
 * else `|d| − 0.5·beta`, with `d = input − target`. `beta = 0` is the L1 loss.
 *
 * @example
 * ```ts
 * const loss = F.smooth_l1_loss(boxes, targets, { beta: 0.5 });
 * ```
 */
export function smooth_l1_loss(input: Tensor, target: Tensor, opts?: SmoothL1Options): Tensor;
export function smooth_l1_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = pair<SmoothL1Options>('smooth_l1_loss', input, target, args, [], ['reduction', 'beta']);
  const beta = num('smooth_l1_loss', 'beta', o.beta ?? 1, { allowInf: true });
  if (beta < 0) throw new ArgumentError(`smooth_l1_loss: does not support negative values for beta, got ${beta}`);
  return scope(() => {
    const d = input.sub(target);
    const ad = d.abs();
    // beta = 0 must not reach the quadratic branch: its 1/beta would poison the gradient with NaN.
    if (beta === 0) return reduce(ad, o.reduction);
    return reduce(where(ad.lt(beta), d.mul(d).mul(0.5 / beta), ad.sub(0.5 * beta)), o.reduction);
  });
}

/** Options of {@link huber_loss}. */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear; > 0, default 1. */
  delta?: number;
}

/**
 * `F.huber_loss(input, target, { reduction, delta })`: `0.5·d²` where `|d| < delta`, else
 * `delta·(|d| − 0.5·delta)`.
 *
 * @example
 * ```ts
 * const loss = F.huber_loss(prediction, target, { delta: 2 });
 * ```
 */
export function huber_loss(input: Tensor, target: Tensor, opts?: HuberOptions): Tensor;
export function huber_loss(input: Tensor, target: Tensor, reduction?: Reduction, delta?: number): Tensor;
export function huber_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const o = pair<HuberOptions>('huber_loss', input, target, args, ['reduction', 'delta'], []);
  const delta = num('huber_loss', 'delta', o.delta ?? 1, { allowInf: true });
  if (delta <= 0) throw new ArgumentError(`huber_loss: does not support non-positive values for delta, got ${delta}`);
  return scope(() => {
    const d = input.sub(target);
    const ad = d.abs();
    return reduce(where(ad.lt(delta), d.mul(d).mul(0.5), ad.sub(0.5 * delta).mul(delta)), o.reduction);
  });
}
