/**
 * `@proj/nn`: PyTorch's `torch.nn` for TypeScript. Modules own parameters and buffers and call
 * `@proj/functional` in `forward`; `Module` does the bookkeeping (registration, `state_dict`,
 * `train`/`eval`, hooks, `to()`), `nn.init` reproduces PyTorch's initial weights for the same seed.
 *
 * @example
 * ```ts
 * import * as torch from '@proj/tensor';
 * import * as nn from '@proj/nn';
 * import { cpu } from '@proj/backend-cpu';
 *
 * torch.registerBackend(cpu());
 * torch.manual_seed(0);
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * const loss = new nn.CrossEntropyLoss().call(model.call(torch.randn(3, 4)), torch.tensor([0, 1, 1]));
 * loss.backward();
 * ```
 */
export { Module, isModule, type RegisterBufferOptions, type ZeroGradOptions } from './module.js';
export { Parameter, isParameter, type FactoryOptions } from './parameter.js';
export { RemovableHandle, type ForwardHook, type ForwardPreHook } from './hooks.js';
export type { IncompatibleKeys, LoadStateDictOptions, StateDict, StateDictOptions } from './state-dict.js';
export { ModuleDict, ModuleList, Sequential } from './containers.js';
export { ParameterDict, ParameterList } from './param-containers.js';
export * as init from './init.js';
export { summary, type ModelSummary, type SummaryOptions, type SummaryRow } from './summary.js';

export * from './linear.js';
export * from './conv.js';
export * from './activation.js';
export * from './pooling.js';
export * from './normalization.js';
export * from './dropout.js';
export * from './sparse.js';
export * from './upsampling.js';
export * from './loss.js';
