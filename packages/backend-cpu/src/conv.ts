/**
 * Fused conv2d kernels (forward and both gradients).
 */
import type { FusedKernels } from '@proj/tensor';
import type { Data } from './storage.js';

export const convKernels: Pick<FusedKernels<Data>, 'conv2d' | 'conv2dGradInput' | 'conv2dGradWeight'> = {};
