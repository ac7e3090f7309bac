/**
 * `StepLR` and `MultiStepLR`: multiply the learning rate by `gamma` every `step_size` epochs, or
 * at given milestones; PyTorch 1.13's chainable forms.
 */
import { ArgumentError } from '@proj/tensor';
import { knownKeys } from '../check.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerOptions } from './scheduler.js';

export interface StepLROptions extends SchedulerOptions {
  /** The factor applied at each decay. Default 0.1. */
  gamma?: number;
}

export function checkGamma(name: string, gamma: unknown): number {
  if (typeof gamma !== 'number' || Number.isNaN(gamma)) throw new ArgumentError(`${name}: gamma must be a number, got ${String(gamma)}`);
  if (!Number.isFinite(gamma)) throw new ArgumentError(`${name}: gamma must be finite, got ${gamma}`);
  return gamma;
}

/**
 * Decays each group's learning rate by `gamma` every `step_size` epochs, `torch.optim.lr_scheduler.StepLR`.
 *
 * @example
 * ```ts
 * // lr = 0.05 for epochs 0–29, 0.005 for 30–59, 0.0005 for 60–89, …
 * const sched = new StepLR(opt, 30, { gamma: 0.1 });
 * ```
 */
export class StepLR extends LRScheduler {
  step_size: number;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, step_size: number, options: StepLROptions = {}) {
    knownKeys('StepLR', 'option', options, ['gamma', 'last_epoch']);
    // Checked before super() records initial_lr in the groups: a refused scheduler changes nothing.
    if (typeof step_size !== 'number' || !Number.isInteger(step_size) || step_size < 1) {
      throw new ArgumentError(`StepLR: step_size must be a positive integer, got ${String(step_size)}`);
    }
    const gamma = checkGamma('StepLR', options.gamma ?? 0.1);
    super(optimizer, options.last_epoch);
    this.step_size = step_size;
    this.gamma = gamma;
    this._initial_step();
  }

  get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    if (this.last_epoch === 0 || this.last_epoch % this.step_size !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
}

/**
 * Decays each group's learning rate by `gamma` at each milestone epoch (a milestone listed twice
 * decays by `gamma²`), `torch.optim.lr_scheduler.MultiStepLR`.
 *
 * @example
 * ```ts
 * // lr = 0.05 until epoch 30, 0.005 until epoch 80, then 0.0005
 * const sched = new MultiStepLR(opt, [30, 80], { gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** How many times each milestone epoch was listed (PyTorch's `Counter`). */
  milestones: Record<number, number>;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, milestones: Iterable<number>, options: StepLROptions = {}) {
    knownKeys('MultiStepLR', 'option', options, ['gamma', 'last_epoch']);
    if (milestones === null || typeof milestones !== 'object' || !(Symbol.iterator in milestones)) {
      throw new ArgumentError(`MultiStepLR: milestones must be a list of epochs, got ${String(milestones)}`);
    }
    const counts: Record<number, number> = {};
    for (const m of milestones) {
      if (typeof m !== 'number' || !Number.isInteger(m)) throw new ArgumentError(`MultiStepLR: milestones must be integers, got ${String(m)}`);
      counts[m] = (counts[m] ?? 0) + 1;
    }
    const gamma = checkGamma('MultiStepLR', options.gamma ?? 0.1);
    super(optimizer, options.last_epoch);
    this.milestones = counts;
    this.gamma = gamma;
    this._initial_step();
  }

  get_lr(): number[] {
    const groups = this.optimizer.param_groups;
    const n = this.milestones[this.last_epoch];
    if (n === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** n);
  }
}
