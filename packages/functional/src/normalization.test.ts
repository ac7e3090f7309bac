import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, ShapeError, type Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import fixture from './__fixtures__/running_stats.json';
import { rejects, useCpu } from './expect-typed-error.js';
import { batch_norm, group_norm, instance_norm, layer_norm, normalize } from './normalization.js';

interface Spec {
  shape: number[];
  dtype: 'float32' | 'float64';
  data: number[];
}

const make = (s: Spec): Tensor => torch.tensor(s.data, { dtype: s.dtype }).reshape(s.shape);

function close(actual: Tensor, expected: Spec): void {
  expect(actual.shape).toEqual(expected.shape);
  const tol = expected.dtype === 'float32' ? 1e-6 : 1e-12;
  const a = Array.from(actual.dataSync() as Float32Array);
  for (const [i, e] of expected.data.entries()) {
    expect(Math.abs(a[i]! - e), `element ${i}: ${a[i]} vs ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e)));
  }
}

beforeAll(() => useCpu('cpu-normalization-test'));

describe('running statistics, against PyTorch (tools/fixtures/functional_nn.py)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const before = torch.memory();
      torch.scope(() => {
        const rm = make(c.running_mean as Spec);
        const rv = make(c.running_var as Spec);
        const versions = [rm._storage.version, rv._storage.version];
        const fn = (c.fn === 'batch_norm' ? batch_norm : instance_norm) as (...a: unknown[]) => Tensor;
        fn(make(c.input as Spec), rm, rv, c.kwargs);
        close(rm, c.new_running_mean as Spec);
        close(rv, c.new_running_var as Spec);
        const updated = c.kwargs.training === true || (c.fn === 'instance_norm' && c.kwargs.use_input_stats !== false);
        expect(rm._storage.version > versions[0]!, 'running_mean version bumped').toBe(updated);
      });
      expect(torch.memory().buffers).toBe(before.buffers);
    });
  }

  it('does not record the running-stat update in autograd', () => {
    torch.scope(() => {
      const x = torch.randn([4, 3], { requires_grad: true });
      const rm = torch.zeros([3]);
      const rv = torch.ones([3]);
      batch_norm(x, rm, rv, { training: true }).sum().backward();
      expect(rm.requires_grad).toBe(false);
      expect(rv.requires_grad).toBe(false);
      expect(x.grad).not.toBeNull();
    });
  });
});

describe('normalization argument errors', () => {
  it('batch_norm', () => {
    torch.scope(() => {
      const x = torch.zeros([2, 6, 3]);
      rejects(() => batch_norm(x, torch.zeros([5]), torch.ones([6])), ShapeError, /batch_norm: running_mean should contain 6 elements .* got shape \[5\]/);
      rejects(() => batch_norm(x, null, null), ArgumentError, /batch_norm: running_mean and running_var must be defined in evaluation mode/);
      rejects(() => batch_norm(torch.zeros([6]), null, null, { training: true }), ShapeError, /batch_norm: expected a 2-D or higher \(N, C, \.\.\.\) input, got shape \[6\]/);
      rejects(() => batch_norm(torch.zeros([1, 6, 1]), null, null, { training: true }), ArgumentError, /more than 1 value per channel when training, got input size \[1, 6, 1\]/);
      rejects(() => batch_norm(x, null, null, torch.ones([6]), { weight: torch.ones([6]), training: true } as never), ArgumentError, /multiple values for argument 'weight'/);
      rejects(() => batch_norm(x, null, null, { training: true, momentun: 0.1 } as never), ArgumentError, /unexpected option 'momentun'/);
      rejects(() => batch_norm(torch.zeros([2, 3], { dtype: 'int64' }), null, null), DTypeError, /batch_norm: expected input to be a floating point tensor, got int64/);
    });
  });

  it('layer_norm, group_norm, instance_norm, normalize', () => {
    torch.scope(() => {
      const x = torch.zeros([2, 6, 3]);
      rejects(() => layer_norm(x, [4]), ShapeError, 'layer_norm: given normalized_shape=[4], expected input with shape [*, 4], but got input of size [2, 6, 3]');
      rejects(() => layer_norm(x, [3], torch.ones([4])), ShapeError, /layer_norm: weight should contain 3 elements/);
      rejects(() => layer_norm(x, [6, 3], torch.ones([3, 6])), ShapeError, /expected weight to be of same shape as normalized_shape/);
      rejects(() => group_norm(x, 4), ShapeError, 'group_norm: expected number of channels in input to be divisible by num_groups, but got input of shape [2, 6, 3] and num_groups=4');
      rejects(() => group_norm(x, 0), ArgumentError, /group_norm: num_groups must be in \[1, inf\], got 0/);
      rejects(() => group_norm(x, 3, torch.ones([5])), ShapeError, /group_norm: weight should contain 6 elements/);
      rejects(() => instance_norm(torch.zeros([2, 3, 1])), ArgumentError, /instance_norm: expected more than 1 spatial element/);
      rejects(() => instance_norm(x, { use_input_stats: false }), ArgumentError, /running_mean and running_var must be given when use_input_stats is false/);
      rejects(() => normalize(x, { p: Number.NaN }), ArgumentError, /normalize: p must be a number, got NaN/);
      rejects(() => normalize(x, { dim: 3 }), ArgumentError, /normalize: dim 3 is out of range/);
    });
  });
});
