/**
 * `RMSprop`: gradients divided by a running root mean square, optionally centred and with
 * momentum; PyTorch 1.13's single-tensor update.
 */
import { type Tensor, untrack, zeros_like } from '@proj/tensor';
import { boolean, nonNegative } from './check.js';
import { addScaled_, addcdiv_, addcmul_ } from './ops.js';
import { type GroupOf, Optimizer } from './optimizer.js';
import type { Params } from './types.js';

export interface RMSpropOptions {
  /** Learning rate. Default 1e-2. */
  lr: number;
  /** Smoothing constant of the squared-gradient average. Default 0.99. */
  alpha: number;
  /** Added to the denominator for numerical stability. Default 1e-8. */
  eps: number;
  /** Weight decay (L2 penalty). Default 0. */
  weight_decay: number;
  /** Momentum factor. Default 0. */
  momentum: number;
  /** Normalise by the estimated variance (subtracting the squared mean gradient). Default false. */
  centered: boolean;
  /** Maximise the objective instead of minimising it. Default false. */
  maximize: boolean;
}

/** RMSprop's per-parameter state, PyTorch's keys. */
export type RMSpropState = {
  step: number;
  square_avg: Tensor;
  momentum_buffer?: Tensor;
  grad_avg?: Tensor;
};

function validate(o: Partial<RMSpropOptions>): void {
  if (o.lr !== undefined) nonNegative('RMSprop', 'lr', 'learning rate', o.lr);
  if (o.eps !== undefined) nonNegative('RMSprop', 'eps', 'epsilon value', o.eps);
  if (o.momentum !== undefined) nonNegative('RMSprop', 'momentum', 'momentum value', o.momentum);
  if (o.weight_decay !== undefined) nonNegative('RMSprop', 'weight_decay', 'weight_decay value', o.weight_decay);
  if (o.alpha !== undefined) nonNegative('RMSprop', 'alpha', 'alpha value', o.alpha);
  if (o.centered !== undefined) boolean('RMSprop', 'centered', o.centered);
  if (o.maximize !== undefined) boolean('RMSprop', 'maximize', o.maximize);
}

const zeros = (p: Tensor): Tensor => {
  const t = zeros_like(p);
  untrack(t);
  return t;
};

/**
 * RMSprop, `torch.optim.RMSprop`: `v ← αv + (1 − α)g²`, then `θ ← θ − lr·g/(√v + ε)`
 * (with `centered`, `v` minus the squared running mean of `g`; with momentum, through a buffer).
 *
 * @example
 * ```ts
 * const opt = new RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9, centered: true });
 * opt.zero_grad();
 * loss.backward();
 * opt.step();
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, options, {
      name: 'RMSprop',
      defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false },
      validate,
    });
  }

  protected override _update(param: Tensor, grad: Tensor, group: GroupOf<RMSpropOptions>): void {
    const { lr, alpha, eps, weight_decay, momentum, centered, maximize } = group;
    const s = this._stateOf(param, () => ({ step: 0, square_avg: zeros(param) }));
    // Buffers a group gains after its first step (a scheduler raising momentum) start at zero.
    if (momentum > 0 && !s.momentum_buffer) s.momentum_buffer = zeros(param);
    if (centered && !s.grad_avg) s.grad_avg = zeros(param);
    s.step += 1;

    let g = maximize ? grad.neg() : grad;
    if (weight_decay !== 0) g = g.add(param.mul(weight_decay));
    addcmul_(s.square_avg.mul_(alpha), g, g, 1 - alpha);
    let avg: Tensor;
    if (centered) {
      const grad_avg = addScaled_(s.grad_avg!.mul_(alpha), g, 1 - alpha);
      avg = addcmul_(s.square_avg.clone(), grad_avg, grad_avg, -1).sqrt_();
    } else avg = s.square_avg.sqrt();
    avg.add_(eps);
    if (momentum > 0) {
      const buf = addcdiv_(s.momentum_buffer!.mul_(momentum), g, avg, 1);
      addScaled_(param, buf, -lr);
    } else addcdiv_(param, g, avg, -lr);
  }
}
