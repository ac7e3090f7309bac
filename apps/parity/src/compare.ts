/**
 * Differences between tensors, read asynchronously so every backend works.
 */
import type { Tensor } from '@proj/tensor';

export async function values(t: Tensor): Promise<Float64Array> {
  return Float64Array.from((await t.data()) as ArrayLike<number | bigint>, Number);
}

/** Largest |a − b| (Infinity when shapes differ). */
export async function maxDiff(a: Tensor, b: Tensor): Promise<number> {
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) return Number.POSITIVE_INFINITY;
  const [x, y] = await Promise.all([values(a), values(b)]);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (d > m || Number.isNaN(d)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/** Largest difference over matching entries of two name → tensor maps. */
export async function maxDiffAll(a: Map<string, Tensor>, b: Map<string, Tensor>): Promise<number> {
  let m = 0;
  for (const [k, t] of a) {
    const u = b.get(k);
    m = Math.max(m, u ? await maxDiff(t, u) : Number.POSITIVE_INFINITY);
  }
  return m;
}
