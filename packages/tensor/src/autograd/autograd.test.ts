import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../index.js';
import { StateError } from '../errors.js';
import { useCpu } from '../test/setup.js';

beforeAll(useCpu);

const values = (t: torch.Tensor) => Array.from(t.dataSync() as Float32Array);

describe('autograd semantics', () => {
  it('marks leaves and non-leaves and names grad_fn as PyTorch', () => {
    const x = torch.ones([2], { requires_grad: true });
    const y = x.mul(2).sum();
    expect(x.is_leaf).toBe(true);
    expect(y.is_leaf).toBe(false);
    expect(y.requires_grad).toBe(true);
    expect(y.grad_fn?.name).toBe('SumBackward0');
    expect(x.mul(2).grad_fn?.name).toBe('MulBackward0');
    expect(torch.no_grad(() => x.mul(2)).requires_grad).toBe(false);
  });

  it('accumulates .grad across backward calls', () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', requires_grad: true });
    x.mul(x).sum().backward();
    const once = values(x.grad!);
    x.mul(x).sum().backward();
    expect(values(x.grad!)).toEqual(once.map((v) => 2 * v));
  });

  it('frees the graph after backward unless retain_graph', () => {
    const x = torch.ones([3], { requires_grad: true });
    const y = x.exp().sum();
    y.backward(null, { retain_graph: true });
    y.backward();
    expect(() => y.backward()).toThrow(/backward through the graph a second time/);
    expect(() => y.backward()).toThrow(StateError);
  });

  it('refuses in-place ops on leaves that require grad, except under no_grad', () => {
    const w = torch.zeros([2], { requires_grad: true });
    expect(() => w.add_(1)).toThrow(/a leaf Variable that requires grad is being used in an in-place operation/);
    expect(() => w.index(0).fill_(1)).toThrow(/view of a leaf Variable/);
    torch.no_grad(() => w.add_(1));
    expect(values(w)).toEqual([1, 1]);
  });

  it('detects a saved tensor modified in place', () => {
    const x = torch.ones([2], { requires_grad: true });
    const y = x.mul(2);
    const z = y.sin();
    y.add_(1);
    expect(() => z.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  it('rebases history for in-place ops on non-leaves', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', requires_grad: true });
    const y = x.mul(3);
    y.mul_(2);
    expect(y.grad_fn?.name).toBe('MulBackward0');
    y.sum().backward();
    expect(values(x.grad!)).toEqual([6, 6]);
  });

  it('retain_grad keeps non-leaf gradients', () => {
    const x = torch.ones([2], { requires_grad: true });
    const y = x.mul(3);
    y.retain_grad();
    y.sum().backward();
    expect(values(y.grad!)).toEqual([1, 1]);
    expect(values(x.grad!)).toEqual([3, 3]);
  });

  it('detach shares storage and the version counter', () => {
    const x = torch.ones([2], { requires_grad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requires_grad).toBe(false);
    d.add_(1);
    expect(values(y)).toEqual([3, 3]);
    expect(() => y.exp().sum().backward()).not.toThrow();
  });

  it('autograd.grad returns gradients without touching .grad', () => {
    const x = torch.tensor([1, 2], { dtype: 'float32', requires_grad: true });
    const unused = torch.ones([2], { requires_grad: true });
    const [gx, gu] = torch.autograd.grad(x.mul(x).sum(), [x, unused], { allow_unused: true });
    expect(values(gx!)).toEqual([2, 4]);
    expect(gu).toBeNull();
    expect(x.grad).toBeNull();
    expect(() => torch.autograd.grad(x.mul(2).sum(), [unused])).toThrow(/not have been used in the graph/);
  });

  it('needs an explicit gradient for non-scalar outputs', () => {
    const x = torch.ones([2], { requires_grad: true });
    expect(() => x.mul(2).backward()).toThrow(/implicitly created only for scalar outputs/);
    x.mul(2).backward(torch.tensor([1, 10], { dtype: 'float32' }));
    expect(values(x.grad!)).toEqual([2, 20]);
  });

  it('refuses requires_grad on integer tensors and on non-leaves', () => {
    expect(() => torch.tensor([1, 2]).requires_grad_()).toThrow(/floating point/);
    const y = torch.ones([1], { requires_grad: true }).mul(2);
    expect(() => y.requires_grad_(false)).toThrow(/leaf variables/);
  });

  it('frees saved tensors when the outputs are disposed without backward', () => {
    const before = torch.memory();
    const x = torch.ones([4], { requires_grad: true });
    torch.scope(() => {
      x.mul(x).exp().sin().sum();
    });
    x.dispose();
    expect(torch.memory().buffers).toBe(before.buffers);
    expect(torch.memory().tensors).toBe(before.tensors);
  });

  it('keeps gradients alive outside the scope that computed them', () => {
    const w = torch.ones([3], { requires_grad: true });
    torch.scope(() => w.mul(2).sum().backward());
    expect(values(w.grad!)).toEqual([2, 2, 2]);
  });

  it('handles deep graphs without overflowing the stack', () => {
    const x = torch.ones([1], { requires_grad: true });
    let y = x;
    torch.scope(() => {
      for (let i = 0; i < 5000; i++) y = y.add(1);
      y.sum().backward();
    });
    expect(values(x.grad!)).toEqual([1]);
  });

  it('a loss kept after backward does not keep the activations alive', () => {
    const w = torch.ones([64], { requires_grad: true });
    const before = torch.memory();
    const loss = torch.scope(() => {
      const l = w.mul(2).exp().add(1).sin().sum();
      l.backward();
      return l;
    });
    // Only the loss itself (and w.grad, created by backward) remain: the graph let go of the rest.
    expect(torch.memory().buffers).toBe(before.buffers + 2);
    expect(() => loss.backward()).toThrow(/backward through the graph a second time/);
    loss.dispose();
    w.grad!.dispose();
    w.grad = null;
    expect(torch.memory().buffers).toBe(before.buffers);
  });
});
