/**
 * `lr_scheduler`: PyTorch's learning-rate schedulers, `torch.optim.lr_scheduler`.
 */
export { LRScheduler, type SchedulableOptimizer, type SchedulerOptions, type SchedulerStateDict } from './scheduler.js';
export { MultiStepLR, StepLR, type StepLROptions } from './step-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { LambdaLR, type LRLambda } from './lambda-lr.js';
export { OneCycleLR, type OneCycleLROptions, type OneCyclePhase } from './one-cycle-lr.js';
