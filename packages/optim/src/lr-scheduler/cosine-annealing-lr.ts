/**
 * `CosineAnnealingLR`: cosine annealing from the initial learning rate to `eta_min` over `T_max`
 * epochs, in PyTorch 1.13's recursive form (each lr is computed from the group's current lr).
 */
import { ArgumentError } from '@proj/tensor';
import { knownKeys } from '../check.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';

export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** The minimum learning rate. Default 0. */
  eta_min?: number;
}

/**
 * Anneals each group's learning rate along a cosine from its initial value to `eta_min` over
 * `T_max` epochs, `torch.optim.lr_scheduler.CosineAnnealingLR` (without restarts: past `T_max`
 * it rises again along the same cosine). Like PyTorch it updates recursively, so it composes with
 * other changes to `lr`.
 *
 * @example
 * ```ts
 * const sched = new CosineAnnealingLR(opt, 100, { eta_min: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  T_max: number;
  eta_min: number;

  constructor(optimizer: SchedulableOptimizer, T_max: number, options: CosineAnnealingLROptions = {}) {
    knownKeys('CosineAnnealingLR', 'option', options, ['eta_min', 'last_epoch']);
    if (typeof T_max !== 'number' || !(T_max > 0) || T_max === Number.POSITIVE_INFINITY) {
      throw new ArgumentError(`CosineAnnealingLR: T_max must be a positive number, got ${String(T_max)}`);
    }
    const eta_min = options.eta_min ?? 0;
    if (typeof eta_min !== 'number' || !Number.isFinite(eta_min)) throw new ArgumentError(`CosineAnnealingLR: eta_min must be a finite number, got ${String(eta_min)}`);
    super(optimizer, options.last_epoch);
    this.T_max = T_max;
    this.eta_min = eta_min;
    this._initial_step();
  }

  get_lr(): number[] {
    const { T_max, eta_min, last_epoch: e } = this;
    const groups = this.optimizer.param_groups;
    if (e === 0) return groups.map((g) => g.lr);
    if (this._step_count === 1 && e > 0) {
      return this.base_lrs.map((base) => eta_min + ((base - eta_min) * (1 + Math.cos((e * Math.PI) / T_max))) / 2);
    }
    if ((e - 1 - T_max) % (2 * T_max) === 0) {
      return groups.map((g, i) => g.lr + ((this.base_lrs[i]! - eta_min) * (1 - Math.cos(Math.PI / T_max))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / T_max)) / (1 + Math.cos((Math.PI * (e - 1)) / T_max))) * (g.lr - eta_min) + eta_min,
    );
  }
}
