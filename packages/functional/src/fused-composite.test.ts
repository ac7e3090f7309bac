/**
 * The fused CPU kernels against the composite path (the same calls with the fused kernels
 * hidden) on random, awkward geometries the fixtures do not list: forward values, every input
 * gradient, and memory returning to its start on both paths.
 */
import { cpu } from '@proj/backend-cpu';
import { withoutFusedKernels } from '@proj/conformance';
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv1d, conv2d, conv_transpose2d } from './conv.js';
import { avg_pool2d, max_pool2d } from './pooling.js';

const FUSED = 'cpu-fc-fused';
const COMPOSITE = 'cpu-fc-composite';

beforeAll(() => {
  const be = cpu({ name: FUSED });
  torch.registerBackend(be);
  torch.registerBackend(withoutFusedKernels(be, COMPOSITE));
});

interface Run {
  outs: number[][];
  grads: number[][];
}

/** Seeded float64 inputs of `shapes` on `device`, `fn` applied, backward with a seeded gradient. */
function run(device: string, shapes: number[][], fn: (...xs: Tensor[]) => Tensor | Tensor[]): Run {
  torch.setBackend(device);
  const before = torch.memory(device);
  const result = torch.scope(() => {
    torch.manual_seed(7);
    const xs = shapes.map((s) => torch.randn(s, { dtype: 'float64', requires_grad: true }));
    const out = fn(...xs);
    const list = Array.isArray(out) ? out : [out];
    const diff = list.filter((o) => o.requires_grad);
    const gout = diff.map((o) => torch.randn([...o.shape], { dtype: 'float64' }));
    const grads = torch.autograd.grad(diff, xs, { grad_outputs: gout, allow_unused: true });
    return {
      outs: list.map((o) => Array.from(o.dataSync() as ArrayLike<number | bigint>, Number)),
      grads: grads.map((g) => (g ? Array.from(g.dataSync() as Float64Array) : [])),
    };
  });
  const after = torch.memory(device);
  expect({ buffers: after.buffers, tensors: after.tensors }, `${device}: memory`).toEqual({ buffers: before.buffers, tensors: before.tensors });
  return result;
}

function agree(shapes: number[][], fn: (...xs: Tensor[]) => Tensor | Tensor[]): void {
  const f = run(FUSED, shapes, fn);
  const c = run(COMPOSITE, shapes, fn);
  expect(f.outs.length).toBe(c.outs.length);
  f.outs.forEach((o, i) => {
    expect(o.length, `output ${i} size`).toBe(c.outs[i]!.length);
    o.forEach((v, j) => {
      expect(v, `output ${i}[${j}]`).toBeCloseTo(c.outs[i]![j]!, 9);
    });
  });
  f.grads.forEach((g, i) => {
    expect(g.length, `grad ${i} size`).toBe(c.grads[i]!.length);
    expect(g.length, `grad ${i} exists`).toBeGreaterThan(0);
    g.forEach((v, j) => {
      expect(v, `grad ${i}[${j}]`).toBeCloseTo(c.grads[i]![j]!, 9);
    });
  });
}

describe('fused kernels agree with the composite path', () => {
  it('conv2d with groups, dilation, stride and asymmetric padding', () => {
    agree([[2, 6, 9, 8], [9, 2, 3, 2], [9]], (x, w, b) => conv2d(x!, w!, b!, { stride: [2, 1], padding: [2, 3], dilation: [2, 3], groups: 3 }));
  });

  it("conv2d with padding 'same' and an even, dilated kernel", () => {
    agree([[1, 4, 7, 6], [4, 2, 4, 2]], (x, w) => conv2d(x!, w!, null, { padding: 'same', dilation: [1, 3], groups: 2 }));
  });

  it('conv2d 1x1 (the pointwise path) and a kernel as large as the input', () => {
    agree([[3, 5, 4, 3], [2, 5, 1, 1], [2]], (x, w, b) => conv2d(x!, w!, b!));
    agree([[2, 3, 4, 5], [2, 3, 4, 5]], (x, w) => conv2d(x!, w!));
  });

  it('conv1d with everything', () => {
    agree([[2, 4, 13], [6, 2, 3], [6]], (x, w, b) => conv1d(x!, w!, b!, { stride: 3, padding: 2, dilation: 2, groups: 2 }));
  });

  it('conv_transpose2d with output_padding, groups and dilation', () => {
    agree([[2, 4, 3, 4], [4, 3, 3, 2], [6]], (x, w, b) =>
      conv_transpose2d(x!, w!, b!, { stride: [3, 2], padding: [1, 2], output_padding: [2, 1], groups: 2, dilation: [1, 2] }),
    );
    // output_padding ≥ stride (allowed because it is below dilation) and padding that crops.
    agree([[1, 2, 4, 3], [2, 2, 2, 3]], (x, w) => conv_transpose2d(x!, w!, null, { output_padding: 1, dilation: 2, padding: [2, 0] }));
  });

  it('max_pool2d values, indices and gradient with ceil_mode, padding and dilation', () => {
    agree([[2, 3, 9, 8]], (x) => max_pool2d(x!, [3, 2], { stride: [2, 3], padding: [1, 1], dilation: [2, 1], ceil_mode: true, return_indices: true }));
    agree([[1, 2, 5, 7]], (x) => max_pool2d(x!, 2, { stride: 1, padding: 1 }));
  });

  it('avg_pool2d with every divisor rule', () => {
    for (const count_include_pad of [true, false]) {
      agree([[2, 2, 7, 6]], (x) => avg_pool2d(x!, [3, 2], { stride: [2, 3], padding: [1, 1], ceil_mode: true, count_include_pad }));
    }
    agree([[1, 3, 6, 5]], (x) => avg_pool2d(x!, 3, { stride: 2, padding: 1, ceil_mode: true, divisor_override: 5 }));
  });
});
