import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpolate, pixel_shuffle, pixel_unshuffle } from './vision.js';

beforeAll(() => {
  torch.registerBackend(cpu({ name: 'cpu-vision-test' }));
  torch.setBackend('cpu-vision-test');
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

describe('interpolate argument errors', () => {
  const x = () => torch.zeros([1, 2, 3, 3]);

  it('needs exactly one of size and scale_factor', () => {
    rejects(() => interpolate(x(), { size: 4, scale_factor: 2 }), ArgumentError, /only one of size or scale_factor should be defined/);
    rejects(() => interpolate(x(), {}), ArgumentError, /either size or scale_factor should be defined/);
    rejects(() => interpolate(x(), { size: 4, recompute_scale_factor: true }), ArgumentError, /recompute_scale_factor is not meaningful with an explicit size/);
    rejects(() => interpolate(x(), { size: [4, 4, 4] }), ArgumentError, /same number of spatial dimensions/);
  });

  it('checks modes, ranks and align_corners', () => {
    rejects(() => interpolate(x(), { size: 4, mode: 'trilinear' as 'linear' }), ArgumentError, /unknown mode 'trilinear'/);
    rejects(() => interpolate(x(), { size: 4, mode: 'linear' }), ShapeError, /got a 4-D input, but linear mode needs a 3-D input/);
    rejects(() => interpolate(torch.zeros([1, 2, 3]), { size: 4, mode: 'bicubic' }), ShapeError, /bicubic mode needs a 4-D input/);
    rejects(() => interpolate(x(), { size: 4, align_corners: true }), ArgumentError, /align_corners option can only be set with the interpolating modes/);
    rejects(() => interpolate(torch.zeros([3, 3]), { size: 4 }), ShapeError, /expected a 3-D \(N, C, L\) or 4-D \(N, C, H, W\) input, got shape \[3, 3\]/);
    rejects(() => interpolate(torch.zeros([1, 1, 3], { dtype: 'int32' }), { size: 4 }), DTypeError, /floating point input/);
  });

  it('rejects empty outputs', () => {
    rejects(() => interpolate(x(), { scale_factor: 0.2 }), ShapeError, /sizes should be greater than 0.*output \[0, 0\]/);
  });
});

describe('interpolate calling forms', () => {
  it("takes PyTorch's positional size", () => {
    torch.manual_seed(6);
    const x = torch.randn([1, 2, 3, 4]);
    const a = interpolate(x, [5, 6], { mode: 'bicubic', align_corners: true });
    const b = interpolate(x, { size: [5, 6], mode: 'bicubic', align_corners: true });
    expect(a.shape).toEqual([1, 2, 5, 6]);
    expect(Array.from(a.dataSync() as ArrayLike<number>)).toEqual(Array.from(b.dataSync() as ArrayLike<number>));
  });
});

describe('pixel_shuffle', () => {
  it('checks factors and divisibility', () => {
    rejects(() => pixel_shuffle(torch.zeros([1, 3, 2, 2]), 2), ShapeError, /input.size\(-3\)=3\) to be divisible by the square of upscale_factor \(4\)/);
    rejects(() => pixel_unshuffle(torch.zeros([1, 1, 5, 4]), 2), ShapeError, /height \(5\) and width \(4\) to be divisible by downscale_factor \(2\)/);
    rejects(() => pixel_shuffle(torch.zeros([4, 2, 2]), 0), ArgumentError, /upscale_factor to be a positive integer, got 0/);
    rejects(() => pixel_unshuffle(torch.zeros([4, 4]), 2), ShapeError, /at least 3 dims/);
  });

  it('pixel_unshuffle inverts pixel_shuffle exactly', () => {
    torch.manual_seed(5);
    const x = torch.randn([2, 3, 18, 4, 5]);
    const back = pixel_unshuffle(pixel_shuffle(x, 3), 3);
    expect(back.shape).toEqual(x.shape);
    expect(Array.from(back.dataSync() as ArrayLike<number>)).toEqual(Array.from(x.dataSync() as ArrayLike<number>));
  });
});
