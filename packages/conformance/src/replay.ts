/**
 * Replaying a PyTorch case with our API: build the inputs, call `fn(...args, kwargs)` in the
 * right namespace, and collect outputs and input gradients.
 */
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { type Case, type InputSpec, num } from './fixture.js';

/** The namespaces a case can call into: `torch` is `@proj/tensor`; `F` is `@proj/functional`. */
export interface Namespaces {
  torch: Record<string, unknown>;
  F?: Record<string, unknown>;
  /** `@proj/nn`, for the module cases. */
  nn?: Record<string, unknown>;
}

export interface Replayed {
  inputs: Tensor[];
  outputs: unknown[];
}

/** Creates a case's input tensors (leaves) in `dtype` overrides (used by gradcheck). */
export function makeInputs(c: Case, floatDtype?: 'float64'): Tensor[] {
  return c.tensors.map((spec: InputSpec) => {
    const dtype = floatDtype && (spec.dtype === 'float32' || spec.dtype === 'float64') ? floatDtype : spec.dtype;
    const values = spec.data.map((v) => (typeof v === 'boolean' ? v : num(v)));
    const t = torch.tensor(values.length ? values : [], { dtype }).reshape(spec.shape);
    if (spec.requires_grad) t.requires_grad_(true);
    return t;
  });
}

function applyViews(t: Tensor, spec: InputSpec): Tensor {
  let r = t;
  for (const [method, ...args] of spec.view) {
    r = (r as unknown as Record<string, (...a: unknown[]) => Tensor>)[method]!(...args);
  }
  return r;
}

function decode(a: unknown, views: Tensor[]): unknown {
  if (Array.isArray(a)) return a.map((x) => decode(x, views));
  if (a !== null && typeof a === 'object') {
    const o = a as Record<string, unknown>;
    if ('$t' in o) return views[o.$t as number];
    if ('$f' in o) return num(o.$f as 'nan');
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v, views)]));
  }
  return a;
}

/** Calls the case's function on `inputs` (already created) and returns its outputs as a list. */
export function call(c: Case, inputs: Tensor[], ns: Namespaces): unknown[] {
  const views = inputs.map((t, i) => applyViews(t, c.tensors[i]!));
  const args = c.args.map((a) => decode(a, views));
  const kwargs = decode(c.kwargs, views) as Record<string, unknown>;
  if (Object.keys(kwargs).length > 0) args.push(kwargs);
  if (c.seed !== undefined) torch.manual_seed(c.seed);
  let out: unknown;
  if (c.ns === 'method') {
    const self = args.shift() as Record<string, (...a: unknown[]) => unknown>;
    const m = self[c.fn];
    if (typeof m !== 'function') throw new Error(`conformance: Tensor has no method '${c.fn}'`);
    out = m.apply(self, args);
  } else {
    const space = c.ns === 'torch' ? ns.torch : ns.F;
    if (!space) throw new Error(`conformance: no '${c.ns}' namespace was given to the kit`);
    const fn = space[c.fn === 'var' ? 'var' : c.fn];
    if (typeof fn !== 'function') throw new Error(`conformance: ${c.ns}.${c.fn} does not exist`);
    out = (fn as (...a: unknown[]) => unknown)(...args);
  }
  return Array.isArray(out) ? [...out] : [out];
}
