import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, StateError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { celu, elu, gelu, hardtanh, leaky_relu, log_softmax, relu, silu, softmax, softmin, softplus } from './activation.js';
import { rejects, useCpu } from './expect-typed-error.js';

beforeAll(() => useCpu('cpu-activation-test'));

describe('softmax family arguments', () => {
  it('requires dim instead of guessing it, as PyTorch deprecates', () => {
    torch.scope(() => {
      const x = torch.zeros([2, 3]);
      for (const [name, fn] of [['softmax', softmax], ['log_softmax', log_softmax], ['softmin', softmin]] as const) {
        rejects(() => (fn as (t: torch.Tensor) => torch.Tensor)(x), ArgumentError, new RegExp(`^${name}: dim is required`));
        rejects(() => fn(x, 2), ArgumentError, new RegExp(`^${name}: dim 2 is out of range for a 2-D tensor`));
      }
    });
  });

  it('accepts dim positionally or by name, not both', () => {
    torch.scope(() => {
      const x = torch.randn([2, 3]);
      const a = softmax(x, 1);
      const b = softmax(x, { dim: 1 });
      expect(Array.from(a.dataSync() as Float32Array)).toEqual(Array.from(b.dataSync() as Float32Array));
      rejects(() => softmax(x, 1, { dim: 0 } as never), ArgumentError, /got multiple values for argument 'dim'/);
      rejects(() => softmax(x, { dim: 1, axis: 0 } as never), ArgumentError, /softmax: unexpected option 'axis'/);
    });
  });

  it('rejects integer inputs unless a float dtype is requested', () => {
    torch.scope(() => {
      const ints = torch.tensor([1, 2, 3]);
      rejects(() => softmax(ints, 0), DTypeError, /softmax: expected a floating point input .*got int64/);
      expect(softmax(ints, 0, { dtype: 'float64' }).dtype).toBe('float64');
    });
  });
});

describe('activation arguments', () => {
  it('validates options before computing', () => {
    torch.scope(() => {
      const x = torch.randn([4]);
      rejects(() => gelu(x, { approximate: 'erf' as never }), ArgumentError, "gelu: approximate must be 'none' or 'tanh', got 'erf'");
      rejects(() => celu(x, 0), ArgumentError, /celu: alpha cannot be 0/);
      rejects(() => leaky_relu(x, Number.NaN), ArgumentError, /leaky_relu: negative_slope must be a number, got NaN/);
      rejects(() => softplus(x, { beta: 1, threshold: 20, gamma: 1 } as never), ArgumentError, /softplus: unexpected option 'gamma'/);
      rejects(() => elu(torch.tensor([1, 2]), 1), DTypeError, /elu: expected input to be a floating point tensor, got int64/);
      rejects(() => (hardtanh as (...a: unknown[]) => unknown)(x, -1, 1, false, 3), ArgumentError, /hardtanh: takes at most 3 positional arguments after the input, got 4/);
    });
  });
});

describe('inplace', () => {
  it('returns the input, written in place, and bumps its version', () => {
    torch.scope(() => {
      for (const fn of [
        (t: torch.Tensor) => relu(t, { inplace: true }),
        (t: torch.Tensor) => hardtanh(t, { inplace: true }),
        (t: torch.Tensor) => leaky_relu(t, 0.1, { inplace: true }),
        (t: torch.Tensor) => elu(t, { inplace: true }),
        (t: torch.Tensor) => silu(t, { inplace: true }),
      ]) {
        const x = torch.randn([5]);
        const v = x._storage.version;
        expect(fn(x)).toBe(x);
        expect(x._storage.version).toBeGreaterThan(v);
      }
    });
  });

  it("raises PyTorch's error on a leaf that requires grad", () => {
    torch.scope(() => {
      const w = torch.randn([3], { requires_grad: true });
      expect(() => silu(w, { inplace: true })).toThrow(StateError);
    });
  });
});
