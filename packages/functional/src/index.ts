/**
 * `@proj/functional`: PyTorch's `torch.nn.functional` for TypeScript. Every function takes all of
 * its state as arguments (`training` included) and works on every backend: through the backend's
 * fused kernel when it has one, through a composite of tensor ops otherwise.
 *
 * @example
 * ```ts
 * import * as F from '@proj/functional';
 * const y = F.relu(F.conv2d(x, w, b, { stride: 2, padding: 1 }));
 * const loss = F.cross_entropy(logits, target, { label_smoothing: 0.1 });
 * ```
 */
export * from './linear.js';
export * from './conv.js';
export * from './fold.js';
export * from './pooling.js';
export * from './padding.js';
export * from './vision.js';
export * from './activation.js';
export * from './normalization.js';
export * from './dropout.js';
export * from './loss.js';
export * from './sparse.js';
export * from './distance.js';
