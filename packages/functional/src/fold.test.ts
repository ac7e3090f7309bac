import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { fold, unfold } from './fold.js';

beforeAll(() => {
  torch.registerBackend(cpu({ name: 'cpu-fold-test' }));
  torch.setBackend('cpu-fold-test');
});

function rejects(fn: () => unknown, kind: { isInstance(e: unknown): boolean }, message: RegExp): void {
  let caught: unknown = null;
  try {
    torch.scope(fn);
  } catch (e) {
    caught = e;
  }
  expect(kind.isInstance(caught), String(caught)).toBe(true);
  expect((caught as Error).message).toMatch(message);
}

describe('unfold and fold', () => {
  it('reject bad shapes', () => {
    rejects(() => unfold(torch.zeros([4, 4]), 2), ShapeError, /unfold: expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[4, 4\]/);
    rejects(() => unfold(torch.zeros([1, 1, 2, 2]), 3), ShapeError, /number of blocks \(0 x 0\) is too small/);
    rejects(() => fold(torch.zeros([1, 5, 9]), [4, 4], 2), ShapeError, /\(5\) to be divisible by the product of kernel_size \(4\)/);
    rejects(() => fold(torch.zeros([1, 4, 8]), [4, 4], 2), ShapeError, /expected size of input's last dimension to be 9 \(3 x 3 blocks\), but got 8/);
    rejects(() => fold(torch.zeros([1, 4, 9]), [4, 4], 2, { stride: [1, 0] }), ArgumentError, /stride to be positive/);
  });

  it('round-trips: fold(unfold(x)) is x for non-overlapping blocks, and x times the block count otherwise', () => {
    torch.manual_seed(2);
    const x = torch.randn([2, 3, 6, 8], { dtype: 'float64' });
    const opts = { stride: [3, 2], padding: [0, 0] };
    const back = fold(unfold(x, [3, 2], opts), [6, 8], [3, 2], opts);
    expect(Array.from(back.dataSync() as ArrayLike<number>)).toEqual(Array.from(x.dataSync() as ArrayLike<number>));
    // Overlapping: each pixel comes back once per block covering it (the divisor from fold(ones)).
    const o = { padding: 1 };
    const summed = fold(unfold(x, 3, o), [6, 8], 3, o);
    const counts = fold(unfold(torch.ones([2, 3, 6, 8], { dtype: 'float64' }), 3, o), [6, 8], 3, o);
    const restored = Array.from(summed.div(counts).dataSync() as Float64Array);
    Array.from(x.dataSync() as Float64Array).forEach((v, i) => {
      expect(restored[i]).toBeCloseTo(v, 12);
    });
  });
});
