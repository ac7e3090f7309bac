/**
 * `Adagrad`: per-coordinate step sizes from the running sum of squared gradients; PyTorch
 * 1.13's single-tensor update.
 */
import { type Tensor, full_like, untrack } from '@proj/tensor';
import { boolean, nonNegative } from './check.js';
import { addcdiv_, addcmul_ } from './ops.js';
import { type GroupOf, Optimizer } from './optimizer.js';
import type { ParamGroupInput, Params } from './types.js';

export interface AdagradOptions {
  /** Learning rate. Default 1e-2. */
  lr: number;
  /** Learning-rate decay: step t uses `lr / (1 + (t − 1)·lr_decay)`. Default 0. */
  lr_decay: number;
  /** Weight decay (L2 penalty). Default 0. */
  weight_decay: number;
  /** The starting value of the squared-gradient sum. Default 0. */
  initial_accumulator_value: number;
  /** Added to the denominator for numerical stability. Default 1e-10. */
  eps: number;
  /** Maximise the objective instead of minimising it. Default false. */
  maximize: boolean;
}

/** Adagrad's per-parameter state, created with the group (as PyTorch does). */
export type AdagradState = { step: number; sum: Tensor };

function validate(o: Partial<AdagradOptions>): void {
  if (o.lr !== undefined) nonNegative('Adagrad', 'lr', 'learning rate', o.lr);
  if (o.lr_decay !== undefined) nonNegative('Adagrad', 'lr_decay', 'lr_decay value', o.lr_decay);
  if (o.weight_decay !== undefined) nonNegative('Adagrad', 'weight_decay', 'weight_decay value', o.weight_decay);
  if (o.initial_accumulator_value !== undefined) {
    nonNegative('Adagrad', 'initial_accumulator_value', 'initial_accumulator_value value', o.initial_accumulator_value);
  }
  if (o.eps !== undefined) nonNegative('Adagrad', 'eps', 'epsilon value', o.eps);
  if (o.maximize !== undefined) boolean('Adagrad', 'maximize', o.maximize);
}

/**
 * Adagrad, `torch.optim.Adagrad`: `s ← s + g²`, `θ ← θ − clr·g/(√s + ε)` with
 * `clr = lr / (1 + (t − 1)·lr_decay)`.
 *
 * @example
 * ```ts
 * const opt = new Adagrad(model.parameters(), { lr: 0.1, lr_decay: 1e-4 });
 * opt.zero_grad();
 * loss.backward();
 * opt.step();
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, options, {
      name: 'Adagrad',
      defaults: { lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, maximize: false },
      validate,
    });
  }

  /** Adds a group and creates its parameters' state (PyTorch creates it in the constructor only). */
  override add_param_group(param_group: ParamGroupInput<AdagradOptions>): void {
    super.add_param_group(param_group);
    const group = this.param_groups[this.param_groups.length - 1]!;
    for (const p of group.params) this._stateOf(p, () => this._init(p, group));
  }

  private _init(p: Tensor, group: GroupOf<AdagradOptions>): AdagradState {
    const sum = full_like(p, group.initial_accumulator_value);
    untrack(sum);
    return { step: 0, sum };
  }

  protected override _update(param: Tensor, grad: Tensor, group: GroupOf<AdagradOptions>): void {
    const { lr, lr_decay, weight_decay, eps, maximize } = group;
    const s = this._stateOf(param, () => this._init(param, group));
    s.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weight_decay !== 0) g = g.add(param.mul(weight_decay));
    const clr = lr / (1 + (s.step - 1) * lr_decay);
    addcmul_(s.sum, g, g, 1);
    const std = s.sum.sqrt().add_(eps);
    addcdiv_(param, g, std, -clr);
  }
}
