/**
 * `LRScheduler`: the base of the learning-rate schedulers, PyTorch 1.13's `_LRScheduler`. It
 * records each group's `initial_lr`, counts epochs, and writes `get_lr()`'s values into the
 * optimiser's groups on every `step()`.
 */
import { ArgumentError, StateError } from '@proj/tensor';
import type { ParamGroup } from '../types.js';

/** An optimiser of any kind, as schedulers see it: groups with a mutable `lr`. */
export interface SchedulableOptimizer {
  param_groups: ParamGroup[];
  readonly defaults: Readonly<object>;
}

/** Options every scheduler takes. */
export interface SchedulerOptions {
  /** The index of the last epoch when resuming; -1 (the default) starts afresh. */
  last_epoch?: number;
}

/** A scheduler's `state_dict()`: its fields, PyTorch's keys (`last_epoch`, `base_lrs`, `_last_lr`…). */
export type SchedulerStateDict = Record<string, unknown>;

/** Fields that are not state: the optimiser, and functions (LambdaLR's lambdas). */
const NOT_STATE = new Set(['optimizer', 'lr_lambdas']);

const copy = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(copy) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v;

/** Throws unless `optimizer` looks like an optimiser (groups and defaults). */
export function checkOptimizer(name: string, optimizer: unknown): asserts optimizer is SchedulableOptimizer {
  const o = optimizer as Partial<SchedulableOptimizer> | null;
  if (!o || typeof o !== 'object' || !Array.isArray(o.param_groups) || typeof o.defaults !== 'object') {
    throw new ArgumentError(`${name}: expected an optimizer, got ${o === null ? 'null' : typeof o}`);
  }
}

/**
 * The base class of the learning-rate schedulers. A subclass sets its own fields, then calls
 * `this._initial_step()` at the end of its constructor (which performs PyTorch's initial
 * `step()`), and implements `get_lr()`.
 *
 * @example
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1 });
 * const sched = new lr_scheduler.StepLR(opt, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(opt);
 *   sched.step();
 * }
 * ```
 */
export abstract class LRScheduler {
  readonly optimizer: SchedulableOptimizer;
  /** Each group's `initial_lr`. */
  base_lrs: number[];
  /** The number of `step()` calls since epoch 0 (-1 before the initial step). */
  last_epoch: number;
  _step_count = 0;
  _last_lr: number[] = [];

  constructor(optimizer: SchedulableOptimizer, last_epoch = -1) {
    const name = new.target.name;
    checkOptimizer(name, optimizer);
    if (typeof last_epoch !== 'number' || !Number.isInteger(last_epoch) || last_epoch < -1) {
      throw new ArgumentError(`${name}: last_epoch must be an integer >= -1, got ${String(last_epoch)}`);
    }
    this.optimizer = optimizer;
    if (last_epoch === -1) {
      for (const g of optimizer.param_groups) if (g.initial_lr === undefined) g.initial_lr = g.lr;
    } else {
      optimizer.param_groups.forEach((g, i) => {
        if (g.initial_lr === undefined) {
          throw new StateError(`${name}: param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr!);
    this.last_epoch = last_epoch;
  }

  /** PyTorch's initial step: call it last in a subclass constructor. */
  protected _initial_step(): void {
    this._step_count = 0;
    this.step();
  }

  /**
   * The learning rates of the next epoch (`last_epoch` has just been advanced). Chainable
   * schedulers compute them from the groups' current `lr`, so call `step()`, not this, and read
   * `get_last_lr()`.
   */
  abstract get_lr(): number[];

  /** Advances one epoch and sets each group's `lr`. Call it after `optimizer.step()`. */
  step(): void {
    this._step_count += 1;
    this.last_epoch += 1;
    const values = this.get_lr();
    this.optimizer.param_groups.forEach((g, i) => {
      g.lr = values[i]!;
    });
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  /** The learning rates the last `step()` set, one per group. */
  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  /** The scheduler's state: every field but the optimiser (and functions), as in PyTorch. */
  state_dict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) if (!NOT_STATE.has(k) && typeof v !== 'function' && v !== undefined) out[k] = copy(v);
    return out;
  }

  /** Restores the fields saved by `state_dict()` (keys this scheduler does not have are ignored). */
  load_state_dict(state_dict: SchedulerStateDict): void {
    if (state_dict === null || typeof state_dict !== 'object') {
      throw new ArgumentError(`${this.constructor.name}: load_state_dict expects an object, got ${String(state_dict)}`);
    }
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(state_dict)) if (!NOT_STATE.has(k) && Object.hasOwn(this, k)) self[k] = copy(v);
  }
}
