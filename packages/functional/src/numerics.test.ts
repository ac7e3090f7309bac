/**
 * Numerics against PyTorch (tools/fixtures/numerics.py), on every backend this process can create:
 * cpu, wasm (one thread) and WebGPU when an adapter exists. Large logits in the softmax family and
 * cross entropy, −∞/+∞ entries (NaN where PyTorch gives NaN), logsumexp of −∞ rows, gradients of
 * max/amax/min with ties, binary cross entropy at exactly 0 and 1, and normalization of constant
 * and hugely offset inputs: values and gradients through the conformance kit (fused kernels and
 * composites both), reading with `await data()` so WebGPU runs the same checks. The running
 * statistics batch_norm leaves behind, which the case format does not record, are checked here.
 */
import { cpu } from '@proj/backend-cpu';
import { wasm } from '@proj/backend-wasm';
import { type FixtureFile, type TensorSpec, runConformance, valuesMismatch } from '@proj/conformance';
import * as torch from '@proj/tensor';
import type { Backend, Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import numerics from './__fixtures__/numerics.json';
import * as F from './index.js';

interface StatsCase {
  name: string;
  momentum: number;
  input: TensorSpec;
  running_mean: TensorSpec;
  running_var: TensorSpec;
  new_running_mean: TensorSpec;
  new_running_var: TensorSpec;
  /** PyTorch's own error in the input's dtype against its float64 result (the oracle). */
  atol: number;
}

const file = numerics as unknown as FixtureFile & { running_stats: StatsCase[] };
const namespaces = { F: F as unknown as Record<string, unknown> };

// The WebGPU adapter probe is the WebGPU package's own test support (Dawn on a Vulkan driver in
// Node); without an adapter the WebGPU block reports a skip that says why.
const gpu = await import('../../backend-webgpu/src/testing/gpu.js').then(
  async (m) => ({ probe: await m.probeGpu(), create: () => m.testBackend({ name: 'numerics-webgpu' }) as Promise<Backend> }),
  (e: Error) => ({ probe: { gpu: null, reason: `@proj/backend-webgpu does not load: ${e.message}` }, create: null }),
);

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= f());
}

/** A JSON number: NaN and infinities are the strings 'nan', 'inf', '-inf'. */
const num = (v: unknown): number => (v === 'nan' ? Number.NaN : v === 'inf' ? Number.POSITIVE_INFINITY : v === '-inf' ? Number.NEGATIVE_INFINITY : Number(v));
const make = (s: TensorSpec, device: string): Tensor => torch.tensor(s.data.map(num), { dtype: s.dtype, device }).reshape(s.shape);

/** batch_norm's running statistics after one training step: PyTorch's, and never negative. */
function runningStats(create: () => Promise<Backend>): void {
  describe('batch_norm running statistics', () => {
    let be: Backend;
    beforeAll(async () => {
      be = await create();
      torch.registerBackend(be);
    });
    for (const c of file.running_stats) {
      it(c.name, async (ctx) => {
        // float64 inputs only where the backend stores float64 (not WebGPU).
        if (!(be.dtypes as readonly string[]).includes(c.input.dtype)) {
          expect(() => make(c.input, be.name)).toThrow(torch.DTypeError);
          return;
        }
        const before = torch.memory(be.name);
        await torch.scope(async () => {
          const rm = make(c.running_mean, be.name);
          const rv = make(c.running_var, be.name);
          const y = F.batch_norm(make(c.input, be.name), rm, rv, { training: true, momentum: c.momentum });
          const tol = { atol: c.atol, rtol: c.input.dtype === 'float32' ? 1e-5 : 1e-9 };
          const vars = Array.from((await rv.data()) as ArrayLike<number>, Number);
          expect(vars.every((v) => v >= 0), `${ctx.task.name}: running_var ${vars} has a negative entry`).toBe(true);
          expect(valuesMismatch(vars, c.new_running_var.data, tol), 'running_var').toBeNull();
          const means = Array.from((await rm.data()) as ArrayLike<number>, Number);
          expect(valuesMismatch(means, c.new_running_mean.data, tol), 'running_mean').toBeNull();
          const out = Array.from((await y.data()) as ArrayLike<number>, Number);
          expect(out.every(Number.isFinite), 'batch_norm output is finite').toBe(true);
        });
        const after = torch.memory(be.name);
        expect({ tensors: after.tensors, buffers: after.buffers }).toEqual({ tensors: before.tensors, buffers: before.buffers });
      });
    }
  });
}

function onBackend(create: () => Promise<Backend>): void {
  runConformance({ backend: create, namespaces, suites: [file] });
  runningStats(create);
}

describe('numerics on cpu', () => onBackend(once(async () => cpu({ name: 'numerics-cpu' }))));
describe('numerics on wasm (one thread)', () => onBackend(once(() => wasm({ threads: 1, name: 'numerics-wasm' }))));
describe.skipIf(!gpu.probe.gpu)(
  gpu.probe.gpu ? `numerics on webgpu (${gpu.probe.reason})` : `numerics on webgpu (skipped: no WebGPU adapter: ${gpu.probe.reason})`,
  () => onBackend(once(() => gpu.create!())),
);
