/**
 * What the example apps share (browser-safe: Node-only helpers are in `./node`).
 */
export { type DigitData, MNIST_MEAN, MNIST_STD, type MnistSplit, flatten, split } from './mnist.js';
export { ProgressBar, type ProgressOptions } from './progress.js';
export * from './models.js';
export { type Available, createBackends } from './backends.js';
export { type TrainOptions, type TrainResult, evaluate, train } from './train.js';
