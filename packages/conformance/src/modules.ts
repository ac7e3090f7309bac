/**
 * Module cases: an `nn` layer built by name, checked against PyTorch (see
 * `tools/fixtures/nn_modules.py`): default initialisation under a seed, repr, then forward steps
 * in train or eval mode with outputs, input and parameter gradients, and buffers afterwards.
 *
 * The kit knows modules only structurally (`ModuleLike`), so it needs no dependency on `@proj/nn`:
 * a backend passes `namespaces: { F, nn }` to `runConformance`.
 */
import * as torch from '@proj/tensor';
import { type Backend, DTypeError, type Tensor } from '@proj/tensor';
import { expect } from 'vitest';
import { defaultTolerance, mismatchAsync } from './compare.js';
import type { Case, InputSpec, JsonNumber, TensorSpec } from './fixture.js';
import { makeInputs } from './replay.js';

/** A constructor call: `new nn[cls](...args, kwargs)`; `{ $m }` args are child modules, `{ $t }` tensors. */
export interface ModuleSpec {
  cls: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface ModuleStep {
  train: boolean;
  /** The seeded tensor inputs, referenced from `args` as `{ $t: i }`. */
  inputs: InputSpec[];
  args: unknown[];
  /** `manual_seed(seed)` right before the call (dropout masks). */
  seed?: number;
  out: TensorSpec[];
  grad_out?: JsonNumber[][];
  /** Per input: its gradient, or null when it needs none. */
  input_grads?: (TensorSpec | null)[];
  /** Per parameter name: its gradient (parameters the output does not use are absent). */
  param_grads?: Record<string, TensorSpec>;
  /** Every buffer after the step. */
  buffers: Record<string, TensorSpec>;
}

export interface ModuleCase extends ModuleSpec {
  id: string;
  /** `manual_seed(seed)` before construction. */
  seed: number;
  /** Tensors the constructor takes (e.g. a loss's class weights). */
  tensors: InputSpec[];
  repr: string;
  /** The state dict right after construction: keys in order and default-initialised values. */
  init: Record<string, TensorSpec>;
  /** Loaded with `load_state_dict` before the steps. */
  state: Record<string, TensorSpec>;
  steps: ModuleStep[];
  atol?: number;
  rtol?: number;
}

/** What the kit needs of a module. */
export interface ModuleLike {
  call(...args: unknown[]): unknown;
  train(mode?: boolean): unknown;
  load_state_dict(state_dict: Map<string, Tensor>, opts?: { strict?: boolean }): unknown;
  state_dict(opts?: { keep_vars?: boolean }): Map<string, Tensor>;
  named_parameters(): Iterable<[string, Tensor]>;
  named_buffers(): Iterable<[string, Tensor]>;
  dispose(): void;
  toString(): string;
}

type ModuleCtor = new (...args: unknown[]) => ModuleLike;

function fromSpec(spec: TensorSpec): Tensor {
  const values = spec.data.map((v) => (typeof v === 'boolean' ? v : typeof v === 'number' ? v : Number(v)));
  return torch.tensor(values.length ? values : [], { dtype: spec.dtype }).reshape(spec.shape);
}

/** Builds `spec` from the `nn` namespace; `tensors` resolves `{ $t: i }` arguments. */
export function buildModule(spec: ModuleSpec, nn: Record<string, unknown>, tensors: readonly Tensor[] = []): ModuleLike {
  const decode = (a: unknown): unknown => {
    if (Array.isArray(a)) return a.map(decode);
    if (a !== null && typeof a === 'object') {
      const o = a as Record<string, unknown>;
      if ('$m' in o) return buildModule(o.$m as ModuleSpec, nn, tensors);
      if ('$t' in o) return tensors[o.$t as number];
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
    }
    return a;
  };
  const ctor = nn[spec.cls];
  if (typeof ctor !== 'function') throw new Error(`conformance: nn.${spec.cls} does not exist`);
  const args = spec.args.map(decode);
  if (Object.keys(spec.kwargs).length > 0) args.push(decode(spec.kwargs));
  return new (ctor as ModuleCtor)(...args);
}

const flatOutputs = (out: unknown): unknown[] => (Array.isArray(out) ? [...out] : [out]);

type Close = (t: Tensor | null | undefined, e: TensorSpec, what: string, grad?: boolean) => Promise<void>;

/**
 * Checks one module case inside a scope, disposing the module at the end. Reads go through
 * `await tensor.data()`, so it runs on backends without synchronous reads.
 */
export async function checkModuleCase(c: ModuleCase, nn: Record<string, unknown>, scale = 1): Promise<void> {
  const close: Close = async (t, e, what, grad = false) => {
    expect(t, `${c.id}: ${what} is missing`).toBeTruthy();
    const tol = defaultTolerance(e.dtype, grad);
    const k = scale * (grad ? 10 : 1);
    const bad = await mismatchAsync(t!, e, { atol: (c.atol ?? tol.atol) * k, rtol: (c.rtol ?? tol.rtol) * k });
    expect(bad, `${c.id}: ${what}`).toBeNull();
  };
  await torch.scope(async () => {
    const ctorTensors = makeInputs({ tensors: c.tensors } as unknown as Case);
    torch.manual_seed(c.seed);
    const m = buildModule(c, nn, ctorTensors);
    try {
      expect(m.toString(), `${c.id}: repr`).toBe(c.repr);
      const init = m.state_dict({ keep_vars: true });
      expect([...init.keys()], `${c.id}: state_dict keys`).toEqual(Object.keys(c.init));
      for (const [k, e] of Object.entries(c.init)) await close(init.get(k), e, `default init of ${k}`);
      m.load_state_dict(new Map(Object.entries(c.state).map(([k, e]) => [k, fromSpec(e)])));
      for (const [s, step] of c.steps.entries()) await checkStep(c, m, step, `step ${s}`, close);
    } finally {
      m.dispose();
    }
  });
}

async function checkStep(c: ModuleCase, m: ModuleLike, step: ModuleStep, label: string, close: Close): Promise<void> {
  m.train(step.train);
  const inputs = makeInputs({ tensors: step.inputs } as unknown as Case);
  const args = step.args.map((a) => (a !== null && typeof a === 'object' && '$t' in a ? inputs[(a as { $t: number }).$t] : a));
  if (step.seed !== undefined) torch.manual_seed(step.seed);
  const outs = flatOutputs(m.call(...args));
  expect(outs.length, `${c.id} ${label}: number of outputs`).toBe(step.out.length);
  for (const [i, o] of outs.entries()) await close(o as Tensor, step.out[i]!, `${label} output ${i}`);
  if (step.grad_out) {
    const diff = outs.filter((o): o is Tensor => torch.isTensor(o) && o.requires_grad);
    expect(diff.length, `${c.id} ${label}: differentiable outputs`).toBe(step.grad_out.length);
    const leaves = inputs.filter((t) => t.requires_grad);
    const params = [...m.named_parameters()];
    const grads = torch.autograd.grad(diff, [...leaves, ...params.map(([, p]) => p)], {
      grad_outputs: diff.map((o, k) => torch.tensor(step.grad_out![k]!.map(Number), { dtype: o.dtype }).reshape([...o.shape])),
      allow_unused: true,
    });
    let k = 0;
    for (const [i, t] of inputs.entries()) {
      if (!t.requires_grad) continue;
      const g = grads[k++];
      const e = step.input_grads?.[i];
      if (e) await close(g, e, `${label} grad of input ${i}`, true);
    }
    for (const [name] of params) {
      const g = grads[k++];
      const e = step.param_grads?.[name];
      if (e) await close(g, e, `${label} grad of ${name}`, true);
      else if (g) expect(Array.from((await g.data()) as Float32Array).every((v) => v === 0), `${c.id} ${label}: grad of ${name} should be zero`).toBe(true);
    }
  }
  const buffers = new Map(m.named_buffers());
  expect([...buffers.keys()], `${c.id} ${label}: buffer names`).toEqual(Object.keys(step.buffers));
  for (const [name, e] of Object.entries(step.buffers)) await close(buffers.get(name), e, `${label} buffer ${name}`);
}

/** The dtypes a module case uses that `be` does not store. */
export function moduleCaseDtypes(c: ModuleCase, be: Backend): string[] {
  const used = new Set<string>();
  const add = (specs: Iterable<{ dtype: string } | null | undefined>) => {
    for (const t of specs) if (t) used.add(t.dtype);
  };
  add(c.tensors);
  add(Object.values(c.init));
  for (const step of c.steps) {
    add(step.inputs);
    add(step.out);
    add(Object.values(step.buffers));
  }
  return [...used].filter((d) => !(be.dtypes as readonly string[]).includes(d));
}

/**
 * Runs a module case on `be` and checks that it leaves no tensor or buffer behind. A case that
 * needs a dtype the backend does not store must fail with a DTypeError instead.
 */
export async function runModuleCase(c: ModuleCase, nn: Record<string, unknown>, scale: number, be: Backend): Promise<void> {
  const before = torch.memory(be.name);
  const missing = moduleCaseDtypes(c, be);
  if (missing.length > 0) {
    let error: unknown = null;
    try {
      await checkModuleCase(c, nn, 1);
    } catch (e) {
      error = e;
    }
    expect(DTypeError.isInstance(error), `${c.id}: needs ${missing.join(', ')}, which the backend does not store, so it should raise a DTypeError (got ${String(error)})`).toBe(true);
  } else {
    await checkModuleCase(c, nn, scale);
  }
  const after = torch.memory(be.name);
  expect({ buffers: after.buffers, tensors: after.tensors }, `${c.id}: memory after the case`).toEqual({
    buffers: before.buffers,
    tensors: before.tensors,
  });
}
