/**
 * `AdamW`: Adam with decoupled weight decay (Loshchilov & Hutter); PyTorch 1.13's single-tensor
 * update.
 */
import type { Tensor } from '@proj/tensor';
import { type AdamOptions, type AdamState, adamState, adamUpdate, adamValidator } from './adam.js';
import { type GroupOf, Optimizer } from './optimizer.js';
import type { Params } from './types.js';

/**
 * AdamW, `torch.optim.AdamW`: Adam whose weight decay shrinks the parameters directly,
 * `θ ← θ·(1 − lr·λ)`, before the Adam step, instead of adding `λθ` to the gradient. Its default
 * `weight_decay` is 1e-2.
 *
 * @example
 * ```ts
 * const opt = new AdamW(model.parameters(), { lr: 3e-4, weight_decay: 0.05 });
 * opt.zero_grad();
 * loss.backward();
 * opt.step();
 * ```
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, options, {
      name: 'AdamW',
      defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 1e-2, amsgrad: false, maximize: false },
      validate: adamValidator('AdamW'),
    });
  }

  protected override _update(param: Tensor, grad: Tensor, group: GroupOf<AdamOptions>): void {
    const g = group.maximize ? grad.neg() : grad;
    const s = adamState(this.state, param, group.amsgrad);
    s.step += 1;
    param.mul_(1 - group.lr * group.weight_decay);
    adamUpdate(param, g, s, group);
  }
}
