/**
 * `OneCycleLR`: the 1cycle policy (Smith & Topin): the learning rate rises from
 * `max_lr/div_factor` to `max_lr`, then anneals far below the start, while momentum moves the
 * opposite way; PyTorch 1.13's formulas and phase boundaries.
 */
import { ArgumentError, StateError } from '@proj/tensor';
import { knownKeys } from '../check.js';
import type { ParamGroup } from '../types.js';
import { LRScheduler, type SchedulableOptimizer, checkOptimizer, type SchedulerOptions } from './scheduler.js';

export interface OneCycleLROptions extends SchedulerOptions {
  /** The number of steps in the cycle; or give `epochs` and `steps_per_epoch`. */
  total_steps?: number | null;
  epochs?: number | null;
  steps_per_epoch?: number | null;
  /** The fraction of the cycle spent increasing the learning rate. Default 0.3. */
  pct_start?: number;
  /** `'cos'` (default) or `'linear'` annealing. */
  anneal_strategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's beta1) inversely to the learning rate. Default true. */
  cycle_momentum?: boolean;
  /** The lowest momentum, per group or for all. Default 0.85. */
  base_momentum?: number | readonly number[];
  /** The highest momentum, per group or for all. Default 0.95. */
  max_momentum?: number | readonly number[];
  /** `initial_lr = max_lr / div_factor`. Default 25. */
  div_factor?: number;
  /** `min_lr = initial_lr / final_div_factor`. Default 1e4. */
  final_div_factor?: number;
  /** A third phase annihilates the learning rate (fastai's schedule). Default false. */
  three_phase?: boolean;
}

/** One phase of the cycle: where it ends, and the group entries it anneals between. */
export interface OneCyclePhase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

const OPTIONS = [
  'total_steps', 'epochs', 'steps_per_epoch', 'pct_start', 'anneal_strategy', 'cycle_momentum', 'base_momentum',
  'max_momentum', 'div_factor', 'final_div_factor', 'three_phase', 'last_epoch',
];

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function perGroup(name: string, groups: readonly ParamGroup[], v: number | readonly number[]): number[] {
  if (Array.isArray(v)) {
    if (v.length !== groups.length) throw new ArgumentError(`OneCycleLR: expected ${groups.length} values for ${name}, got ${v.length}`);
    return [...(v as readonly number[])];
  }
  return groups.map(() => v as number);
}

function phase(end_step: number, lr: [string, string], momentum: [string, string]): OneCyclePhase {
  return { end_step, start_lr: lr[0], end_lr: lr[1], start_momentum: momentum[0], end_momentum: momentum[1] };
}

/**
 * The 1cycle learning-rate policy, `torch.optim.lr_scheduler.OneCycleLR`. Call `step()` after
 * every batch (not every epoch).
 *
 * @example
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const sched = new OneCycleLR(opt, 1.0, { epochs: 10, steps_per_epoch: batches.length });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const batch of batches) {
 *     trainBatch(opt, batch);
 *     sched.step();
 *   }
 * }
 * ```
 */
export class OneCycleLR extends LRScheduler {
  total_steps: number;
  _schedule_phases: OneCyclePhase[];
  _anneal_func_type: 'cos' | 'linear';
  cycle_momentum: boolean;
  use_beta1?: boolean;

