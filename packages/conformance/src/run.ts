/**
 * `runConformance`: runs every PyTorch-checked case on a backend, inside vitest.
 */
import * as torch from '@proj/tensor';
import { type Backend, DTypeError, FUSED_KERNELS, type Tensor } from '@proj/tensor';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultTolerance, mismatchAsync } from './compare.js';
import type { Case, FixtureFile, TensorSpec } from './fixture.js';
import { gradcheck } from './gradcheck.js';
import { runModuleCase } from './modules.js';
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

/** The dtypes a case uses (inputs, outputs, gradients and dtype arguments) that `be` does not store. */
export function unsupportedDtypes(c: Case, be: Backend): string[] {
  const used = new Set<string>();
  for (const t of [...c.tensors, ...c.out, ...(c.grads ?? [])]) if (t && typeof t === 'object') used.add(t.dtype);
  const scan = (a: unknown): void => {
    if (typeof a === 'string') used.add(a);
    else if (Array.isArray(a)) a.forEach(scan);
    else if (a && typeof a === 'object') Object.values(a).forEach(scan);
  };
  scan([c.args, c.kwargs]);
  return ['float32', 'float64', 'int32', 'int64', 'bool'].filter((d) => used.has(d) && !(be.dtypes as readonly string[]).includes(d));
}

// Reads go through `await tensor.data()`, so the kit runs on backends without synchronous reads.
async function checkCase(c: Case, ns: Namespaces, scale: number): Promise<void> {
  await torch.scope(async () => {
    const inputs = makeInputs(c);
    const outs = call(c, inputs, ns);
    expect(outs.length, `${c.id}: number of outputs`).toBe(c.out.length);
    for (const [i, o] of outs.entries()) {
      const e = c.out[i]!;
      if (typeof e === 'object') {
        expect(torch.isTensor(o), `${c.id}: output ${i} should be a tensor`).toBe(true);
        const tol = defaultTolerance(e.dtype);
        const bad = await mismatchAsync(o as Tensor, e, { atol: (c.atol ?? tol.atol) * scale, rtol: (c.rtol ?? tol.rtol) * scale });
        expect(bad, `${c.id}: output ${i}`).toBeNull();
      } else {
        expect(Number(o), `${c.id}: output ${i}`).toBeCloseTo(Number(e), 6);
      }
    }
    if (!c.grads) return;
    const diff = outs.filter((o): o is Tensor => torch.isTensor(o) && o.requires_grad);
    const leaves = inputs.filter((t) => t.requires_grad);
    expect(diff.length, `${c.id}: differentiable outputs`).toBe(c.grad_out!.length);
    const grads = torch.autograd.grad(diff, leaves, {
      grad_outputs: diff.map((o, k) => torch.tensor(c.grad_out![k]!.map(Number), { dtype: o.dtype }).reshape([...o.shape])),
      allow_unused: true,
    });
    let k = 0;
    for (const [i, expected] of c.grads.entries()) {
      if (!c.tensors[i]!.requires_grad) continue;
      const g = grads[k++];
      if (expected === null) {
        if (g) expect(Array.from((await g.data()) as Float32Array).every((v) => v === 0), `${c.id}: grad ${i} should be zero`).toBe(true);
        continue;
      }
      expect(g, `${c.id}: grad of input ${i} is missing`).toBeTruthy();
      const tol = defaultTolerance((expected as TensorSpec).dtype, true);
      const bad = await mismatchAsync(g!, expected, { atol: (c.atol ?? tol.atol) * scale * 10, rtol: (c.rtol ?? tol.rtol) * scale * 10 });
      expect(bad, `${c.id}: grad of input ${i}`).toBeNull();
    }
  });
}

/**
 * Ops whose output shape depends on tensor values (`one_hot` without `num_classes`, `nonzero`…).
 * A backend without synchronous reads cannot run them; the op must then refuse with an error that
 * names the synchronous read it would need.
 */
const DATA_DEPENDENT = new Set(['one_hot', 'nonzero', 'argwhere', 'unique', 'unique_consecutive', 'masked_select', 'bincount', 'repeat_interleave']);

async function checkNeedsSyncRead(c: Case, ns: Namespaces, scale: number): Promise<void> {
  try {
    await checkCase(c, ns, scale);
  } catch (e) {
    const refused = torch.TorchError.isInstance(e) && /synchronous/.test(e.message);
    if (!refused) throw e;
  }
}

/**
 * A case that needs a dtype the backend does not store (float64 on WebGPU) must fail with a
 * DTypeError, before any kernel runs.
 */
async function checkRefused(c: Case, ns: Namespaces, missing: readonly string[]): Promise<void> {
  let error: unknown = null;
  try {
    await checkCase(c, ns, 1);
  } catch (e) {
    error = e;
  }
  expect(DTypeError.isInstance(error), `${c.id}: needs ${missing.join(', ')}, which the backend does not store, so it should raise a DTypeError (got ${String(error)})`).toBe(true);
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
        it(c.id, async () => {
          const before = torch.memory(be.name);
          const missing = unsupportedDtypes(c, be);
          if (missing.length) await checkRefused(c, ns, missing);
          else if (!be.readSync && DATA_DEPENDENT.has(c.fn)) await checkNeedsSyncRead(c, ns, scale);
          else await checkCase(c, ns, scale);
          const after = torch.memory(be.name);
          expect({ buffers: after.buffers, tensors: after.tensors }, `${c.id}: memory after the case`).toEqual({
            buffers: before.buffers,
            tensors: before.tensors,
          });
        });
      }
      for (const mc of ns.nn ? (file.modules ?? []) : []) it(mc.id, () => runModuleCase(mc, ns.nn!, scale, be));
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
  const functional = files.filter((f) => f.cases.some((c) => c.ns === 'F') || (ns.nn && (f.modules?.length ?? 0) > 0));
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
