/**
 * `@proj/optim`: PyTorch's `torch.optim` for TypeScript: SGD, Adam, AdamW, RMSprop and Adagrad
 * with PyTorch 1.13's update rules, parameter groups and state dicts, and the learning-rate
 * schedulers of `lr_scheduler`.
 *
 * @example
 * ```ts
 * import { SGD, lr_scheduler } from '@proj/optim';
 *
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const sched = new lr_scheduler.StepLR(opt, 10, { gamma: 0.5 });
 * for (let epoch = 0; epoch < 30; epoch++) {
 *   opt.zero_grad();
 *   lossFn(model.forward(x), y).backward();
 *   opt.step();
 *   sched.step();
 * }
 * ```
 */
export { Optimizer, type GroupOf, type OptimizerSpec, type ZeroGradOptions } from './optimizer.js';
export { OptimizerState } from './state.js';
export type { OptimizerStateDict, PackedParamGroup, ParamGroup, ParamGroupInput, ParamState, Params, StateValue } from './types.js';
export { SGD, type SGDOptions, type SGDState } from './sgd.js';
export { Adam, type AdamOptions, type AdamState } from './adam.js';
export { AdamW } from './adamw.js';
export { RMSprop, type RMSpropOptions, type RMSpropState } from './rmsprop.js';
export { Adagrad, type AdagradOptions, type AdagradState } from './adagrad.js';
export * as lr_scheduler from './lr-scheduler/index.js';
export {
  CosineAnnealingLR, ExponentialLR, LRScheduler, LambdaLR, MultiStepLR, OneCycleLR, StepLR,
} from './lr-scheduler/index.js';
