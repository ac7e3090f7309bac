import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Parameter, isParameter } from './index.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.setBackend('cpu');
});

describe('Parameter', () => {
  it('is a leaf tensor that requires grad, shares storage with its data, and leaves every scope', () => {
    const data = torch.tensor([1, 2], { dtype: 'float32' });
    const p = torch.scope(() => new Parameter(data));
    expect(p.isDisposed).toBe(false);
    expect(p.requires_grad && p.is_leaf).toBe(true);
    expect(isParameter(p) && !isParameter(data)).toBe(true);
    data.fill_(5);
    expect(p.tolist()).toEqual([5, 5]);
    expect(String(p)).toBe('Parameter containing:\ntensor([5., 5.], requires_grad=True)');
    expect(new Parameter(torch.ones(1), false).requires_grad).toBe(false);
    expect(new Parameter().shape).toEqual([0]);
    expect(isParameter(p.detach())).toBe(false);
    p.dispose();
  });

  it('refuses an integer tensor that would require grad', () => {
    expect(() => new Parameter(torch.tensor([1, 2]))).toThrow(ArgumentError);
    expect(new Parameter(torch.tensor([1, 2]), false).dtype).toBe('int64');
  });
});
