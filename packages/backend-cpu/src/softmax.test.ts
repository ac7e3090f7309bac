import { withoutFusedKernels } from '@proj/conformance';
import * as F from '@proj/functional';
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpu } from './index.js';

// The fused kernels against the composite path of @proj/functional (which the conformance suite
// checks against PyTorch), on layouts the fixtures do not reach: every axis, offset views, and
// rows with −∞, NaN and huge logits.

const FUSED = 'cpu-softmax-fused';
const COMPOSITE = 'cpu-softmax-composite';

beforeAll(() => {
  torch.registerBackend(cpu({ name: FUSED }));
  torch.registerBackend(withoutFusedKernels(cpu({ name: `${COMPOSITE}-base` }), COMPOSITE));
});

type Op = (x: Tensor, dim: number) => Tensor;
const ops: [string, Op][] = [['softmax', (x, d) => F.softmax(x, d)], ['log_softmax', (x, d) => F.log_softmax(x, d)]];

/** Output and input gradient of `op` on `backend` for the host data `values` of `shape`. */
function run(backend: string, op: Op, values: number[], shape: number[], dim: number, view?: (t: Tensor) => Tensor): number[][] {
  torch.setBackend(backend);
  return torch.scope(() => {
    torch.manual_seed(1);
    const leaf = torch.tensor(values).reshape(shape).requires_grad_();
    const x = view ? view(leaf) : leaf;
    const y = op(x, dim);
    const g = torch.randn([...y.shape]);
    const [gx] = torch.autograd.grad([y], [leaf], { grad_outputs: [g] });
    return [Array.from(y.dataSync() as Float32Array), Array.from(gx!.dataSync() as Float32Array)];
  });
}

function expectClose(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    if (Number.isNaN(b[i]!) || !Number.isFinite(b[i]!)) expect(v, `element ${i}`).toBe(b[i]);
    else expect(Math.abs(v - b[i]!), `element ${i}: ${v} vs ${b[i]}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(b[i]!)));
  });
}

function randomValues(n: number, scale: number): number[] {
  torch.setBackend(FUSED);
  return torch.scope(() => Array.from(torch.randn([n]).mul(scale).dataSync() as Float32Array));
}

describe('fused softmax kernels agree with the composite path', () => {
  for (const [name, op] of ops) {
    it(`${name}: every axis of a 3-D tensor`, () => {
      const values = randomValues(60, 3);
      for (const dim of [0, 1, 2, -1]) {
        const [fy, fg] = run(FUSED, op, values, [3, 4, 5], dim);
        const [cy, cg] = run(COMPOSITE, op, values, [3, 4, 5], dim);
        expectClose(fy!, cy!);
        expectClose(fg!, cg!);
      }
    });

    it(`${name}: offset and permuted views`, () => {
      const values = randomValues(48, 2);
      const views = [(t: Tensor) => t.narrow(0, 1, 2), (t: Tensor) => t.permute(2, 0, 1), (t: Tensor) => t.transpose(0, 1).narrow(1, 1, 2)];
      for (const view of views) {
        for (const dim of [0, -1]) {
          const [fy, fg] = run(FUSED, op, values, [3, 4, 4], dim, view);
          const [cy, cg] = run(COMPOSITE, op, values, [3, 4, 4], dim, view);
          expectClose(fy!, cy!);
          expectClose(fg!, cg!);
        }
      }
    });

    it(`${name}: huge logits, −∞, NaN and +∞ rows`, () => {
      const inf = Number.POSITIVE_INFINITY;
      const values = [1e4, -1e4, 5e3, 0, -inf, 3, -inf, 1, -inf, -inf, -inf, -inf, 1, Number.NaN, 2, 0, 1, inf, 2, 0];
      const [fy] = run(FUSED, op, values, [5, 4], 1);
      const [cy] = run(COMPOSITE, op, values, [5, 4], 1);
      expectClose(fy!, cy!);
      expect(fy!.slice(0, 8).every((v) => !Number.isNaN(v))).toBe(true);
    });
  }

  it('counts its buffers in memory()', () => {
    torch.setBackend(FUSED);
    const before = torch.memory();
    torch.scope(() => {
      const x = torch.randn([4, 7], { requires_grad: true });
      F.log_softmax(x, 1).sum().backward();
      F.softmax(x, 0).sum().backward();
    });
    expect(torch.memory().buffers).toBe(before.buffers);
  });
});
