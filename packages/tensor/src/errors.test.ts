import { cpu } from '@proj/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, BackendError, DTypeError, ShapeError, StateError, TorchError } from './errors.js';
import * as torch from './index.js';
import { useCpu } from './test/setup.js';

beforeAll(() => {
  useCpu();
  torch.registerBackend(cpu({ name: 'cpu2' }));
  torch.setBackend('cpu');
});

/** Each invalid call, the typed error it must raise, and words its message must contain. */
const cases: [string, () => unknown, new (...a: never[]) => TorchError, RegExp][] = [
  ['broadcast', () => torch.ones([2, 3]).add(torch.ones([4])), ShapeError, /add: shapes \[2, 3\] and \[4\] cannot broadcast/],
  ['matmul inner dims', () => torch.ones([2, 3]).matmul(torch.ones([4, 5])), ShapeError, /matmul: .*\[2, 3\] and \[4, 5\].*inner dimensions 3 and 4/],
  ['matmul dtype', () => torch.ones([2, 2]).matmul(torch.ones([2, 2], { dtype: 'float64' })), DTypeError, /matmul: .*float32 and float64/],
  ['mm rank', () => torch.ones([2]).mm(torch.ones([2, 2])), ShapeError, /mm: expected 2-D tensors, got 1D/],
  ['bad dim', () => torch.ones([2, 3]).sum(2), ArgumentError, /sum: dim 2 is out of range for a 2-D tensor \(expected to be in range of \[-2, 1\]\)/],
  ['bad view', () => torch.ones([2, 3]).view(4, -1), ShapeError, /view: shape \[4, -1\] is invalid for input of size 6/],
  ['view of non-contiguous', () => torch.ones([2, 3]).t().view(6), ShapeError, /Use \.reshape/],
  ['two inferred dims', () => torch.ones([6]).reshape(-1, -1), ArgumentError, /only one dimension can be inferred/],
  ['mean of ints', () => torch.tensor([1, 2]).mean(), DTypeError, /mean: .*Got: int64/],
  ['where non-bool condition', () => torch.where(torch.ones([2]), torch.ones([2]), 0), DTypeError, /where: expected a bool condition, got float32/],
  ['bool subtraction', () => torch.tensor([true]).sub(torch.tensor([false])), DTypeError, /sub: subtraction.*bool/],
  ['select out of range', () => torch.ones([3]).select(0, 3), ArgumentError, /select: index 3 out of range/],
  ['index_select out of range', () => torch.ones([3]).index_select(0, torch.tensor([5])), ArgumentError, /index_select: index 5 is out of bounds for dimension 0 with size 3/],
  ['gather float index', () => torch.ones([3]).gather(0, torch.ones([2])), DTypeError, /gather: expected an int64/],
  ['cat shapes', () => torch.cat([torch.ones([2, 3]), torch.ones([2, 4])]), ShapeError, /cat: sizes of tensors must match except in dimension 0/],
  ['expand', () => torch.ones([2, 3]).expand(4, 3), ShapeError, /expand: the expanded size of the tensor \(4\) must match the existing size \(2\)/],
  ['permute', () => torch.ones([2, 3]).permute(0, 0), ArgumentError, /permute: dims \[0,0\] must be a permutation/],
  ['t of 3-D', () => torch.ones([2, 3, 4]).t(), ShapeError, /t: expects a tensor with <= 2 dimensions, but self is 3D/],
  ['item of many', () => torch.ones([2]).item(), ArgumentError, /item: a Tensor with 2 elements/],
  ['arange step 0', () => torch.arange(0, 5, 0), ArgumentError, /arange: step must be nonzero/],
  ['randint empty range', () => torch.randint(5, 5, [2]), ArgumentError, /randint: .*from=5 >= to=5/],
  ['ragged nested data', () => torch.tensor([[1, 2], [3]]), ShapeError, /tensor: expected sequence of length 2 at dim 1 \(got 1\)/],
  ['in-place dtype narrowing', () => torch.tensor([1, 2]).add_(0.5), DTypeError, /add_: result type float32 can't be cast to the desired output type int64/],
  ['in-place broadcast growth', () => torch.ones([3]).add_(torch.ones([2, 3])), ShapeError, /add_: output with shape \[3\] doesn't match the broadcast shape \[2, 3\]/],
  ['normal_ negative std', () => torch.ones([2]).normal_(0, -1), ArgumentError, /normal_: std must be in \[0, inf\], got -1/],
  ['unknown backend', () => torch.setBackend('tpu'), ArgumentError, /no backend named 'tpu' is registered \(registered: 'cpu', 'cpu2'\)/],
];

describe('typed errors for invalid calls', () => {
  for (const [name, call, cls, message] of cases) {
    it(name, () => {
      let caught: unknown;
      try {
        call();
      } catch (e) {
        caught = e;
      }
      expect(caught, `${name} should throw`).toBeInstanceOf(cls);
      expect(TorchError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toMatch(message);
    });
  }

  it('refuses a disposed tensor by name and shape', () => {
    const x = torch.ones([2, 3]);
    x.dispose();
    expect(() => x.add(1)).toThrow(StateError);
    expect(() => x.add(1)).toThrow(/float32 \[2,3\]\) has been disposed/);
    expect(x.isDisposed).toBe(true);
    expect(x.toString()).toBe('tensor(<disposed>, shape=[2,3], dtype=float32)');
  });

  it('refuses tensors from two backends in one op and names both', () => {
    const a = torch.ones([2]);
    const b = torch.ones([2], { device: 'cpu2' });
    expect(() => a.add(b)).toThrow(BackendError);
    expect(() => a.add(b)).toThrow(/add: expected all tensors to be on the same backend, but found 'cpu' \(argument 1\) and 'cpu2' \(argument 2\)/);
    expect(Array.from(a.add(b.to('cpu')).dataSync() as Float32Array)).toEqual([2, 2]);
  });

  it('leaves the tensor unchanged when an in-place op fails', () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32' });
    expect(() => x.add_(torch.ones([2]))).toThrow(ShapeError);
    expect(Array.from(x.dataSync() as Float32Array)).toEqual([1, 2, 3]);
  });

  it('identifies errors across package copies through the brand', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@proj/error')]: true, kind: 'ShapeError' });
    expect(TorchError.isInstance(foreign)).toBe(true);
    expect(ShapeError.isInstance(foreign)).toBe(true);
    expect(DTypeError.isInstance(foreign)).toBe(false);
  });
});
