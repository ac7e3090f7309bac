import { ArgumentError, StateError, zeros } from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import { SGD } from '../sgd.js';
import { replaySchedulerFixtures } from '../test/schedules.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';

describe('CosineAnnealingLR', () => {
  replaySchedulerFixtures('CosineAnnealingLR/');

  const opt = () => new SGD([zeros(2, { requires_grad: true })], { lr: 0.1 });

  it('rejects a T_max that is not positive', () => {
    expect(() => new CosineAnnealingLR(opt(), 0)).toThrow('CosineAnnealingLR: T_max must be a positive number, got 0');
    expect(() => new CosineAnnealingLR(opt(), 10, { eta_min: NaN })).toThrow(ArgumentError);
  });
  it('needs initial_lr in every group to resume', () => {
    expect(() => new CosineAnnealingLR(opt(), 10, { last_epoch: 3 })).toThrow(
      "CosineAnnealingLR: param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer",
    );
    expect(() => new CosineAnnealingLR(opt(), 10, { last_epoch: 3 })).toThrow(StateError);
  });
  it('follows changes made to lr between steps, as the recursive form does', () => {
    const o = opt();
    const s = new CosineAnnealingLR(o, 10);
    s.step();
    const before = o.param_groups[0]!.lr;
    o.param_groups[0]!.lr = before / 2;
    s.step();
    const halved = o.param_groups[0]!.lr;
    const o2 = opt();
    const s2 = new CosineAnnealingLR(o2, 10);
    s2.step();
    s2.step();
    expect(halved).toBeCloseTo(o2.param_groups[0]!.lr / 2, 12);
  });
});
