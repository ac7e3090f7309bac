import { cpu } from '@proj/backend-cpu';
import { withoutFusedKernels } from '@proj/conformance';
import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { alpha_dropout, dropout, dropout2d } from './dropout.js';
import { rejects, useCpu } from './expect-typed-error.js';

beforeAll(() => useCpu('cpu-dropout-test'));

describe('dropout arguments', () => {
  it('rejects p outside [0, 1], NaN included, as PyTorch', () => {
    for (const p of [-0.1, 1.5, Number.NaN]) {
      rejects(() => dropout(torch.ones([4]), { p }), ArgumentError, `dropout: dropout probability has to be between 0 and 1, but got ${p}`);
      rejects(() => dropout2d(torch.ones([1, 2, 2]), p), ArgumentError, /dropout2d: dropout probability has to be between 0 and 1/);
      rejects(() => alpha_dropout(torch.ones([4]), { p, training: true }), ArgumentError, /alpha_dropout: dropout probability/);
    }
    rejects(() => dropout(torch.ones([4], { dtype: 'int64' })), DTypeError, /dropout: expected input to be a floating point tensor/);
    rejects(() => dropout2d(torch.ones([4])), ShapeError, /dropout2d: expected a 3-D \(N, C, L\) or 4-D \(N, C, H, W\) input, got shape \[4\]/);
  });
});

describe('dropout behaviour', () => {
  it('returns the input itself when nothing is dropped', () => {
    torch.scope(() => {
      const x = torch.randn([3, 4]);
      expect(dropout(x, { training: false })).toBe(x);
      expect(dropout(x, { p: 0 })).toBe(x);
      expect(alpha_dropout(x)).toBe(x); // training defaults to false for alpha_dropout only
      expect(dropout2d(x.reshape([1, 3, 4]), { training: false }).shape).toEqual([1, 3, 4]);
    });
  });

  it('draws the same mask on another backend for the same seed', () => {
    const other = withoutFusedKernels(cpu({ name: 'cpu-dropout-other' }), 'cpu-dropout-other');
    torch.registerBackend(other);
    torch.scope(() => {
      const x = torch.randn([6, 5]);
      torch.manual_seed(42);
      const a = Array.from(dropout(x, { p: 0.4 }).dataSync() as Float32Array);
      const y = x.to('cpu-dropout-other');
      torch.manual_seed(42);
      const b = Array.from(dropout(y, { p: 0.4 }).dataSync() as Float32Array);
      expect(b).toEqual(a);
      expect(a.some((v) => v === 0)).toBe(true);
    });
  });
});
