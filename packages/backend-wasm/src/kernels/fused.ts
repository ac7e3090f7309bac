/**
 * The optional fused kernels: conv2d and its gradients, pooling, softmax.
 */
import type { FusedKernels } from '@proj/tensor';
import type { WasmBuffer } from '../storage.js';
import type { Ctx } from './context.js';
import { conv2d, conv2dGradInput, conv2dGradWeight } from './conv.js';
import { avgPool2d, avgPool2dGrad, maxPool2d, maxPool2dGrad } from './pool.js';
import { logSoftmax, logSoftmaxGrad, softmax, softmaxGrad } from './softmax.js';

export function fusedKernels(ctx: Ctx): FusedKernels<WasmBuffer> {
  return {
    conv2d: (x, w, b, p) => conv2d(ctx, x, w, b, p),
    conv2dGradInput: (gy, w, p, xShape) => conv2dGradInput(ctx, gy, w, p, xShape),
    conv2dGradWeight: (x, gy, p, wShape) => conv2dGradWeight(ctx, x, gy, p, wShape),
    maxPool2d: (x, p) => maxPool2d(ctx, x, p),
    maxPool2dGrad: (gy, i, xShape) => maxPool2dGrad(ctx, gy, i, xShape),
    avgPool2d: (x, p) => avgPool2d(ctx, x, p),
    avgPool2dGrad: (gy, p, xShape) => avgPool2dGrad(ctx, gy, p, xShape),
    softmax: (x, axis) => softmax(ctx, x, axis),
    logSoftmax: (x, axis) => logSoftmax(ctx, x, axis),
    softmaxGrad: (y, gy, axis) => softmaxGrad(ctx, y, gy, axis),
    logSoftmaxGrad: (y, gy, axis) => logSoftmaxGrad(ctx, y, gy, axis),
  };
}
