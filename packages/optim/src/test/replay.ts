/**
 * Test helper: replays the optimiser fixtures. Each case trains PyTorch's tiny linear regression
 * with our autograd and checks the losses, every step's parameters, and the state dicts against
 * PyTorch's; then it resumes a fresh optimiser from PyTorch's mid-run state dict and checks the
 * remaining steps.
 */
import { type Tensor, scope } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Optimizer } from '../optimizer.js';
import type { OptimizerStateDict, ParamState } from '../types.js';
import { BACKENDS, useBackend } from './backends.js';
import {
  type JsonValue, OPTIMIZER_CASES, type OptimizerCase, type StateDictJson, type Tolerance, decodeOptions, expectClose,
  fromJson, isTensorJson, num,
} from './fixtures.js';

// float32: PyTorch's CPU kernels fuse `a + alpha·b` and `self + (v·t1)·t2` into one FMA rounding
// and sum matmul products in float32, where ours round each product and accumulate in float64;
// these last-bit differences in the gradients and updates drift to a few 1e-6 relative over 12
// steps. Elements passing near zero are judged against the tensor's scale (see expectClose).
export const TOLERANCE: Record<'float32' | 'float64', Tolerance> = {
  float32: { atol: 1e-6, rtol: 1e-5 },
  float64: { atol: 1e-12, rtol: 1e-10 },
};

/** PyTorch's group keys for features we do not have (foreach kernels, CUDA graphs, differentiable steps). */
const TORCH_ONLY_GROUP_KEYS = ['foreach', 'differentiable', 'capturable', 'fused'];

type Ctor = new (params: never, options: never) => Optimizer<object, ParamState>;

interface Problem {
  X: Tensor;
  Y: Tensor;
  params: Tensor[];
}

function setup(c: OptimizerCase, values?: readonly (readonly number[])[]): Problem {
  const params = c.params.map((p, i) => {
    const spec = values ? { ...p, data: [...values[i]!] } : p;
    return fromJson(spec, true);
  });
  return { X: fromJson(c.data.X), Y: fromJson(c.data.Y), params };
}

function build(c: OptimizerCase, Cls: Ctor, params: Tensor[]): Optimizer<object, ParamState> {
  const input = c.groups
    ? c.groups.map((g) => ({ ...decodeOptions(g), params: g.params.map((i) => params[i]!) }))
    : params.slice(0, 2);
  return new Cls(input as never, decodeOptions(c.options) as never);
}

/** `((X @ W.T + b − Y)²).mean()` */
function loss(p: Problem): Tensor {
  const [W, b] = p.params;
  return p.X.matmul(W!.t()).add(b!).sub(p.Y).pow(2).mean();
}

async function trainStep(c: OptimizerCase, opt: Optimizer<object, ParamState>, p: Problem): Promise<number> {
  return scope(async () => {
    let l: Tensor;
    if (c.closure) {
      l = opt.step(() => {
        opt.zero_grad();
        const v = loss(p);
        v.backward();
        return v;
      });
    } else {
      opt.zero_grad();
      l = loss(p);
      l.backward();
      opt.step();
    }
    return Number((await l.data())[0]);
  });
}

async function expectParams(c: OptimizerCase, params: readonly Tensor[], step: number): Promise<void> {
  const expected = c.trajectory[step - 1]!;
  for (let i = 0; i < params.length; i++) {
    expectClose(await params[i]!.data() as Float32Array, expected[i]!, TOLERANCE[c.dtype], `${c.id}: param ${i} after step ${step}`);
  }
}

async function expectValue(c: OptimizerCase, ours: unknown, theirs: JsonValue, what: string): Promise<void> {
  if (isTensorJson(theirs)) {
    if (typeof ours === 'number') {
      // Our `step` is a host number where PyTorch 1.13 keeps a 0-d tensor.
      expect(theirs.data.length, what).toBe(1);
      expect(ours, what).toBe(num(theirs.data[0]!));
      return;
    }
    const t = ours as Tensor;
    expect(t?.shape, what).toEqual(theirs.shape);
    expect(t.dtype, what).toBe(theirs.dtype);
    expectClose(await t.data() as Float32Array, theirs.data, TOLERANCE[c.dtype], what);
  } else if (Array.isArray(theirs)) {
    expect(Array.isArray(ours), what).toBe(true);
    const arr = ours as unknown[];
    expect(arr.length, what).toBe(theirs.length);
    for (let i = 0; i < theirs.length; i++) await expectValue(c, arr[i], theirs[i]!, `${what}[${i}]`);
  } else if (typeof theirs === 'number' || typeof theirs === 'string') {
    expect(ours, what).toBeCloseTo(num(theirs), 12);
  } else {
    expect(ours, what).toEqual(theirs);
  }
}

