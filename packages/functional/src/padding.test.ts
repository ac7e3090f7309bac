import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { pad } from './padding.js';

beforeAll(() => {
  torch.registerBackend(cpu({ name: 'cpu-pad-test' }));
  torch.setBackend('cpu-pad-test');
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

describe('pad argument errors', () => {
  it('checks the pad list', () => {
    rejects(() => pad(torch.zeros([2, 3]), [1, 2, 3]), ArgumentError, /padding length must be divisible by 2, got 3/);
    rejects(() => pad(torch.zeros([2]), [1, 1, 1, 1]), ArgumentError, /padding length 4 is too large for a 1-D input/);
    rejects(() => pad(torch.zeros([2, 3]), [1.5, 1]), ArgumentError, /list of integers/);
  });

  it('checks the mode and its constraints', () => {
    rejects(() => pad(torch.zeros([1, 2, 3]), [1, 1], { mode: 'mirror' as 'reflect' }), ArgumentError, /unrecognised padding mode 'mirror'/);
    rejects(() => pad(torch.zeros([1, 2, 3]), [3, 0], { mode: 'reflect' }), ArgumentError, /reflect padding size should be less than the corresponding input dimension, but got padding \(3, 0\) at dimension 2 of input \[1, 2, 3\]/);
    rejects(() => pad(torch.zeros([1, 2, 3]), [4, 0], { mode: 'circular' }), ArgumentError, /wrap around more than once/);
    rejects(() => pad(torch.zeros([2, 3]), [1, 1], { mode: 'circular' }), ShapeError, /needs a 3-D \(N, C, \*\) input/);
    rejects(() => pad(torch.zeros([3]), [1, 1], { mode: 'replicate' }), ShapeError, /needs a 2-D or 3-D input/);
    rejects(() => pad(torch.zeros([1, 2, 3]), [1, 1], { mode: 'reflect', value: 2 }), ArgumentError, /doesn't take in value argument/);
    rejects(() => pad(torch.zeros([1, 2, 3]), [-2, -1], { mode: 'replicate' }), ShapeError, /output size 0/);
  });
});

describe('pad', () => {
  it("takes PyTorch's positional mode and value", () => {
    torch.manual_seed(4);
    const x = torch.randn([1, 2, 5]);
    const keyword = pad(x, [2, 1], { mode: 'reflect' });
    const positional = pad(x, [2, 1], 'reflect');
    expect(Array.from(positional.dataSync() as ArrayLike<number>)).toEqual(Array.from(keyword.dataSync() as ArrayLike<number>));
    const filled = pad(x, [1, 0], 'constant', 3);
    expect(Array.from(filled.dataSync() as ArrayLike<number>)).toEqual(Array.from(pad(x, [1, 0], { value: 3 }).dataSync() as ArrayLike<number>));
    rejects(() => pad(x, [1, 1], 7 as unknown as 'reflect'), ArgumentError, /options object/);
  });


  it('copies when there is nothing to pad, so the result never aliases the input', () => {
    const x = torch.ones([1, 2, 3]);
    const y = pad(x, [0, 0], { mode: 'reflect' });
    y.fill_(5);
    expect(Array.from(x.dataSync() as ArrayLike<number>)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
