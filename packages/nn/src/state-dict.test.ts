import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from './index.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.setBackend('cpu');
});

describe('state_dict', () => {
  it('returns detached aliases by default and the tensors themselves with keep_vars', () => {
    const lin = new nn.Linear(2, 1);
    torch.scope(() => {
      const sd = lin.state_dict();
      expect(sd.get('weight')).not.toBe(lin.weight);
      expect(sd.get('weight')!.requires_grad).toBe(false);
      expect(sd.get('weight')!.tolist()).toEqual(lin.weight.tolist());
      expect(lin.state_dict({ keep_vars: true }).get('weight')).toBe(lin.weight);
      expect([...lin.state_dict({ prefix: 'fc.' }).keys()]).toEqual(['fc.weight', 'fc.bias']);
    });
    lin.dispose();
  });

  it('leaves out null parameters and buffers, and non-persistent buffers', () => {
    const bn = new nn.BatchNorm1d(2, { affine: false, track_running_stats: false });
    expect([...bn.state_dict().keys()]).toEqual([]);
    const m = new nn.Linear(1, 1, { bias: false });
    m.register_buffer('tmp', torch.zeros(1), { persistent: false });
    expect([...m.state_dict({ keep_vars: true }).keys()]).toEqual(['weight']);
    expect([...m.named_buffers()].map(([n]) => n)).toEqual(['tmp']);
    m.dispose();
  });
});

describe('load_state_dict', () => {
  it('copies values in place (Parameters keep their identity) from a Map or a plain object', () => {
    const lin = new nn.Linear(2, 1);
    const w = lin.weight;
    torch.scope(() => {
      lin.load_state_dict({ weight: torch.tensor([[1, 2]], { dtype: 'float32' }), bias: torch.tensor([3], { dtype: 'float32' }) });
    });
    expect(lin.weight).toBe(w);
    expect(w.tolist()).toEqual([[1, 2]]);
    expect(w.requires_grad).toBe(true);
    expect(w.is_leaf).toBe(true);
    expect(lin.bias!.tolist()).toEqual([3]);
    lin.dispose();
  });

  it('casts dtypes, moves across backends, and loads a 1-element 1-D tensor into a 0-dim one', () => {
    torch.registerBackend(cpu({ name: 'cpu-other' }));
    const bn = new nn.BatchNorm1d(1);
    torch.scope(() => {
      const sd = new Map([
        ['weight', torch.tensor([2], { dtype: 'float64', device: 'cpu-other' })],
        ['bias', torch.tensor([0.5], { dtype: 'float32' })],
        ['running_mean', torch.tensor([1], { dtype: 'float32' })],
        ['running_var', torch.tensor([4], { dtype: 'float32' })],
        ['num_batches_tracked', torch.tensor([7], { dtype: 'int64' })],
      ]);
      expect(bn.load_state_dict(sd)).toEqual({ missing_keys: [], unexpected_keys: [] });
    });
    expect(bn.weight!.dtype).toBe('float32');
    expect(bn.weight!.device).toBe('cpu');
    expect(bn.num_batches_tracked!.shape).toEqual([]);
    expect(bn.num_batches_tracked!.item()).toBe(7);
    bn.dispose();
  });

  it('names a value that is not a tensor', () => {
    const lin = new nn.Linear(1, 1, { bias: false });
    expect(() => lin.load_state_dict({ weight: 3 as never })).toThrow(
      'While copying the parameter named "weight", expected torch.Tensor or Tensor-like object from checkpoint but received number',
    );
    expect(() => lin.load_state_dict(null as never)).toThrow(ArgumentError);
    lin.dispose();
  });

  it('reports missing and unexpected keys without raising when not strict', () => {
    const seq = new nn.Sequential(new nn.Linear(1, 1), new nn.ReLU());
    torch.scope(() => {
      const r = seq.load_state_dict({ '0.weight': torch.ones(1, 1), '1.weight': torch.ones(1), extra: torch.ones(1) }, { strict: false });
      expect(r).toEqual({ missing_keys: ['0.bias'], unexpected_keys: ['extra', '1.weight'] });
    });
    expect(seq.at(0).state_dict().get('weight')!.tolist()).toEqual([[1]]);
    seq.dispose();
  });
});
