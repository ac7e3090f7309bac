/**
 * `ExponentialLR`: multiply the learning rate by `gamma` every epoch.
 */
import { knownKeys } from '../check.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';
import { checkGamma } from './step-lr.js';

/**
 * Decays each group's learning rate by `gamma` every epoch, `torch.optim.lr_scheduler.ExponentialLR`.
 *
 * @example
 * ```ts
 * const sched = new ExponentialLR(opt, 0.95);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, gamma: number, options: SchedulerOptions = {}) {
    knownKeys('ExponentialLR', 'option', options, ['last_epoch']);
    const g = checkGamma('ExponentialLR', gamma);
    super(optimizer, options.last_epoch);
    this.gamma = g;
    this._initial_step();
  }

  get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
}
