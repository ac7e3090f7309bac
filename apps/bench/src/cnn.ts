/**
 * The classic CNN every side builds: Conv2d(1,16,5) → ReLU → MaxPool2d(2) → Conv2d(16,32,5) →
 * ReLU → MaxPool2d(2) → Linear(512,10), in PyTorch's parameter layouts (OIHW, [out, in]).
 */

export interface ParamSpec {
  name: string;
  shape: readonly number[];
  /** PyTorch's default init bound, 1/sqrt(fan_in), for weights and biases alike. */
  bound: number;
}

export const CNN_PARAMS: readonly ParamSpec[] = [
  { name: 'conv1.weight', shape: [16, 1, 5, 5], bound: 1 / Math.sqrt(25) },
  { name: 'conv1.bias', shape: [16], bound: 1 / Math.sqrt(25) },
  { name: 'conv2.weight', shape: [32, 16, 5, 5], bound: 1 / Math.sqrt(400) },
  { name: 'conv2.bias', shape: [32], bound: 1 / Math.sqrt(400) },
  { name: 'fc.weight', shape: [10, 512], bound: 1 / Math.sqrt(512) },
  { name: 'fc.bias', shape: [10], bound: 1 / Math.sqrt(512) },
];

export const LEARNING_RATE = 0.01;
