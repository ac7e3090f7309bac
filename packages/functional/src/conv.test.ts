import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv1d, conv2d, conv_transpose1d, conv_transpose2d } from './conv.js';

beforeAll(() => {
  torch.registerBackend(cpu({ name: 'cpu-conv-test' }));
  torch.setBackend('cpu-conv-test');
});

/** Runs `fn` (in a scope, so its inputs are freed) and expects the typed error and message. */
function rejects(fn: () => unknown, kind: { isInstance(e: unknown): boolean }, message: RegExp | string): void {
  let caught: unknown = null;
  try {
    torch.scope(fn);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an error').not.toBeNull();
  expect(kind.isInstance(caught), String(caught)).toBe(true);
  expect((caught as Error).message).toMatch(message);
}

describe('conv2d argument errors', () => {
  const x = () => torch.zeros([1, 4, 6, 6]);
  const w = () => torch.zeros([6, 2, 3, 3]);

  it('names the op and the expected input layouts for a wrong rank', () => {
    const img = torch.zeros([28, 28]);
    rejects(() => conv2d(img, torch.zeros([1, 1, 3, 3])), ShapeError, 'conv2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape [28, 28]');
    rejects(() => conv1d(img.reshape([1, 1, 28, 28]), torch.zeros([1, 1, 3])), ShapeError, /conv1d: expected a 2-D \(C, L\) or 3-D \(N, C, L\) input, got shape \[1, 1, 28, 28\]/);
    img.dispose();
  });

  it('rejects a weight of the wrong rank', () => {
    rejects(() => conv2d(x(), torch.zeros([6, 4, 3])), ShapeError, /conv2d: expected a 4-D weight .*got shape \[6, 4, 3\]/);
  });

  it('rejects channels that groups do not divide and channel mismatches', () => {
    rejects(() => conv2d(x(), torch.zeros([5, 2, 3, 3]), null, { groups: 2 }), ShapeError, /groups=2, expected weight to be divisible by 2 at dimension 0/);
    rejects(() => conv2d(x(), w(), null, { groups: 1 }), ShapeError, /expected input \[1, 4, 6, 6\] to have 2 channels, but got 4 channels/);
    rejects(() => conv2d(x(), w(), null, { groups: 0 }), ArgumentError, /groups to be a positive integer, got 0/);
  });

  it('rejects a kernel larger than the padded input', () => {
    rejects(() => conv2d(torch.zeros([1, 1, 2, 2]), torch.zeros([1, 1, 3, 3])), ShapeError, /padded input size per channel \(2 x 2\) is smaller than the dilated kernel size \(3 x 3\)/);
    rejects(() => conv2d(torch.zeros([1, 1, 5, 5]), torch.zeros([1, 1, 3, 3]), null, { dilation: 3 }), ShapeError, /dilated kernel size \(7 x 7\)/);
  });

  it('rejects bad stride, padding and dilation', () => {
    rejects(() => conv2d(x(), w(), null, { groups: 2, stride: 0 }), ArgumentError, /conv2d: expected stride to be positive, got 0/);
    rejects(() => conv2d(x(), w(), null, { groups: 2, padding: [1, -1] }), ArgumentError, /padding to be non-negative, got \[1, -1\]/);
    rejects(() => conv2d(x(), w(), null, { groups: 2, dilation: [1, 2, 3] }), ArgumentError, /dilation to be a single integer or a list of 2 integers/);
    rejects(() => conv2d(x(), w(), null, { groups: 2, padding: 'full' as 'same' }), ArgumentError, /invalid padding string 'full'/);
    rejects(() => conv2d(x(), w(), null, { groups: 2, padding: 'same', stride: 2 }), ArgumentError, /padding='same' is not supported for strided convolutions/);
  });

  it('rejects mismatched dtypes and bias shapes', () => {
    rejects(() => conv2d(x(), torch.zeros([6, 2, 3, 3], { dtype: 'float64' }), null, { groups: 2 }), DTypeError, /expected weight to have the input's dtype float32, got float64/);
    rejects(() => conv2d(torch.zeros([1, 4, 6, 6], { dtype: 'int64' }), w()), DTypeError, /floating point input/);
    rejects(() => conv2d(x(), w(), torch.zeros([5]), { groups: 2 }), ShapeError, /expected bias to be 1-D with 6 elements, got shape \[5\]/);
  });
});

describe('conv_transpose argument errors', () => {
  it('checks output_padding against stride and dilation', () => {
    rejects(() => conv_transpose2d(torch.zeros([1, 4, 4, 4]), torch.zeros([4, 2, 3, 3]), null, { output_padding: 1 }), ArgumentError, /output padding must be smaller than either stride or dilation/);
  });

  it('checks the output size and the input channels', () => {
    rejects(() => conv_transpose2d(torch.zeros([1, 4, 1, 1]), torch.zeros([4, 2, 1, 1]), null, { padding: 1 }), ShapeError, /calculated output size per channel \(-1 x -1\) is too small/);
    rejects(() => conv_transpose1d(torch.zeros([1, 3, 5]), torch.zeros([4, 2, 3])), ShapeError, /expected input \[1, 3, 5\] to have 4 channels, but got 3/);
    rejects(() => conv_transpose2d(torch.zeros([1, 4, 3, 3]), torch.zeros([4, 2, 3, 3]), null, { padding: 'same' as unknown as number }), ArgumentError, /padding must be an integer/);
  });
});

describe('conv2d calling forms', () => {
  it('allocates nothing when it rejects its arguments', () => {
    const x = torch.zeros([1, 3, 6, 6]);
    const w = torch.zeros([4, 2, 5, 5]);
    const small = torch.zeros([1, 2, 2, 2]);
    const before = torch.memory();
    expect(() => conv2d(x, w, null, { groups: 1, padding: 1 })).toThrow(/channels/);
    expect(() => conv_transpose2d(x, w, null, { stride: 2 })).toThrow(/channels/);
    expect(() => conv2d(small, w)).toThrow(/kernel/);
    const after = torch.memory();
    expect({ buffers: after.buffers, tensors: after.tensors }).toEqual({ buffers: before.buffers, tensors: before.tensors });
    for (const t of [x, w, small]) t.dispose();
  });

  it('takes the options object in place of a missing bias', () => {
    torch.manual_seed(0);
    const x = torch.randn([1, 2, 5, 5]);
    const w = torch.randn([3, 2, 3, 3]);
    const a = conv2d(x, w, { stride: 2, padding: 1 });
    const b = conv2d(x, w, null, { stride: 2, padding: 1 });
    expect(a.shape).toEqual([1, 3, 3, 3]);
    expect(Array.from(a.dataSync() as ArrayLike<number>)).toEqual(Array.from(b.dataSync() as ArrayLike<number>));
  });

  it('leaves memory where it was after forward and backward', () => {
    torch.manual_seed(1);
    const x = torch.randn([2, 4, 6, 6], { requires_grad: true });
    const w = torch.randn([6, 2, 3, 3], { requires_grad: true });
    const b = torch.randn([6], { requires_grad: true });
    const before = torch.memory();
    torch.scope(() => {
      conv2d(x, w, b, { groups: 2, padding: 'same', dilation: 2 }).square().sum().backward();
      conv_transpose2d(x, w.transpose(0, 1).reshape([4, 3, 3, 3]), null, { stride: 2, groups: 2 }).sum().backward();
    });
    for (const t of [x, w, b]) {
      t.grad?.dispose();
      t.grad = null;
    }
    const after = torch.memory();
    expect({ buffers: after.buffers, tensors: after.tensors }).toEqual({ buffers: before.buffers, tensors: before.tensors });
  });
});
