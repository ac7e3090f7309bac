/**
 * `Adam`: adaptive moment estimation (Kingma & Ba), with AMSGrad, L2 weight decay and
 * maximisation; PyTorch 1.13's single-tensor update. `AdamW` shares the moment update.
 */
import { type Tensor, untrack, zeros_like } from '@proj/tensor';
import { betas, boolean, nonNegative } from './check.js';
import { addScaled_, addcdiv_, addcmul_ } from './ops.js';
import { type GroupOf, Optimizer } from './optimizer.js';
import type { OptimizerState } from './state.js';
import type { Params } from './types.js';

export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  lr: number;
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: readonly [number, number];
  /** Added to the denominator for numerical stability. Default 1e-8. */
  eps: number;
  /** Weight decay: L2 penalty for Adam (default 0), decoupled decay for AdamW (default 1e-2). */
  weight_decay: number;
  /** Use the AMSGrad variant (the running maximum of the second moment). Default false. */
  amsgrad: boolean;
  /** Maximise the objective instead of minimising it. Default false. */
  maximize: boolean;
}

/** Adam's and AdamW's per-parameter state. `step` counts steps (PyTorch keeps a 0-d tensor). */
export type AdamState = {
  step: number;
  exp_avg: Tensor;
  exp_avg_sq: Tensor;
  max_exp_avg_sq?: Tensor;
};

export function adamValidator(name: string) {
  return (o: Partial<AdamOptions>): void => {
    if (o.lr !== undefined) nonNegative(name, 'lr', 'learning rate', o.lr);
    if (o.eps !== undefined) nonNegative(name, 'eps', 'epsilon value', o.eps);
    if (o.betas !== undefined) betas(name, o.betas);
    if (o.weight_decay !== undefined) nonNegative(name, 'weight_decay', 'weight_decay value', o.weight_decay);
    if (o.amsgrad !== undefined) boolean(name, 'amsgrad', o.amsgrad);
    if (o.maximize !== undefined) boolean(name, 'maximize', o.maximize);
  };
}

const kept = (t: Tensor): Tensor => (untrack(t), t);

/** The state of `param`, created (or completed, if `amsgrad` was switched on later) lazily. */
export function adamState(state: OptimizerState<AdamState>, param: Tensor, amsgrad: boolean): AdamState {
  let s = state.get(param);
  if (!s) {
    s = { step: 0, exp_avg: kept(zeros_like(param)), exp_avg_sq: kept(zeros_like(param)) };
    state.set(param, s);
  }
  if (amsgrad && !s.max_exp_avg_sq) s.max_exp_avg_sq = kept(zeros_like(param));
  return s;
}

/** The moment updates and the parameter step shared by Adam and AdamW (`grad` already decayed). */
export function adamUpdate(param: Tensor, grad: Tensor, s: AdamState, group: GroupOf<AdamOptions>): void {
  const { lr, eps, amsgrad } = group;
  const [beta1, beta2] = group.betas;
  addScaled_(s.exp_avg.mul_(beta1), grad, 1 - beta1);
  addcmul_(s.exp_avg_sq.mul_(beta2), grad, grad, 1 - beta2);
  const step = s.step;
  const bias_correction1 = 1 - beta1 ** step;
  const bias_correction2 = 1 - beta2 ** step;
  const step_size = lr / bias_correction1;
  const bias_correction2_sqrt = Math.sqrt(bias_correction2);
  let second = s.exp_avg_sq;
  if (amsgrad) second = s.max_exp_avg_sq!.maximum_(s.exp_avg_sq);
  const denom = second.sqrt().div(bias_correction2_sqrt).add_(eps);
  addcdiv_(param, s.exp_avg, denom, -step_size);
}

/**
 * Adam, `torch.optim.Adam`: per-parameter step sizes from running estimates of the first and
 * second moments of the gradient, bias-corrected. `weight_decay` adds `λθ` to the gradient (L2);
 * see {@link AdamW} for decoupled decay.
 *
 * @example
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 * for (const [x, y] of batches) {
 *   opt.zero_grad();
 *   F.cross_entropy(model.forward(x), y).backward();
 *   opt.step();
 * }
 * ```
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, options, {
      name: 'Adam',
      defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false },
      validate: adamValidator('Adam'),
    });
  }

  protected override _update(param: Tensor, grad: Tensor, group: GroupOf<AdamOptions>): void {
    let g = group.maximize ? grad.neg() : grad;
    const s = adamState(this.state, param, group.amsgrad);
    s.step += 1;
    if (group.weight_decay !== 0) g = g.add(param.mul(group.weight_decay));
    adamUpdate(param, g, s, group);
  }
}
