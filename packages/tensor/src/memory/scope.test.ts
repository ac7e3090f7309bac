import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../index.js';
import { useCpu } from '../test/setup.js';

beforeAll(useCpu);

const live = () => {
  const m = torch.memory();
  return { tensors: m.tensors, buffers: m.buffers, bytes: m.bytes };
};

describe('scopes and memory()', () => {
  it('disposes everything created inside except the result', () => {
    const before = live();
    const kept = torch.scope(() => {
      const a = torch.ones([4]);
      const b = a.mul(3).add(1);
      return { sum: b.sum(), parts: [b.view(2, 2)] };
    });
    expect(kept.sum.item()).toBe(16);
    expect(kept.parts[0]!.shape).toEqual([2, 2]);
    kept.sum.dispose();
    kept.parts[0]!.dispose();
    expect(live()).toEqual(before);
  });

  it('moves results to the enclosing scope', () => {
    const before = live();
    torch.scope(() => {
      const inner = torch.scope(() => torch.ones([2]).add(1));
      expect(inner.isDisposed).toBe(false);
    });
    expect(live()).toEqual(before);
  });

  it('keep() takes tensors out of every scope', () => {
    const before = live();
    let kept!: torch.Tensor;
    torch.scope(() => {
      kept = torch.keep(torch.ones([3]));
      torch.ones([3]);
    });
    expect(kept.isDisposed).toBe(false);
    kept.dispose();
    expect(live()).toEqual(before);
  });

  it('works across await', async () => {
    const before = live();
    const v = await torch.scope(async () => {
      const a = torch.ones([2]).mul(2);
      await new Promise((r) => setTimeout(r, 1));
      const b = a.add(1);
      return (await b.data())[0];
    });
    expect(v).toBe(3);
    expect(live()).toEqual(before);
  });

  it('disposes on throw', () => {
    const before = live();
    expect(() =>
      torch.scope(() => {
        torch.ones([5]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(live()).toEqual(before);
  });

  it('views share storage: the buffer lives until the last view is disposed', () => {
    const before = live();
    const x = torch.arange(6, { dtype: 'float32' });
    const v = torch.scope(() => x.view(2, 3).t());
    x.dispose();
    expect(v.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(live().buffers).toBe(before.buffers + 1);
    v.dispose();
    expect(live()).toEqual(before);
  });

  it('using-style disposal', () => {
    const before = live();
    {
      const t = torch.ones([8]);
      t[Symbol.dispose]();
    }
    expect(live()).toEqual(before);
  });

  it('returns to its start after a training loop', () => {
    torch.manual_seed(0);
    const w = torch.randn(4, 1, { requires_grad: true });
    const x = torch.randn(16, 4);
    const y = torch.randn(16, 1);
    const before = live();
    for (let step = 0; step < 50; step++) {
      torch.scope(() => {
        const loss = x.matmul(w).sub(y).pow(2).mean();
        w.grad = null;
        loss.backward();
        torch.no_grad(() => w.sub_(w.grad!.mul(0.1)));
      });
      w.grad?.dispose();
      w.grad = null;
    }
    expect(live()).toEqual(before);
  });

  it('the finalizer backstop frees tensors that are forgotten outside scopes', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const settle = async () => {
      for (let i = 0; i < 5; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await settle(); // tensors earlier tests dropped without disposing are collected first
    const before = live();
    (() => {
      for (let i = 0; i < 100; i++) torch.ones([16]).mul(2);
    })();
    expect(live().buffers).toBeGreaterThan(before.buffers);
    for (let i = 0; i < 20 && live().buffers !== before.buffers; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(live()).toEqual(before);
  });
});
