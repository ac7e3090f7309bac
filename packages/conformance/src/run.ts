/**
 * `runConformance`: runs every PyTorch-checked case on a backend, inside vitest.
 */
import * as torch from '@proj/tensor';
import { type Backend, FUSED_KERNELS, type Tensor } from '@proj/tensor';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultTolerance, mismatch } from './compare.js';
import type { Case, FixtureFile, TensorSpec } from './fixture.js';
import { gradcheck } from './gradcheck.js';
import { type Namespaces, call, makeInputs } from './replay.js';
import { builtinSuites } from './suites.js';

export interface ConformanceOptions {
  /** Creates the backend under test (called once per mode). */
  backend: () => Backend | Promise<Backend>;
  /** `F` (from `@proj/functional`) for the functional suites; `torch` defaults to `@proj/tensor`. */
  namespaces?: Partial<Namespaces>;
  /** The fixture files to run; default every built-in suite. */
  suites?: readonly FixtureFile[];
  /** Also run finite-difference gradient checks in float64 (the reference backend does). */
  gradcheck?: boolean;
  /**
   * Also run every case with the backend's fused kernels hidden, so that the composite path is
   * checked too. Default: true when the backend has any fused kernel.
   */
  composite?: boolean;
  /** Multiplies every tolerance (e.g. 10 for a backend that computes in lower precision). */
  toleranceScale?: number;
}

/** Hides a backend's fused kernels, so that `@proj/functional` takes its composite paths. */
export function withoutFusedKernels(backend: Backend, name = `${backend.name}:composite`): Backend {
  const b = Object.create(backend) as Record<string, unknown>;
  for (const k of FUSED_KERNELS) b[k] = undefined;
  b.name = name;
  return b as unknown as Backend;
}

function checkCase(c: Case, ns: Namespaces, scale: number): void {
  torch.scope(() => {
    const inputs = makeInputs(c);
    const outs = call(c, inputs, ns);
    expect(outs.length, `${c.id}: number of outputs`).toBe(c.out.length);
    outs.forEach((o, i) => {
      const e = c.out[i]!;
      if (typeof e === 'object') {
        expect(torch.isTensor(o), `${c.id}: output ${i} should be a tensor`).toBe(true);
        const tol = defaultTolerance(e.dtype);
        const bad = mismatch(o as Tensor, e, { atol: (c.atol ?? tol.atol) * scale, rtol: (c.rtol ?? tol.rtol) * scale });
        expect(bad, `${c.id}: output ${i}`).toBeNull();
      } else {
        expect(Number(o), `${c.id}: output ${i}`).toBeCloseTo(Number(e), 6);
      }
    });
    if (!c.grads) return;
    const diff = outs.filter((o): o is Tensor => torch.isTensor(o) && o.requires_grad);
    const leaves = inputs.filter((t) => t.requires_grad);
    expect(diff.length, `${c.id}: differentiable outputs`).toBe(c.grad_out!.length);
    const grads = torch.autograd.grad(diff, leaves, {
      grad_outputs: diff.map((o, k) => torch.tensor(c.grad_out![k]!.map(Number), { dtype: o.dtype }).reshape([...o.shape])),
      allow_unused: true,
    });
    let k = 0;
    c.grads.forEach((expected, i) => {
      if (!c.tensors[i]!.requires_grad) return;
      const g = grads[k++];
      if (expected === null) {
        if (g) expect(Array.from(g.dataSync() as Float32Array).every((v) => v === 0), `${c.id}: grad ${i} should be zero`).toBe(true);
        return;
      }
      expect(g, `${c.id}: grad of input ${i} is missing`).toBeTruthy();
      const tol = defaultTolerance((expected as TensorSpec).dtype, true);
      const bad = mismatch(g!, expected, { atol: (c.atol ?? tol.atol) * scale * 10, rtol: (c.rtol ?? tol.rtol) * scale * 10 });
      expect(bad, `${c.id}: grad of input ${i}`).toBeNull();
    });
  });
}

function suite(label: string, create: () => Promise<Backend>, ns: Namespaces, files: readonly FixtureFile[], scale: number): void {
  describe(label, () => {
    let be: Backend;
    beforeAll(async () => {
      be = await create();
      torch.registerBackend(be);
    });
    beforeEach(() => torch.setBackend(be.name));
    for (const file of files) {
      for (const c of file.cases) {
        it(c.id, () => {
          const before = torch.memory(be.name);
          checkCase(c, ns, scale);
          const after = torch.memory(be.name);
          expect({ buffers: after.buffers, tensors: after.tensors }, `${c.id}: memory after the case`).toEqual({
            buffers: before.buffers,
            tensors: before.tensors,
          });
        });
      }
    }
  });
}

/**
 * Registers the conformance suite for a backend with vitest. Call it at the top level of a test
 * file:
 *
 * @example
 * ```ts
 * // my-backend.conformance.test.ts
 * import { runConformance } from '@proj/conformance';
 * import * as F from '@proj/functional';
 * import { myBackend } from './index.js';
 * runConformance({ backend: () => myBackend(), namespaces: { F } });
 * ```
 */
export function runConformance(opts: ConformanceOptions): void {
  const ns: Namespaces = { torch: torch as unknown as Record<string, unknown>, ...opts.namespaces };
  const files = opts.suites ?? builtinSuites(ns);
  const scale = opts.toleranceScale ?? 1;
  let instance: Promise<Backend> | null = null;
  const once = () => (instance ??= Promise.resolve(opts.backend()));
  suite('conformance', once, ns, files, scale);
  const functional = files.filter((f) => f.cases.some((c) => c.ns === 'F'));
  if (opts.composite !== false && functional.length > 0) {
    suite('conformance (composite)', async () => withoutFusedKernels(await once()), ns, functional, scale);
  }
  if (opts.gradcheck) {
    describe('gradcheck (float64, finite differences)', () => {
      let be: Backend;
      beforeAll(async () => {
        be = await once();
        torch.registerBackend(be);
      });
      beforeEach(() => torch.setBackend(be.name));
      for (const file of files) {
        for (const c of file.cases) {
          if (!c.grads || c.gradcheck === false) continue;
          it(c.id, () => {
            expect(gradcheck(c, ns), c.id).toBeNull();
          });
        }
      }
    });
  }
}
