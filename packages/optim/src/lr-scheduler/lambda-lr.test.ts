import { ArgumentError, zeros } from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import { SGD } from '../sgd.js';
import { replaySchedulerFixtures } from '../test/schedules.js';
import { LambdaLR } from './lambda-lr.js';

describe('LambdaLR', () => {
  replaySchedulerFixtures('LambdaLR/');

  const opt = () =>
    new SGD([{ params: [zeros(2, { requires_grad: true })] }, { params: [zeros(1, { requires_grad: true })], lr: 0.5 }], { lr: 0.1 });

  it('needs one lambda per group when given a list', () => {
    expect(() => new LambdaLR(opt(), [(e) => e])).toThrow('LambdaLR: Expected 2 lr_lambdas, but got 1');
    expect(() => new LambdaLR(opt(), 3 as never)).toThrow(ArgumentError);
  });
  it('keeps the lambdas out of state_dict, as PyTorch does', () => {
    const s = new LambdaLR(opt(), (e) => 1 / (e + 1));
    s.step();
    const sd = s.state_dict();
    expect(sd.lr_lambdas).toEqual([null, null]);
    expect(sd.last_epoch).toBe(1);
    expect(JSON.parse(JSON.stringify(sd))).toEqual(sd);
  });
});
