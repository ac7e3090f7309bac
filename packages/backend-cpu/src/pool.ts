/**
 * Fused pooling kernels (max and average, forward and backward).
 */
import type { FusedKernels } from '@proj/tensor';
import type { Data } from './storage.js';

export const poolKernels: Pick<FusedKernels<Data>, 'maxPool2d' | 'maxPool2dGrad' | 'avgPool2d' | 'avgPool2dGrad'> = {};
