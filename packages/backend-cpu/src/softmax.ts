/**
 * Fused softmax and log-softmax kernels, forward and backward.
 */
import type { FusedKernels } from '@proj/tensor';
import type { Data } from './storage.js';

export const softmaxKernels: Pick<FusedKernels<Data>, 'softmax' | 'logSoftmax' | 'softmaxGrad' | 'logSoftmaxGrad'> = {};