export async function expectStateDict(c: OptimizerCase, ours: OptimizerStateDict, theirs: StateDictJson, what: string): Promise<void> {
  expect(ours.param_groups.length, `${what}: groups`).toBe(theirs.param_groups.length);
  for (const [i, tg] of theirs.param_groups.entries()) {
    const og = ours.param_groups[i]!;
    for (const k of Object.keys(tg)) if (!(k in og)) expect(TORCH_ONLY_GROUP_KEYS, `${what}: group ${i} lacks '${k}'`).toContain(k);
    for (const k of Object.keys(og)) {
      expect(tg, `${what}: group ${i} has '${k}', PyTorch's does not`).toHaveProperty(k);
      await expectValue(c, og[k], tg[k]!, `${what}: group ${i}.${k}`);
    }
  }
  expect(Object.keys(ours.state).sort(), `${what}: state keys`).toEqual(Object.keys(theirs.state).sort());
  for (const [idx, ts] of Object.entries(theirs.state)) {
    const os = ours.state[Number(idx)]!;
    expect(Object.keys(os).sort(), `${what}: state ${idx} keys`).toEqual(Object.keys(ts).sort());
    for (const [k, v] of Object.entries(ts)) await expectValue(c, os[k], v, `${what}: state ${idx}.${k}`);
  }
}

/**
 * PyTorch's state dict with its tensors (0-d `step`s included) made ours on the cpu backend, like
 * a checkpoint loaded on the host: `load_state_dict` moves them to the parameters' backend.
 */
export function stateDictFromJson(sd: StateDictJson): OptimizerStateDict {
  const dec = (v: JsonValue): unknown =>
    isTensorJson(v) ? fromJson(v, false, 'cpu') : Array.isArray(v) ? v.map(dec) : typeof v === 'string' ? num(v) : v;
  const state: Record<number, ParamState> = {};
  for (const [k, s] of Object.entries(sd.state)) state[Number(k)] = Object.fromEntries(Object.entries(s).map(([key, v]) => [key, dec(v)])) as ParamState;
  return { state, param_groups: sd.param_groups.map((g) => ({ ...decodeOptions(g), params: [...g.params] })) };
}

/** Registers one vitest case per fixture case of `optimizer`, on every test backend. */
export function replayOptimizerFixtures(optimizer: OptimizerCase['optimizer'], Cls: Ctor): void {
  const cases = OPTIMIZER_CASES.filter((c) => c.optimizer === optimizer);
  it('has fixtures', () => expect(cases.length).toBeGreaterThanOrEqual(6));
  describe.each(BACKENDS)('$name', (backend) => {
    beforeAll(() => useBackend(backend));
    const mine = cases.filter((c) => backend.dtypes.includes(c.dtype));

    it.each(mine.map((c) => [c.id, c] as const))('%s: matches PyTorch step by step', async (_, c) => {
      const p = setup(c);
      const opt = build(c, Cls, p.params);
      for (let k = 1; k <= c.steps; k++) {
        const l = await trainStep(c, opt, p);
        expectClose([l], [c.losses[k - 1]!], TOLERANCE[c.dtype], `${c.id}: loss before step ${k}`);
        await expectParams(c, p.params, k);
        if (k === c.mid) await expectStateDict(c, opt.state_dict(), c.state_dict_mid, `${c.id}: state_dict after ${k} steps`);
      }
      await expectStateDict(c, opt.state_dict(), c.state_dict, `${c.id}: final state_dict`);
      opt.state.clear();
    });

    it.each(mine.map((c) => [c.id, c] as const))('%s: resumes from PyTorch\'s state_dict', async (_, c) => {
      const p = setup(c, c.trajectory[c.mid - 1]!.map((v) => v.map(num)));
      const opt = build(c, Cls, p.params);
      const sd = stateDictFromJson(c.state_dict_mid);
      opt.load_state_dict(sd);
      for (let k = c.mid + 1; k <= c.steps; k++) {
        await trainStep(c, opt, p);
        await expectParams(c, p.params, k);
      }
      await expectStateDict(c, opt.state_dict(), c.state_dict, `${c.id}: state_dict after resuming`);
    });
  });
}
