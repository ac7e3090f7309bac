/**
 * fast-check arbitraries for shapes, broadcastable shape pairs, layouts and values.
 */
import fc from 'fast-check';
import type { DType } from '@proj/tensor';
import type { Layout } from './layouts.js';

export const shapeArb = (maxRank = 4, maxDim = 4, allowZero = true): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: allowZero ? 0 : 1, max: maxDim }), { minLength: 0, maxLength: maxRank });

/** Two shapes that broadcast together: each drops leading dims and turns random dims to 1. */
export const broadcastPairArb: fc.Arbitrary<[number[], number[]]> = shapeArb(4, 4, false).chain((out) =>
  fc.tuple(derived(out), derived(out)),
);

function derived(out: number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)));
}

export const layoutArb: fc.Arbitrary<Layout> = fc.oneof(
  fc.constant<Layout>({ kind: 'contiguous' }),
  fc.constant<Layout>({ kind: 'strided' }),
  fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }).map((perm): Layout => ({ kind: 'permuted', perm })),
);

const MIN_NORMAL_F32 = 2 ** -126;

/** `n` values suitable for `dtype`: small integers for ints (optionally non-zero), floats in [-4, 4]. */
export function valuesArb(dtype: DType, n: number, nonZero = false): fc.Arbitrary<number[]> {
  if (dtype === 'bool') return fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n });
  if (dtype === 'int32' || dtype === 'int64') {
    const int = fc.integer({ min: -9, max: 9 });
    return fc.array(nonZero ? int.filter((v) => v !== 0) : int, { minLength: n, maxLength: n });
  }
  // Subnormals become 0: WGSL lets a GPU flush them (SwiftShader does), so they would test the
  // hardware's denormal mode rather than our kernels.
  const f = fc
    .float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true })
    .map((v) => (Math.abs(v) < MIN_NORMAL_F32 ? 0 : v))
    .map((v) => (nonZero && Math.abs(v) < 0.25 ? 0.5 : v));
  return fc.array(f, { minLength: n, maxLength: n });
}

export const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
