/**
 * `LambdaLR`: the learning rate is the initial one times a function of the epoch.
 */
import { ArgumentError } from '@proj/tensor';
import { knownKeys } from '../check.js';
import { LRScheduler, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict, checkOptimizer } from './scheduler.js';

/** A multiplicative factor as a function of the epoch. */
export type LRLambda = (epoch: number) => number;

/**
 * Sets each group's learning rate to `initial_lr · lr_lambda(epoch)`,
 * `torch.optim.lr_scheduler.LambdaLR`. Pass one function, or one per parameter group.
 *
 * @example
 * ```ts
 * const sched = new LambdaLR(opt, (epoch) => 0.95 ** epoch);
 * const warmup = new LambdaLR(opt, [(e) => Math.min(1, (e + 1) / 5), (e) => 1 / (1 + 0.1 * e)]);
 * ```
 */
export class LambdaLR extends LRScheduler {
  lr_lambdas: LRLambda[];

  constructor(optimizer: SchedulableOptimizer, lr_lambda: LRLambda | readonly LRLambda[], options: SchedulerOptions = {}) {
    knownKeys('LambdaLR', 'option', options, ['last_epoch']);
    // Checked before super() records initial_lr in the groups: a refused scheduler changes nothing.
    checkOptimizer('LambdaLR', optimizer);
    const n = optimizer.param_groups.length;
    let fns: LRLambda[];
    if (typeof lr_lambda === 'function') fns = Array.from({ length: n }, () => lr_lambda);
    else if (Array.isArray(lr_lambda)) {
      if (lr_lambda.length !== n) throw new ArgumentError(`LambdaLR: Expected ${n} lr_lambdas, but got ${lr_lambda.length}`);
      fns = [...(lr_lambda as readonly LRLambda[])];
    } else throw new ArgumentError(`LambdaLR: lr_lambda must be a function or an array of functions, got ${typeof lr_lambda}`);
    fns.forEach((f, i) => {
      if (typeof f !== 'function') throw new ArgumentError(`LambdaLR: lr_lambda[${i}] must be a function, got ${typeof f}`);
    });
    super(optimizer, options.last_epoch);
    this.lr_lambdas = fns;
    this._initial_step();
  }

  get_lr(): number[] {
    return this.base_lrs.map((base, i) => base * this.lr_lambdas[i]!(this.last_epoch));
  }

  /** The state, with one `null` per lambda in `lr_lambdas` (functions are not state), as in PyTorch. */
  override state_dict(): SchedulerStateDict {
    return { ...super.state_dict(), lr_lambdas: this.lr_lambdas.map(() => null) };
  }
}
