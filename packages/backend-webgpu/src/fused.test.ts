/**
 * The fused kernels (conv2d and its gradients, pooling, softmax) against the CPU backend, forward
 * and backward, on geometries the fixtures do not reach: strides, padding, dilation, groups,
 * ceil_mode, GEMM tile edges, split-K weight gradients, rows long enough for the workgroup paths.
 */
import * as F from '@proj/functional';
import * as torch from '@proj/tensor';
import { type Tensor, registerBackend, tensor } from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './backend.js';
import { expectClose, randomData } from './testing/compare.js';
import { probeGpu, testBackend } from './testing/gpu.js';

const probe = await probeGpu();
const DEV = 'webgpu-fused';

/** Runs `f` on `cpu` and on the GPU; compares the output and the gradients of every input. */
async function check(label: string, shapes: number[][], f: (...xs: Tensor[]) => Tensor, atol = 1e-4, rtol = 1e-4): Promise<void> {
  await torch.scope(async () => {
    const run = (dev: string) => {
      const xs = shapes.map((s, i) =>
        tensor(randomData(s.reduce((a, b) => a * b, 1), false, 100 + i), { dtype: 'float32' }).reshape(s).to(dev).requires_grad_(true),
      );
      const y = f(...xs);
      const w = tensor(randomData(y.numel(), false, 99), { dtype: 'float32' }).reshape([...y.shape]).to(dev);
      y.mul(w).sum().backward();
      return { y, grads: xs.map((x) => x.grad!) };
    };
    const want = run('cpu');
    const got = run(DEV);
    await expectClose(got.y, want.y, `${label}: output`, atol, rtol);
    for (const [i, g] of got.grads.entries()) await expectClose(g, want.grads[i]!, `${label}: grad ${i}`, atol * 10, rtol * 10);
  });
}

describe.skipIf(!probe.gpu)(probe.gpu ? 'webgpu fused kernels' : `webgpu fused kernels (skipped: no WebGPU adapter: ${probe.reason})`, () => {
  let be: WebGPUBackend;
  beforeAll(async () => {
    registerBackend(cpu());
    be = await testBackend({ name: DEV });
    registerBackend(be);
  });

  it('the backend has every fused kernel', () => {
    for (const k of torch.FUSED_KERNELS) expect(typeof be[k], k).toBe('function');
  });

  it('conv2d: stride, padding, dilation, bias', async () => {
    await check('3x3 pad 1', [[2, 3, 9, 9], [5, 3, 3, 3], [5]], (x, w, b) => F.conv2d(x, w, b, { padding: 1 }));
    await check('stride 2, dilation 2', [[1, 2, 11, 10], [4, 2, 3, 2]], (x, w) => F.conv2d(x, w, null, { stride: 2, dilation: 2, padding: [2, 1] }));
    await check('1x1', [[3, 4, 5, 5], [6, 4, 1, 1], [6]], (x, w, b) => F.conv2d(x, w, b));
  });

  it('conv2d: groups and depthwise', async () => {
    await check('groups 2', [[2, 4, 7, 7], [6, 2, 3, 3], [6]], (x, w, b) => F.conv2d(x, w, b, { groups: 2, padding: 1 }));
    await check('depthwise', [[1, 3, 6, 6], [3, 1, 3, 3]], (x, w) => F.conv2d(x, w, null, { groups: 3, stride: 2 }));
  });

  it('conv2d: output larger than one 64×64 GEMM tile; split-K weight gradient', async () => {
    await check('wide', [[4, 3, 12, 12], [70, 3, 3, 3]], (x, w) => F.conv2d(x, w, null, { padding: 1 }), 2e-4, 2e-4);
  });

  it('max_pool2d with padding, dilation, ceil_mode, overlapping windows', async () => {
    await check('2x2', [[2, 3, 8, 8]], (x) => F.max_pool2d(x, 2));
    await check('3x3 stride 1 pad 1', [[1, 2, 6, 7]], (x) => F.max_pool2d(x, 3, { stride: 1, padding: 1 }));
    await check('dilation, ceil', [[1, 2, 9, 9]], (x) => F.max_pool2d(x, 2, { stride: 2, dilation: 2, ceil_mode: true }));
  });

  it('avg_pool2d with count_include_pad, divisor_override, ceil_mode', async () => {
    await check('2x2', [[2, 3, 8, 8]], (x) => F.avg_pool2d(x, 2));
    await check('pad, no count', [[1, 2, 7, 6]], (x) => F.avg_pool2d(x, 3, { stride: 2, padding: 1, count_include_pad: false }));
    await check('pad, count, ceil', [[1, 2, 7, 6]], (x) => F.avg_pool2d(x, 3, { stride: 2, padding: 1, ceil_mode: true }));
    await check('divisor', [[1, 1, 5, 5]], (x) => F.avg_pool2d(x, 2, { divisor_override: 3 }));
  });

  it('softmax and log_softmax along every axis, short and long rows', async () => {
    for (const dim of [0, 1, 2]) {
      await check(`softmax dim ${dim}`, [[3, 4, 5]], (x) => F.softmax(x, dim));
      await check(`log_softmax dim ${dim}`, [[3, 4, 5]], (x) => F.log_softmax(x, dim));
    }
    await check('softmax long rows', [[2, 1500]], (x) => F.softmax(x.mul(4), 1));
    await check('log_softmax long rows', [[2, 1500]], (x) => F.log_softmax(x.mul(4), -1));
  });
});
