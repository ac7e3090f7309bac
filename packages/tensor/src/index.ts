/**
 * `@proj/tensor`: PyTorch's `torch` namespace for TypeScript. Tensors with views and
 * broadcasting, autograd, the seeded generator, memory management, and the backend interface.
 *
 * @example
 * ```ts
 * import * as torch from '@proj/tensor';
 * import { cpu } from '@proj/backend-cpu';
 *
 * torch.registerBackend(cpu());
 * torch.manual_seed(0);
 * const w = torch.randn(3, 2, { requires_grad: true });
 * const x = torch.tensor([[1, 2, 3]], { dtype: 'float32' });
 * const loss = x.matmul(w).relu().sum();
 * loss.backward();
 * console.log(w.grad!.toString());
 * ```
 */

export { Tensor, type BackwardOptions } from './tensor.js';
export * from './dtype.js';
export { float16Bits, float16Value, fromFloat16Bits, roundToFloat16, toFloat16Bits } from './float16.js';
export * from './errors.js';
export { fmtShape, broadcastShapes, collapseDims, contiguousStrides, isContiguous, normDim, numel } from './shape.js';

// The backend interface and registry
export type { Backend, BackendMemory, Operand, StridedView } from './backend/backend.js';
export { SPEC_VERSION } from './backend/backend.js';
export type { AvgPool2dParams, Conv2dParams, FusedKernels, Pool2dParams } from './backend/fused.js';
export { FUSED_KERNELS } from './backend/fused.js';
export * from './backend/ops.js';
export { getBackend, listBackends, registerBackend, setBackend, unregisterBackend } from './backend/registry.js';

// Autograd
export { enable_grad, is_grad_enabled, no_grad, set_grad_enabled } from './autograd/grad-mode.js';
export type { BackwardFn, Node } from './autograd/node.js';
export { needsGrad, record } from './autograd/record.js';
export * as autograd from './autograd/functional.js';

// Memory
export { isTensor, isTensor as is_tensor, keep, scope, untrack } from './memory/scope.js';
export { memory, type MemoryInfo } from './memory/stats.js';

// Random numbers
export { Generator, defaultGenerator, manual_seed } from './random/generator.js';

// Checkpoints as tensors (safetensors, torch.save state dicts)
export {
  load, load_safetensors, save_safetensors, save_safetensors_async, type LoadOptions, type NamedTensors,
} from './serialization/tensors.js';

// Printing
export { formatTensor, get_printoptions, set_printoptions, type PrintOptions } from './print/format.js';

// Ops (the `torch.*` functions; each is also a Tensor method)
export * from './ops/creation.js';
export * from './ops/binary.js';
export * from './ops/unary.js';
export * from './ops/where.js';
export { all, amax, amin, any, argmax, argmin, max, mean, min, prod, sum, type Dims, type KeepDim, type ValuesIndices } from './ops/reduce.js';
export { logsumexp, norm, std, var_, var_ as var, type VarOptions } from './ops/stats.js';
export * from './ops/matmul.js';
export * from './ops/gather.js';
export * from './ops/join.js';
export { constantPad, padEnd } from './ops/pad.js';
export { type IndexSpec, index } from './ops/slice.js';
export {
  as_strided, chunk, clone, contiguous, detach, expand, flatten, makeView, movedim, narrow, permute, reshape, select,
  slice, split, squeeze, t, transpose, unbind, unflatten, unfold, unsqueeze, view,
} from './ops/view.js';
export { to, toAsync } from './ops/transfer.js';
export { binaryKernel } from './ops/binary.js';
export { reduceKernel } from './ops/reduce.js';
export { unaryKernel } from './ops/unary.js';
export { backendOf, kview, wrap, type Scalar, type TensorOrScalar } from './ops/util.js';
export { sumToShape, gradFor } from './ops/grad-utils.js';
export { inplace } from './ops/inplace.js';
