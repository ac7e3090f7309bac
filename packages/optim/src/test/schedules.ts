/**
 * Test helper: replays the learning-rate scheduler fixtures (lr and momentum sequences, and the
 * final scheduler state dicts) from tools/fixtures/optim.py.
 */
import { zeros } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad } from '../adagrad.js';
import { Adam } from '../adam.js';
import * as lr_scheduler from '../lr-scheduler/index.js';
import type { LRScheduler, SchedulableOptimizer } from '../lr-scheduler/scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { SGD } from '../sgd.js';
import type { ParamState } from '../types.js';
import { BACKENDS, useBackend } from './backends.js';
import { type JsonValue, SCHEDULER_CASES, type SchedulerCase, decodeOptions, num } from './fixtures.js';

/** The same functions as LAMBDAS in tools/fixtures/optim.py. */
export const LAMBDAS: Record<string, (e: number) => number> = {
  exp95: (e) => 0.95 ** e,
  warmup5: (e) => Math.min(1.0, (e + 1) / 5),
  inverse: (e) => 1.0 / (1 + 0.1 * e),
};

// Host float64 math throughout; Math.cos and glibc's cos may differ in the last bit, and the
// recursive forms carry that along.
const RTOL = 1e-12;

const OPTIMIZERS = { SGD, Adam, Adagrad } as const;
type SchedulerCtor = new (optimizer: SchedulableOptimizer, ...args: unknown[]) => LRScheduler;

export function expectNumbersClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= RTOL * Math.abs(e) + 1e-15)) expect.fail(`${what}[${i}]: ${a}, PyTorch ${e}`);
  });
}

/** Deep comparison of a scheduler state dict entry, numbers with RTOL. */
function expectJsonClose(ours: unknown, theirs: JsonValue, what: string): void {
  if (typeof theirs === 'number' || theirs === 'nan' || theirs === 'inf' || theirs === '-inf') {
    expectNumbersClose([ours as number], [num(theirs)], what);
  } else if (Array.isArray(theirs)) {
    expect(Array.isArray(ours), what).toBe(true);
    expect((ours as unknown[]).length, what).toBe(theirs.length);
    theirs.forEach((t, i) => {
      expectJsonClose((ours as unknown[])[i], t, `${what}[${i}]`);
    });
  } else if (theirs !== null && typeof theirs === 'object') {
    expect(Object.keys(ours as object).sort(), what).toEqual(Object.keys(theirs).sort());
    for (const [k, v] of Object.entries(theirs)) expectJsonClose((ours as Record<string, unknown>)[k], v, `${what}.${k}`);
  } else expect(ours, what).toBe(theirs);
}

/** Keys our schedulers keep that PyTorch 1.13 does not (it stores the annealing function itself). */
const OURS_ONLY = ['_anneal_func_type'];

export function buildCase(c: SchedulerCase): { opt: Optimizer<object, ParamState>; schedulers: LRScheduler[] } {
  const groups = c.lrs_init.map((lr, i) => ({ params: [zeros(i + 2, { requires_grad: true })], lr }));
  const opt = new OPTIMIZERS[c.optimizer](groups as never, decodeOptions(c.options) as never) as Optimizer<object, ParamState>;
  if (c.initial_lr) for (const g of opt.param_groups) g.initial_lr = g.lr;
  const schedulers = c.schedulers.map(([name, args, kwargs]) => {
    const Cls = (lr_scheduler as unknown as Record<string, SchedulerCtor>)[name]!;
    const decoded = args.map((a) =>
      name === 'LambdaLR' ? (Array.isArray(a) ? a.map((n) => LAMBDAS[n as string]!) : LAMBDAS[a as string]!) : decodeOptions({ a }).a,
    );
    return new Cls(opt, ...decoded, decodeOptions(kwargs));
  });
  return { opt, schedulers };
}

export function momenta(opt: Optimizer<object, ParamState>): number[] {
  return opt.param_groups.flatMap((g) =>
    Array.isArray(g.betas) ? [g.betas[0] as number] : typeof g.momentum === 'number' ? [g.momentum] : [],
  );
}

/** One vitest case per fixture case whose id starts with `prefix`. */
export function replaySchedulerFixtures(prefix: string): void {
  const cases = SCHEDULER_CASES.filter((c) => c.id.startsWith(prefix));
  it('has fixtures', () => expect(cases.length).toBeGreaterThan(0));
  describe.each(BACKENDS)('$name', (backend) => {
    beforeAll(() => useBackend(backend));
    it.each(cases.map((c) => [c.id, c] as const))('%s: matches PyTorch', (_, c) => {
      const { opt, schedulers } = buildCase(c);
      const last = schedulers[schedulers.length - 1]!;
      expectNumbersClose(last.get_last_lr(), c.lrs[0]!, `${c.id}: lr after construction`);
      expectNumbersClose(momenta(opt), c.momenta[0]!, `${c.id}: momentum after construction`);
      for (let k = 1; k <= c.steps; k++) {
        opt.step();
        for (const s of schedulers) s.step();
        expectNumbersClose(last.get_last_lr(), c.lrs[k]!, `${c.id}: lr after step ${k}`);
        expectNumbersClose(opt.param_groups.map((g) => g.lr), c.lrs[k]!, `${c.id}: group lr after step ${k}`);
        expectNumbersClose(momenta(opt), c.momenta[k]!, `${c.id}: momentum after step ${k}`);
      }
      schedulers.forEach((s, i) => {
        const ours = s.state_dict();
        const theirs = c.state_dicts[i]!;
        for (const k of Object.keys(ours)) if (!(k in theirs)) expect(OURS_ONLY, `${c.id}: our state_dict key '${k}'`).toContain(k);
        for (const [k, v] of Object.entries(theirs)) expectJsonClose(ours[k], v, `${c.id}: state_dict.${k}`);
      });
    });
  });
}
