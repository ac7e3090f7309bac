import { ArgumentError, zeros } from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import { SGD } from '../sgd.js';
import { replaySchedulerFixtures } from '../test/schedules.js';
import { ExponentialLR } from './exponential-lr.js';

describe('ExponentialLR', () => {
  replaySchedulerFixtures('ExponentialLR');

  it('rejects a gamma that is not a number and unknown options', () => {
    const o = new SGD([zeros(2, { requires_grad: true })], { lr: 0.1 });
    expect(() => new ExponentialLR(o, '0.9' as never)).toThrow(ArgumentError);
    expect(() => new ExponentialLR(o, 0.9, { gamma: 0.9 } as never)).toThrow("ExponentialLR: unknown option 'gamma'");
  });
});