  constructor(optimizer: SchedulableOptimizer, max_lr: number | readonly number[], options: OneCycleLROptions = {}) {
    checkOptimizer('OneCycleLR', optimizer);
    knownKeys('OneCycleLR', 'option', options, OPTIONS);
    const { total_steps = null, epochs = null, steps_per_epoch = null, pct_start = 0.3, anneal_strategy = 'cos' } = options;
    const { cycle_momentum = true, base_momentum = 0.85, max_momentum = 0.95, div_factor = 25, final_div_factor = 1e4 } = options;
    const last_epoch = options.last_epoch ?? -1;
    let total: number;
    if (total_steps === null && epochs === null && steps_per_epoch === null) {
      throw new ArgumentError('OneCycleLR: You must define either total_steps OR (epochs AND steps_per_epoch)');
    } else if (total_steps !== null) {
      if (!positiveInt(total_steps)) throw new ArgumentError(`OneCycleLR: Expected positive integer total_steps, but got ${String(total_steps)}`);
      total = total_steps;
    } else {
      if (!positiveInt(epochs)) throw new ArgumentError(`OneCycleLR: Expected positive integer epochs, but got ${String(epochs)}`);
      if (!positiveInt(steps_per_epoch)) {
        throw new ArgumentError(`OneCycleLR: Expected positive integer steps_per_epoch, but got ${String(steps_per_epoch)}`);
      }
      total = epochs * steps_per_epoch;
    }
    const phases = options.three_phase
      ? [
          phase(pct_start * total - 1, ['initial_lr', 'max_lr'], ['max_momentum', 'base_momentum']),
          phase(2 * pct_start * total - 2, ['max_lr', 'initial_lr'], ['base_momentum', 'max_momentum']),
          phase(total - 1, ['initial_lr', 'min_lr'], ['max_momentum', 'max_momentum']),
        ]
      : [
          phase(pct_start * total - 1, ['initial_lr', 'max_lr'], ['max_momentum', 'base_momentum']),
          phase(total - 1, ['max_lr', 'min_lr'], ['base_momentum', 'max_momentum']),
        ];
    if (typeof pct_start !== 'number' || !(pct_start >= 0 && pct_start <= 1)) {
      throw new ArgumentError(`OneCycleLR: Expected float between 0 and 1 pct_start, but got ${String(pct_start)}`);
    }
    if (anneal_strategy !== 'cos' && anneal_strategy !== 'linear') {
      throw new ArgumentError(`OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got ${String(anneal_strategy)}`);
    }
    const groups = optimizer.param_groups;
    const max_lrs = perGroup('max_lr', groups, max_lr);
    // Every learning rate of the cycle derives from these: NaN, infinity or a zero divisor would
    // only surface as NaN parameters after the first step.
    max_lrs.forEach((v, i) => {
      if (typeof v !== 'number' || !(v >= 0) || v === Number.POSITIVE_INFINITY) {
        throw new ArgumentError(`OneCycleLR: max_lr must be a finite number >= 0, got ${String(v)} for param_groups[${i}]`);
      }
    });
    for (const [key, v] of [['div_factor', div_factor], ['final_div_factor', final_div_factor]] as const) {
      if (typeof v !== 'number' || !(v > 0) || v === Number.POSITIVE_INFINITY) {
        throw new ArgumentError(`OneCycleLR: ${key} must be a finite number > 0, got ${String(v)}`);
      }
    }
    const use_beta1 = cycle_momentum ? 'betas' in optimizer.defaults : false;
    if (cycle_momentum && !use_beta1 && !('momentum' in optimizer.defaults)) {
      throw new ArgumentError('OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled');
    }
    const max_ms = cycle_momentum ? perGroup('max_momentum', groups, max_momentum) : [];
    const base_ms = cycle_momentum ? perGroup('base_momentum', groups, base_momentum) : [];
    for (const [key, list] of [['max_momentum', max_ms], ['base_momentum', base_ms]] as const) {
      const bad = list.find((v) => typeof v !== 'number' || !Number.isFinite(v));
      if (bad !== undefined) throw new ArgumentError(`OneCycleLR: ${key} must be a finite number, got ${String(bad)}`);
    }
    if (last_epoch === -1) {
      groups.forEach((g, i) => {
        g.initial_lr = max_lrs[i]! / div_factor;
        g.max_lr = max_lrs[i]!;
        g.min_lr = g.initial_lr / final_div_factor;
        if (!cycle_momentum) return;
        if (use_beta1) g.betas = [max_ms[i]!, ...(g.betas as number[]).slice(1)];
        else g.momentum = max_ms[i]!;
        g.max_momentum = max_ms[i]!;
        g.base_momentum = base_ms[i]!;
      });
    }
    super(optimizer, last_epoch);
    this.total_steps = total;
    this._schedule_phases = phases;
    this._anneal_func_type = anneal_strategy;
    this.cycle_momentum = cycle_momentum;
    if (cycle_momentum) this.use_beta1 = use_beta1;
    this._initial_step();
  }

  private _anneal(start: number, end: number, pct: number): number {
    if (this._anneal_func_type === 'linear') return (end - start) * pct + start;
    const cos_out = Math.cos(Math.PI * pct) + 1;
    return end + ((start - end) / 2.0) * cos_out;
  }

  get_lr(): number[] {
    const step_num = this.last_epoch;
    if (step_num > this.total_steps) {
      throw new StateError(`OneCycleLR: Tried to step ${step_num + 1} times. The specified number of total steps is ${this.total_steps}`);
    }
    return this.optimizer.param_groups.map((group) => {
      const at = (key: string): number => group[key] as number;
      const phases = this._schedule_phases;
      let start_step = 0;
      for (let i = 0; i < phases.length; i++) {
        const p = phases[i]!;
        if (step_num <= p.end_step || i === phases.length - 1) {
          const pct = (step_num - start_step) / (p.end_step - start_step);
          if (this.cycle_momentum) {
            const m = this._anneal(at(p.start_momentum), at(p.end_momentum), pct);
            if (this.use_beta1) group.betas = [m, ...(group.betas as number[]).slice(1)];
            else group.momentum = m;
          }
          return this._anneal(at(p.start_lr), at(p.end_lr), pct);
        }
        start_step = p.end_step;
      }
      return group.lr;
    });
  }
}
