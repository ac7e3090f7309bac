/**
 * The kernels against the reference CPU backend on shapes the conformance fixtures do not reach:
 * GEMM tile edges, several K slices, batched and transposed operands, convolution geometries,
 * multi-chunk softmax, both reduction orders, and inputs big enough to run on several threads.
 */
import { cpu } from '@proj/backend-cpu';
import * as F from '@proj/functional';
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasm } from './index.js';

const CPU = 'cpu-ref';

function close(a: Tensor, b: Tensor, tol: number, what: string): void {
  expect(a.shape, `${what}: shape`).toEqual(b.shape);
  expect(a.dtype, `${what}: dtype`).toBe(b.dtype);
  const x = Array.from(a.dataSync() as ArrayLike<number | bigint>, Number);
  const y = Array.from(b.dataSync() as ArrayLike<number | bigint>, Number);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < x.length; i++) {
    const [u, v] = [x[i]!, y[i]!];
    if ((Number.isNaN(u) && Number.isNaN(v)) || u === v) continue;
    // Relative to tol·(1 + |v|); anything non-finite that differs is infinitely far.
    const err = Number.isFinite(u - v) ? Math.abs(u - v) / (tol * (1 + Math.abs(v))) : Number.POSITIVE_INFINITY;
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst <= 1 ? null : `element ${at}: ${x[at]} vs ${y[at]}`, what).toBeNull();
}

/** Runs `f` on the CPU backend and on `name` with the same inputs; compares outputs and input gradients. */
function same(name: string, inputs: () => Tensor[], f: (xs: Tensor[]) => Tensor, tol = 1e-4): void {
  torch.scope(() => {
    torch.manual_seed(0);
    const base = inputs();
    const run = (be: string) => {
      const xs = base.map((t) => {
        const m = t.to(be).detach();
        if (t.dtype === 'float32' || t.dtype === 'float64') m.requires_grad_(true);
        return m;
      });
      const y = f(xs);
      if (y.requires_grad) y.mul(torch.randn(y.shape, { generator: new torch.Generator().manual_seed(1) }).to(be).to(y.dtype)).sum().backward();
      return { y: y.to(CPU), grads: xs.map((x) => (x.grad ? x.grad.to(CPU) : null)) };
    };
    const want = run(CPU);
    const got = run(name);
    close(got.y, want.y, tol, 'output');
    got.grads.forEach((g, i) => {
      const w = want.grads[i];
      if (w && g) close(g, w, tol * 10, `grad ${i}`);
      else expect(!!g, `grad ${i} present`).toBe(!!w);
    });
  });
}

const randn = (shape: number[], dtype: 'float32' | 'float64' = 'float32') => torch.randn(shape, { dtype, device: CPU });

