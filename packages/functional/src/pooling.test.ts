import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptive_avg_pool2d, adaptive_max_pool1d, adaptive_max_pool2d, avg_pool1d, avg_pool2d, max_pool1d, max_pool2d } from './pooling.js';

beforeAll(() => {
  torch.registerBackend(cpu({ name: 'cpu-pool-test' }));
  torch.setBackend('cpu-pool-test');
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

describe('pooling argument errors', () => {
  const x = () => torch.zeros([1, 2, 5, 5]);

  it('checks ranks and dtypes', () => {
    rejects(() => max_pool2d(torch.zeros([5, 5]), 2), ShapeError, /max_pool2d: expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[5, 5\]/);
    rejects(() => avg_pool1d(torch.zeros([1, 1, 5, 5]), 2), ShapeError, /avg_pool1d: expected a 2-D \(C, L\) or 3-D \(N, C, L\) input/);
    rejects(() => max_pool2d(torch.zeros([1, 1, 4, 4], { dtype: 'int64' }), 2), DTypeError, /floating point input/);
    rejects(() => max_pool2d(torch.zeros([1, 1, 0, 4]), 2), ShapeError, /non-zero channel and spatial sizes/);
  });

  it('checks kernel, stride, padding and dilation', () => {
    rejects(() => max_pool2d(x(), 0), ArgumentError, /kernel_size to be positive, got 0/);
    rejects(() => avg_pool2d(x(), 2, { stride: 0 }), ArgumentError, /stride to be positive, got 0/);
    rejects(() => max_pool2d(x(), 3, { padding: 2 }), ArgumentError, /padding should be at most half of kernel size, got padding \[2, 2\] and kernel_size \[3, 3\]/);
    rejects(() => max_pool2d(x(), 3, { dilation: 0 }), ArgumentError, /dilation to be positive/);
    rejects(() => max_pool1d(torch.zeros([1, 4]), [2, 2, 2]), ArgumentError, /kernel_size to be a single integer or a list of 1 integers/);
  });

  it('rejects keyword arguments passed positionally', () => {
    rejects(() => max_pool2d(x(), 2, 2 as unknown as object), ArgumentError, /max_pool2d: expected the keyword arguments as an options object \(e.g. \{ stride: 2 \}\), got 2/);
  });

  it('rejects an output smaller than one window', () => {
    rejects(() => max_pool2d(torch.zeros([1, 1, 2, 2]), 3), ShapeError, /calculated output size \(1x0x0\) is too small/);
    rejects(() => avg_pool2d(torch.zeros([1, 1, 2, 6]), [3, 2]), ShapeError, /too small/);
  });

  it('checks divisor_override', () => {
    rejects(() => avg_pool2d(x(), 2, { divisor_override: 0 }), ArgumentError, /divisor_override must be a non-zero integer, got 0/);
    rejects(() => avg_pool1d(torch.zeros([1, 4]), 2, { divisor_override: 2 } as object), ArgumentError, /only avg_pool2d takes it/);
  });

  it('checks adaptive output sizes', () => {
    rejects(() => adaptive_avg_pool2d(x(), [2, 3, 4]), ArgumentError, /adaptive_avg_pool2d: output_size must have 2 elements/);
    rejects(() => adaptive_max_pool2d(x(), -1), ArgumentError, /output_size must be non-negative integers/);
    rejects(() => adaptive_max_pool1d(torch.zeros([2, 0]), 2), ShapeError, /non-zero size for non-batch dimensions/);
  });
});

describe('pooling results', () => {
  it('returns [values, indices] only with return_indices, and frees what it does not return', () => {
    torch.manual_seed(3);
    const x = torch.randn([2, 3, 6, 6], { requires_grad: true });
    const before = torch.memory();
    torch.scope(() => {
      const y = max_pool2d(x, 2);
      const [v, i] = max_pool2d(x, 2, { return_indices: true });
      expect(y.shape).toEqual([2, 3, 3, 3]);
      expect(i.dtype).toBe('int64');
      expect(Array.from(v.dataSync() as ArrayLike<number>)).toEqual(Array.from(y.dataSync() as ArrayLike<number>));
      const [a, ai] = adaptive_max_pool2d(x, [4, 5], { return_indices: true });
      expect(a.shape).toEqual([2, 3, 4, 5]);
      expect(ai.shape).toEqual([2, 3, 4, 5]);
      y.add(v).sum().add(a.sum()).backward();
    });
    x.grad?.dispose();
    x.grad = null;
    const after = torch.memory();
    expect({ buffers: after.buffers, tensors: after.tensors }).toEqual({ buffers: before.buffers, tensors: before.tensors });
  });

  it('gives adaptive pooling with a zero output size an empty result', () => {
    const x = torch.ones([1, 2, 4, 4]);
    expect(adaptive_avg_pool2d(x, [0, 2]).shape).toEqual([1, 2, 0, 2]);
    expect(adaptive_max_pool2d(x, 0).shape).toEqual([1, 2, 0, 0]);
  });
});
