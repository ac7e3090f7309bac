/**
 * `SGD`: stochastic gradient descent with optional momentum, dampening, Nesterov momentum,
 * weight decay and maximisation; PyTorch 1.13's single-tensor update.
 */
import { ArgumentError, type Tensor, untrack } from '@proj/tensor';
import { boolean, notNaN, nonNegative } from './check.js';
import { addScaled_ } from './ops.js';
import { type GroupOf, Optimizer } from './optimizer.js';
import type { Params } from './types.js';

export interface SGDOptions {
  /** Learning rate (required, here or in every group). */
  lr: number;
  /** Momentum factor. Default 0. */
  momentum: number;
  /** Dampening for momentum. Default 0. */
  dampening: number;
  /** Weight decay (L2 penalty). Default 0. */
  weight_decay: number;
  /** Nesterov momentum (needs momentum > 0 and zero dampening). Default false. */
  nesterov: boolean;
  /** Maximise the objective instead of minimising it. Default false. */
  maximize: boolean;
}

/** SGD's per-parameter state: the momentum buffer (null until momentum is used, as in PyTorch). */
export type SGDState = { momentum_buffer: Tensor | null };

function validate(o: Partial<SGDOptions>): void {
  if (o.lr !== undefined) nonNegative('SGD', 'lr', 'learning rate', o.lr);
  if (o.momentum !== undefined) nonNegative('SGD', 'momentum', 'momentum value', o.momentum);
  if (o.weight_decay !== undefined) nonNegative('SGD', 'weight_decay', 'weight_decay value', o.weight_decay);
  if (o.dampening !== undefined) notNaN('SGD', 'dampening', o.dampening);
  if (o.nesterov !== undefined) boolean('SGD', 'nesterov', o.nesterov);
  if (o.maximize !== undefined) boolean('SGD', 'maximize', o.maximize);
  if (o.nesterov && ((o.momentum ?? 0) <= 0 || (o.dampening ?? 0) !== 0)) {
    throw new ArgumentError(
      `SGD: Nesterov momentum requires a momentum and zero dampening (got momentum=${o.momentum ?? 0}, dampening=${o.dampening ?? 0})`,
    );
  }
}

/**
 * Stochastic gradient descent (optionally with momentum), `torch.optim.SGD`.
 *
 * With momentum μ, dampening τ and weight decay λ, each step computes
 * `g ← ∇ + λθ; b ← μb + (1 − τ)g` (`b ← g` on the first step); `g ← g + μb` (Nesterov) or
 * `g ← b`; `θ ← θ − lr·g`.
 *
 * @example
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zero_grad();
 * loss.backward();
 * opt.step();
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, options, {
      name: 'SGD',
      defaults: { lr: undefined, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false },
      validate,
    });
  }

  protected override _update(param: Tensor, grad: Tensor, group: GroupOf<SGDOptions>): void {
    const { lr, momentum, dampening, weight_decay, nesterov, maximize } = group;
    const state = this._stateOf(param, () => ({ momentum_buffer: null }));
    let d_p = maximize ? grad.neg() : grad;
    if (weight_decay !== 0) d_p = d_p.add(param.mul(weight_decay));
    if (momentum !== 0) {
      let buf = state.momentum_buffer;
      if (buf === null) {
        buf = d_p.clone();
        untrack(buf);
        state.momentum_buffer = buf;
      } else addScaled_(buf.mul_(momentum), d_p, 1 - dampening);
      d_p = nesterov ? d_p.add(buf.mul(momentum)) : buf;
    }
    addScaled_(param, d_p, -lr);
  }
}
