import { ArgumentError, zeros } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { SGD } from '../sgd.js';
import { BACKENDS, useBackend } from '../test/backends.js';
import { replaySchedulerFixtures } from '../test/schedules.js';
import { MultiStepLR, StepLR } from './step-lr.js';

describe('StepLR', () => {
  replaySchedulerFixtures('StepLR/');

  describe('arguments', () => {
    beforeAll(() => useBackend(BACKENDS[0]!));
    const opt = () => new SGD([zeros(2, { requires_grad: true })], { lr: 0.1 });

    it('rejects a step_size that is not a positive integer', () => {
      expect(() => new StepLR(opt(), 0)).toThrow(ArgumentError);
      expect(() => new StepLR(opt(), 2.5)).toThrow('StepLR: step_size must be a positive integer, got 2.5');
    });
    it('rejects unknown options and a NaN gamma', () => {
      expect(() => new StepLR(opt(), 3, { gama: 0.5 } as never)).toThrow("StepLR: unknown option 'gama'");
      expect(() => new StepLR(opt(), 3, { gamma: NaN })).toThrow('StepLR: gamma must be a number, got NaN');
    });
    it('sets the lr at construction from the group', () => {
      const o = opt();
      const s = new StepLR(o, 2, { gamma: 0.5 });
      expect(s.last_epoch).toBe(0);
      expect(s.get_last_lr()).toEqual([0.1]);
      expect(o.param_groups[0]!.initial_lr).toBe(0.1);
      s.step();
      s.step();
      expect(o.param_groups[0]!.lr).toBe(0.05);
    });
  });
});

describe('MultiStepLR', () => {
  replaySchedulerFixtures('MultiStepLR/');

  it('rejects milestones that are not integers', () => {
    const o = new SGD([zeros(2, { requires_grad: true })], { lr: 0.1 });
    expect(() => new MultiStepLR(o, [1, 2.5])).toThrow('MultiStepLR: milestones must be integers, got 2.5');
    expect(() => new MultiStepLR(o, 3 as never)).toThrow(ArgumentError);
  });
});
