import { ArgumentError, StateError, zeros } from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import { Adagrad } from '../adagrad.js';
import { SGD } from '../sgd.js';
import { replaySchedulerFixtures } from '../test/schedules.js';
import { OneCycleLR } from './one-cycle-lr.js';

describe('OneCycleLR', () => {
  replaySchedulerFixtures('OneCycleLR/');

  const opt = () => new SGD([zeros(2, { requires_grad: true })], { lr: 0.1, momentum: 0.9 });

  it('needs total_steps, or epochs and steps_per_epoch', () => {
    expect(() => new OneCycleLR(opt(), 1)).toThrow('OneCycleLR: You must define either total_steps OR (epochs AND steps_per_epoch)');
    expect(() => new OneCycleLR(opt(), 1, { total_steps: 0 })).toThrow('OneCycleLR: Expected positive integer total_steps, but got 0');
    expect(() => new OneCycleLR(opt(), 1, { epochs: 2 })).toThrow('OneCycleLR: Expected positive integer steps_per_epoch, but got null');
  });
  it('validates pct_start, anneal_strategy and per-group lists', () => {
    expect(() => new OneCycleLR(opt(), 1, { total_steps: 10, pct_start: 1.5 })).toThrow(ArgumentError);
    expect(() => new OneCycleLR(opt(), 1, { total_steps: 10, anneal_strategy: 'exp' as never })).toThrow(
      "OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got exp",
    );
    expect(() => new OneCycleLR(opt(), [1, 2], { total_steps: 10 })).toThrow('OneCycleLR: expected 1 values for max_lr, got 2');
  });
  it('needs an optimiser with momentum to cycle momentum', () => {
    const a = new Adagrad([zeros(2, { requires_grad: true })]);
    expect(() => new OneCycleLR(a, 1, { total_steps: 10 })).toThrow(
      'OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled',
    );
    expect(() => new OneCycleLR(a, 1, { total_steps: 10, cycle_momentum: false })).not.toThrow();
  });
  it('refuses to step past total_steps', () => {
    const s = new OneCycleLR(opt(), 1, { total_steps: 3 });
    for (let i = 0; i < 3; i++) s.step();
    expect(() => s.step()).toThrow(StateError);
    expect(() => s.step()).toThrow('OneCycleLR: Tried to step 6 times. The specified number of total steps is 3');
  });
});
