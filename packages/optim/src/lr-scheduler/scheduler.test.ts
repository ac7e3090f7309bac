import { ArgumentError, zeros } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from '../adam.js';
import { SGD } from '../sgd.js';
import { BACKENDS, useBackend } from '../test/backends.js';
import { SCHEDULER_CASES } from '../test/fixtures.js';
import { buildCase, expectNumbersClose, replaySchedulerFixtures } from '../test/schedules.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { ExponentialLR } from './exponential-lr.js';
import { OneCycleLR } from './one-cycle-lr.js';

describe('LRScheduler', () => {
  // Two schedulers stepping one optimiser compose through their recursive forms.
  replaySchedulerFixtures('chained');

  beforeAll(() => useBackend(BACKENDS[0]!));
  const opt = () => new SGD([{ params: [zeros(2, { requires_grad: true })] }, { params: [zeros(1, { requires_grad: true })], lr: 0.2 }], { lr: 0.1, momentum: 0.9 });

  it('rejects what is not an optimizer and a bad last_epoch', () => {
    expect(() => new ExponentialLR({} as never, 0.9)).toThrow('ExponentialLR: expected an optimizer, got object');
    expect(() => new ExponentialLR(opt(), 0.9, { last_epoch: -2 })).toThrow(ArgumentError);
    expect(() => new ExponentialLR(opt(), 0.9, { last_epoch: 1.5 })).toThrow('ExponentialLR: last_epoch must be an integer >= -1, got 1.5');
  });

  it('records initial_lr in the groups, which the optimizer state_dict carries', () => {
    const o = opt();
    const s = new ExponentialLR(o, 0.5);
    s.step();
    expect(o.param_groups.map((g) => g.initial_lr)).toEqual([0.1, 0.2]);
    expect(o.state_dict().param_groups.map((g) => [g.initial_lr, g.lr])).toEqual([[0.1, 0.05], [0.2, 0.1]]);
    expect(s.base_lrs).toEqual([0.1, 0.2]);
  });

  it('get_last_lr returns a copy', () => {
    const s = new ExponentialLR(opt(), 0.5);
    s.get_last_lr()[0] = 99;
    expect(s.get_last_lr()).toEqual([0.1, 0.2]);
  });

  it.each(SCHEDULER_CASES.map((c) => [c.id, c] as const))('%s: resumes from its state_dict', (_, c) => {
    const mid = Math.floor(c.steps / 2);
    const a = buildCase(c);
    for (let k = 0; k < mid; k++) for (const s of a.schedulers) s.step();
    // Scheduler state dicts are plain JSON.
    const saved = JSON.parse(JSON.stringify(a.schedulers.map((s) => s.state_dict())));

    const b = buildCase(c);
    b.opt.load_state_dict(a.opt.state_dict());
    b.schedulers.forEach((s, i) => {
      s.load_state_dict(saved[i]);
    });
    for (let k = mid + 1; k <= c.steps; k++) {
      for (const s of b.schedulers) s.step();
      expectNumbersClose(b.schedulers[b.schedulers.length - 1]!.get_last_lr(), c.lrs[k]!, `${c.id}: lr after step ${k}`);
    }
  });

  it('a resumed CosineAnnealingLR continues from last_epoch', () => {
    const o = opt();
    for (const g of o.param_groups) g.initial_lr = g.lr;
    const s = new CosineAnnealingLR(o, 10, { last_epoch: 9 });
    expect(s.last_epoch).toBe(10);
    expect(s.get_last_lr()[0]).toBeCloseTo(0, 12);
  });

  it('OneCycleLR drives Adam\'s beta1 and keeps beta2', () => {
    const o = new Adam([zeros(2, { requires_grad: true })], { betas: [0.9, 0.98] });
    const s = new OneCycleLR(o, 0.01, { total_steps: 10 });
    s.step();
    const betas = o.param_groups[0]!.betas;
    expect(betas[1]).toBe(0.98);
    expect(betas[0]).toBeLessThan(0.95);
    expect(betas[0]).toBeGreaterThan(0.85);
  });
});