for (const threads of [1, 2]) {
  describe(`kernels vs the CPU backend, ${threads} thread(s)`, () => {
    const name = `wasm-kernels-${threads}`;
    beforeAll(async () => {
      torch.registerBackend(cpu({ name: CPU }));
      torch.registerBackend(await wasm({ threads, name }));
      torch.setBackend(CPU);
    });

    it.each([
      [1, 1, 1], [3, 5, 7], [4, 8, 8], [17, 33, 9], [64, 130, 70], [129, 300, 65], [5, 600, 3], [6, 0, 9], [70, 520, 33],
      // Both operands prepacked and B's panels past 512 KiB: the M-tile-fastest order (G_MFIRST),
      // in one K slice and in two.
      [163, 700, 301], [90, 1100, 270],
    ])('matmul %i×%i · %i×…', (m, k, n) => {
      same(name, () => [randn([m, k]), randn([k, n])], ([a, b]) => a!.matmul(b!));
      same(name, () => [randn([k, m], 'float64'), randn([n, k], 'float64')], ([a, b]) => a!.t().matmul(b!.t()), 1e-9);
    });

    it('batched matmul with broadcast and strided batches', () => {
      same(name, () => [randn([2, 1, 3, 9, 13]), randn([1, 4, 1, 13, 11])], ([a, b]) => a!.matmul(b!));
      same(name, () => [randn([5, 13, 7]), randn([11, 5, 13])], ([a, b]) => a!.transpose(1, 2).matmul(b!.permute(1, 2, 0)));
      // several M tiles per batch entry (B packed once and shared), B broadcast over the batch
      same(name, () => [randn([3, 150, 20]), randn([20, 30])], ([a, b]) => a!.matmul(b!));
      same(name, () => [randn([2, 3, 150, 20], 'float64'), randn([3, 20, 17], 'float64')], ([a, b]) => a!.matmul(b!), 1e-9);
    });

    it.each([
      // n, c, h, w, o, kh, kw, stride, padding, dilation, groups
      [2, 3, 9, 9, 4, 3, 3, 1, 1, 1, 1],
      [2, 4, 10, 11, 6, 3, 2, 2, 1, 1, 2],
      [1, 6, 12, 12, 6, 3, 3, 1, 2, 2, 6],
      [3, 2, 7, 7, 5, 5, 5, 1, 0, 1, 1],
      [2, 3, 8, 8, 4, 1, 1, 1, 0, 1, 1],
      [2, 2, 9, 9, 3, 3, 3, 3, 0, 1, 1],
      [4, 16, 12, 12, 32, 5, 5, 1, 0, 1, 1],
      [1, 2, 5, 5, 3, 3, 3, 1, 3, 1, 1],
      [8, 1, 28, 28, 16, 5, 5, 1, 0, 1, 1],
    ])('conv2d n=%i c=%i %i×%i → %i, kernel %i×%i, stride %i, padding %i, dilation %i, groups %i', (n, c, h, w, o, kh, kw, s, p, d, g) => {
      same(name, () => [randn([n, c, h, w]), randn([o, c / g, kh, kw]), randn([o])], ([x, wt, b]) =>
        F.conv2d(x!, wt!, b!, { stride: s, padding: p, dilation: d, groups: g }),
      );
    });

    it('conv2d in float64 with asymmetric geometry', () => {
      same(name, () => [randn([2, 4, 9, 7], 'float64'), randn([6, 2, 3, 2], 'float64')], ([x, wt]) =>
        F.conv2d(x!, wt!, null, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 }), 1e-9);
    });

    it('pooling', () => {
      same(name, () => [randn([2, 3, 13, 11])], ([x]) => F.max_pool2d(x!, 3, { stride: 2, padding: 1, dilation: 2, ceil_mode: true }));
      same(name, () => [randn([4, 16, 24, 24])], ([x]) => F.max_pool2d(x!, 2));
      same(name, () => [randn([2, 3, 13, 11])], ([x]) => F.avg_pool2d(x!, 3, { stride: 2, padding: 1, ceil_mode: true, count_include_pad: false }));
      same(name, () => [randn([2, 3, 13, 11], 'float64')], ([x]) => F.avg_pool2d(x!, [3, 2], { divisor_override: 5 }), 1e-9);
    });

    it('max_pool2d indices with NaN, ties and infinities (2×2 fast path and general path)', () => {
      torch.scope(() => {
        const vals = [1, 1, Number.NaN, 2, -Infinity, -Infinity, 3, Number.NaN, 5, 5, 5, 5, 0, -0, Number.NaN, Number.NaN];
        const data = Array.from({ length: 2 * 8 * 10 }, (_, i) => vals[(i * 7) % vals.length]!);
        for (const [k, opts] of [[2, {}], [3, { stride: 2, padding: 1 }]] as const) {
          const run = (be: string) => {
            const x = torch.tensor(data, { device: be }).reshape([1, 2, 8, 10]);
            const [v, i] = F.max_pool2d(x, k, { ...opts, return_indices: true });
            return [v.to(CPU), i.to(CPU)] as const;
          };
          const [v0, i0] = run(CPU);
          const [v1, i1] = run(name);
          close(v1, v0, 0, `values, kernel ${k}`);
          expect(Array.from(i1.dataSync() as BigInt64Array), `indices, kernel ${k}`).toEqual(Array.from(i0.dataSync() as BigInt64Array));
        }
      });
    });

    it('softmax and log_softmax over every axis, with inner sizes past one chunk', () => {
      for (const axis of [0, 1, 2]) {
        same(name, () => [randn([4, 600, 3])], ([x]) => F.softmax(x!, axis));
        same(name, () => [randn([3, 7, 700])], ([x]) => F.log_softmax(x!, axis));
      }
    });

    it('reductions in both loop orders, with NaN, ints and bools', () => {
      same(name, () => [randn([300, 37])], ([x]) => x!.sum(0));
      same(name, () => [randn([8, 5, 300])], ([x]) => x!.sum([0, 2]));
      same(name, () => [randn([8, 5, 300])], ([x]) => x!.amax([0, 2]));
      same(name, () => [randn([6, 500])], ([x]) => x!.transpose(0, 1).mean(1));
      same(name, () => [randn([40, 30])], ([x]) => x!.prod(1));
      const nan = () => [torch.tensor([[1, Number.NaN, 3], [4, 5, 6]], { device: CPU })];
      same(name, nan, ([x]) => x!.amax(1));
      same(name, nan, ([x]) => x!.argmax(1));
      same(name, () => [torch.randint(-50, 50, [70, 90], { device: CPU })], ([x]) => x!.sum(0));
      same(name, () => [torch.randint(-50, 50, [70, 90], { device: CPU, dtype: 'int32' })], ([x]) => x!.amin(1));
      same(name, () => [randn([70, 90])], ([x]) => x!.gt(0).any(1));
    });

    it('elementwise ops large enough to run on every thread', () => {
      same(name, () => [randn([300, 300]), randn([300, 1])], ([a, b]) => a!.add(b!).mul(a!).sub(2).div(b!.abs().add(1)));
      same(name, () => [randn([300, 300])], ([a]) => a!.transpose(0, 1).relu().exp().neg().maximum(a!));
      same(name, () => [randn([300, 300])], ([a]) => torch.where(a!.gt(0), a!, a!.mul(0.1)));
      same(name, () => [randn([300, 300]), randn([300])], ([a, b]) => torch.where(a!.lt(0.5), 2, b!).add(torch.where(a!.ge(0), a!, 0)));
      same(name, () => [torch.randint(-9, 9, [200, 200], { device: CPU })], ([a]) => a!.remainder(7).floor_divide(-3));
    });
  });
}
