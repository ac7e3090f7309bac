/**
 * Max-pooling edge cases that the conformance suite leaves out (its composite path reports the
 * first NaN of a window, PyTorch the last): the fused kernel against PyTorch's values and indices,
 * from tools/fixtures/functional_pool.py.
 */
import type { Pool2dParams } from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import edges from './__fixtures__/max_pool_edges.json';
import { poolKernels } from './pool.js';

type Num = number | 'nan' | 'inf' | '-inf';
const num = (v: Num) => (v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

interface Edge {
  name: string;
  shape: number[];
  input: Num[];
  kwargs: { kernel_size: number; stride?: number; padding?: number; dilation?: number };
  values: Num[];
  indices: number[];
  out_shape: number[];
}

describe('maxPool2d kernel edge cases (PyTorch values and indices)', () => {
  for (const c of (edges as { cases: Edge[] }).cases) {
    it(c.name, () => {
      const k = c.kwargs.kernel_size;
      const s = c.kwargs.stride ?? k;
      const p: Pool2dParams = {
        kernel: [k, k],
        stride: [s, s],
        padding: [c.kwargs.padding ?? 0, c.kwargs.padding ?? 0],
        dilation: [c.kwargs.dilation ?? 1, c.kwargs.dilation ?? 1],
        outSize: [c.out_shape[2]!, c.out_shape[3]!],
      };
      const data = Float32Array.from(c.input.map(num));
      const view = { handle: data, dtype: 'float32' as const, shape: c.shape, strides: [], offset: 0 };
      const { values, indices } = poolKernels.maxPool2d!(view, p);
      expect(Array.from(values)).toEqual(c.values.map(num));
      expect(Array.from(indices)).toEqual(c.indices);
    });
  }
});
