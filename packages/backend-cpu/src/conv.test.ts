/**
 * Conv kernel behaviour the conformance suite does not reach: zero-size batches (an empty
 * output, and a zero weight gradient) and inputs at a non-zero offset inside their buffer.
 */
import type { Conv2dParams, StridedView } from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import { convKernels } from './conv.js';
import type { Data } from './storage.js';

const p: Conv2dParams = { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 };

function view(shape: number[], data: Data, offset = 0): StridedView<Data> {
  return { handle: data, dtype: data instanceof Float64Array ? 'float64' : 'float32', shape, strides: [], offset };
}

function seeded(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

describe('conv kernels', () => {
  it('handle an empty batch', () => {
    const x = view([0, 4, 5, 5], new Float32Array(0));
    const w = view([6, 2, 3, 2], new Float32Array(72).fill(1));
    const gy = view([0, 6, 3, 3], new Float32Array(0));
    expect(convKernels.conv2d!(x, w, null, p).length).toBe(0);
    expect(convKernels.conv2dGradInput!(gy, w, p, [0, 4, 5, 5]).length).toBe(0);
    const gw = convKernels.conv2dGradWeight!(x, gy, p, [6, 2, 3, 2]);
    expect(Array.from(gw)).toEqual(new Array(72).fill(0));
  });

  it('read their inputs at the view offset', () => {
    const xData = seeded(2 * 4 * 5 * 5, 1);
    const wData = seeded(6 * 2 * 3 * 2, 2);
    const shifted = new Float64Array(xData.length + 7);
    shifted.set(xData, 7);
    const wShifted = new Float64Array(wData.length + 3);
    wShifted.set(wData, 3);
    const a = convKernels.conv2d!(view([2, 4, 5, 5], xData), view([6, 2, 3, 2], wData), null, p);
    const b = convKernels.conv2d!(view([2, 4, 5, 5], shifted, 7), view([6, 2, 3, 2], wShifted, 3), null, p);
    expect(Array.from(b)).toEqual(Array.from(a));
    const gy = seeded(a.length, 3);
    const gyShifted = new Float64Array(gy.length + 5);
    gyShifted.set(gy, 5);
    const shape = [2, 6, 3, 3];
    expect(a.length).toBe(2 * 6 * 3 * 3);
    expect(Array.from(convKernels.conv2dGradInput!(view(shape, gyShifted, 5), view([6, 2, 3, 2], wShifted, 3), p, [2, 4, 5, 5]))).toEqual(
      Array.from(convKernels.conv2dGradInput!(view(shape, gy), view([6, 2, 3, 2], wData), p, [2, 4, 5, 5])),
    );
    expect(Array.from(convKernels.conv2dGradWeight!(view([2, 4, 5, 5], shifted, 7), view(shape, gyShifted, 5), p, [6, 2, 3, 2]))).toEqual(
      Array.from(convKernels.conv2dGradWeight!(view([2, 4, 5, 5], xData), view(shape, gy), p, [6, 2, 3, 2])),
    );
  });
});
