import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { DTypeError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { bilinear, linear } from './linear.js';

beforeAll(() => {
  torch.registerBackend(cpu({ name: 'cpu-linear-test' }));
  torch.setBackend('cpu-linear-test');
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

describe('linear and bilinear argument errors', () => {
  it('linear checks features, ranks, dtypes and bias', () => {
    rejects(() => linear(torch.zeros([2, 3]), torch.zeros([4, 5])), ShapeError, /linear: input's last dim \(3, shape \[2, 3\]\) must equal weight's in_features \(5, shape \[4, 5\]\)/);
    rejects(() => linear(torch.zeros([2, 3]), torch.zeros([4, 3, 1])), ShapeError, /2-D weight/);
    rejects(() => linear(torch.zeros([2, 3]), torch.zeros([4, 3], { dtype: 'float64' })), DTypeError, /weight to have the input's dtype float32, got float64/);
    rejects(() => linear(torch.zeros([2, 3]), torch.zeros([4, 3]), torch.zeros([3])), ShapeError, /expected bias of shape \[4\], got \[3\]/);
  });

  it('bilinear checks the weight against both inputs', () => {
    rejects(() => bilinear(torch.zeros([2, 3]), torch.zeros([2, 4]), torch.zeros([5, 3, 3])), ShapeError, /expected input1 \(\*, 3\) and input2 \(\*, 3\)/);
    rejects(() => bilinear(torch.zeros([2, 3]), torch.zeros([3, 4]), torch.zeros([5, 3, 4])), ShapeError, /same leading dims/);
    rejects(() => bilinear(torch.zeros([2, 3]), torch.zeros([2, 4]), torch.zeros([3, 4])), ShapeError, /3-D weight/);
  });

  it('frees its temporaries', () => {
    const x = torch.ones([3, 2, 4], { requires_grad: true });
    const w = torch.ones([5, 4], { requires_grad: true });
    const before = torch.memory();
    torch.scope(() => linear(x, w).sum().backward());
    for (const t of [x, w]) {
      t.grad?.dispose();
      t.grad = null;
    }
    const after = torch.memory();
    expect({ buffers: after.buffers, tensors: after.tensors }).toEqual({ buffers: before.buffers, tensors: before.tensors });
  });
});
