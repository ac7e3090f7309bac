import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, StateError, type Tensor } from '@proj/tensor';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as nn from './index.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.registerBackend(cpu({ name: 'cpu2' }));
});
beforeEach(() => torch.setBackend('cpu'));

class Block extends nn.Module {
  fc = new nn.Linear(3, 3);
  act = new nn.ReLU();
  override forward(x: Tensor): Tensor {
    return this.act.call(this.fc.call(x));
  }
}

class Model extends nn.Module {
  // Assignment order is registration order, whatever the kinds in between.
  first = new Block();
  gain = new nn.Parameter(torch.ones(1));
  note = 'a plain string field is not state';
  plain: Tensor = torch.zeros(1);
  second: nn.Module;
  declare count: Tensor;
  constructor() {
    super();
    this.second = this.first; // shared: once in named_modules/parameters, twice in state_dict
    this.register_buffer('count', torch.zeros([1], { dtype: 'int64' }));
  }
  override forward(x: Tensor): Tensor {
    return this.first.call(x).mul(this.gain);
  }
}

const names = <T>(it: Iterable<[string, T]>) => [...it].map(([n]) => n);

describe('registration by assignment', () => {
  it('registers Modules and Parameters assigned to fields, in order; buffers only when registered', () => {
    const m = new Model();
    expect(names(m.named_children())).toEqual(['first']); // 'second' is the same module
    expect(names(m.named_parameters())).toEqual(['gain', 'first.fc.weight', 'first.fc.bias']);
    expect(names(m.named_buffers())).toEqual(['count']);
    expect(names(m.named_modules())).toEqual(['', 'first', 'first.fc', 'first.act']);
    expect([...m.state_dict().keys()]).toEqual(['gain', 'count', 'first.fc.weight', 'first.fc.bias', 'second.fc.weight', 'second.fc.bias']);
    expect(m.state_dict().get('count')!.dtype).toBe('int64');
    m.dispose();
  });

  it('shared parameters appear once in parameters()', () => {
    const lin = new nn.Linear(2, 2);
    const tied = new nn.Sequential(lin, new nn.ReLU(), lin);
    expect([...tied.parameters()]).toHaveLength(2);
    expect(names(tied.named_modules())).toEqual(['', '0', '1']);
    expect(names(tied.named_modules(new Set(), '', false))).toEqual(['', '0', '1', '2']);
    tied.dispose();
  });

  it('register_parameter, register_buffer and add_module validate names and values as PyTorch', () => {
    const m = new nn.Module();
    expect(() => m.register_buffer('a.b', torch.zeros(1))).toThrow(/buffer name can't contain "."/);
    expect(() => m.register_parameter('', new nn.Parameter(torch.zeros(1)))).toThrow(/parameter name can't be empty string/);
    expect(() => m.register_parameter('w', torch.zeros(1) as nn.Parameter)).toThrow(ArgumentError);
    expect(() => m.add_module('forward', new nn.ReLU())).toThrow(/attribute 'forward' already exists/);
    expect(() => m.add_module('x', {} as nn.Module)).toThrow(/is not a Module subclass/);
    const nonLeaf = torch.ones(2, { requires_grad: true }).mul(2);
    expect(() => m.register_parameter('w', nonLeaf as nn.Parameter)).toThrow(ArgumentError);
    m.register_parameter('w', new nn.Parameter(torch.zeros(2)));
    m.register_parameter('b', null);
    m.add_module('child', new nn.Linear(2, 1));
    m.register_buffer('stat', torch.ones(1), { persistent: false });
    expect(() => m.register_buffer('w', torch.ones(1))).toThrow(/attribute 'w' already exists/);
    expect(names(m.named_parameters())).toEqual(['w', 'child.weight', 'child.bias']);
    expect([...m.state_dict().keys()]).toEqual(['w', 'child.weight', 'child.bias']);
    expect(names(m.named_buffers())).toEqual(['stat']);
    expect(m.get_submodule('child')).toBe((m as unknown as { child: nn.Module }).child);
    expect(() => m.get_submodule('child.nope')).toThrow(/Linear has no attribute `nope`/);
    m.dispose();
  });

  it('a Module without forward says so', () => {
    expect(() => new nn.ModuleList().call()).toThrow(StateError);
    expect(() => new nn.ModuleList().call()).toThrow('Module [ModuleList] is missing the required "forward" function');
  });
});

describe('modes, gradients and hooks', () => {
  it('train(false)/eval()/train() recurse into every descendant', () => {
    const m = new Model();
    m.eval();
    expect([...m.modules()].every((x) => !x.training)).toBe(true);
    m.train();
    expect([...m.modules()].every((x) => x.training)).toBe(true);
    expect(() => m.train('yes' as unknown as boolean)).toThrow('training mode is expected to be boolean');
    m.dispose();
  });

  it('apply visits children before the parent', () => {
    const seen: string[] = [];
    new nn.Sequential(new nn.Linear(1, 1), new nn.Sequential(new nn.ReLU())).apply((m) => seen.push(m._get_name()));
    expect(seen).toEqual(['Linear', 'ReLU', 'Sequential', 'Sequential']);
  });

  it('zero_grad disposes gradients by default and zeroes them with set_to_none: false', () => {
    const lin = new nn.Linear(2, 1);
    const before = torch.memory();
    torch.scope(() => lin.call(torch.ones(3, 2)).sum().backward());
    expect(lin.weight.grad).not.toBeNull();
    lin.zero_grad({ set_to_none: false });
    expect(lin.weight.grad!.tolist()).toEqual([[0, 0]]);
    lin.zero_grad();
    expect(lin.weight.grad).toBeNull();
    expect(lin.bias!.grad).toBeNull();
    expect(torch.memory().tensors).toBe(before.tensors);
    lin.dispose();
  });

  it('requires_grad_(false) freezes every parameter', () => {
    const m = new Block();
    m.requires_grad_(false);
    expect([...m.parameters()].every((p) => !p.requires_grad)).toBe(true);
    m.dispose();
  });

  it('runs pre-hooks and hooks around forward, lets them replace args and output, and removes them', () => {
    const relu = new nn.ReLU();
    const log: string[] = [];
    const pre = relu.register_forward_pre_hook((m, args) => {
      log.push(`pre ${m._get_name()} ${args.length}`);
      return [(args[0] as Tensor).neg()];
    });
    const post = relu.register_forward_hook((_m, _args, out) => {
      log.push('post');
      return (out as Tensor).mul(10);
    });
    torch.scope(() => {
      expect(relu.call(torch.tensor([1, -2], { dtype: 'float32' })).tolist()).toEqual([0, 20]);
      pre.remove();
      expect(relu.call(torch.tensor([1, -2], { dtype: 'float32' })).tolist()).toEqual([10, 0]);
      post.remove();
      post.remove();
      expect(relu.call(torch.tensor([1, -2], { dtype: 'float32' })).tolist()).toEqual([1, 0]);
    });
    expect(log).toEqual(['pre ReLU 1', 'post', 'post']);
    expect(pre.id).not.toBe(post.id);
  });

  it('forward can be called directly, skipping hooks', () => {
    const relu = new nn.ReLU();
    let calls = 0;
    relu.register_forward_hook(() => void calls++);
    torch.scope(() => relu.forward(torch.ones(1)));
    expect(calls).toBe(0);
  });
});

describe('lifetime and moves', () => {
  it('parameters and buffers survive the scope they were created in; dispose() frees them', () => {
    const before = torch.memory();
    const m = torch.scope(() => new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3)));
    torch.scope(() => {
      const y = m.call(torch.randn(5, 4));
      expect(y.shape).toEqual([5, 3]);
    });
    expect([...m.parameters()].every((p) => !p.isDisposed)).toBe(true);
    expect([...m.buffers()].every((b) => !b.isDisposed)).toBe(true);
    m.dispose();
    expect(torch.memory().tensors).toBe(before.tensors);
    expect(torch.memory().buffers).toBe(before.buffers);
  });

  it('to(backend) moves parameters, buffers and grads in place, keeping the Parameter objects', () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2));
    torch.scope(() => m.call(torch.randn(3, 2)).sum().backward());
    const params = [...m.parameters()];
    const values = params.map((p) => p.tolist());
    const grads = params.map((p) => p.grad!.tolist());
    const cpuBefore = torch.memory('cpu');
    const cpu2Before = torch.memory('cpu2');
    m.to('cpu2');
    expect([...m.parameters()]).toEqual(params);
    params.forEach((p, i) => {
      expect(p.device).toBe('cpu2');
      expect(p.requires_grad).toBe(true);
      expect(p.is_leaf).toBe(true);
      expect(p.tolist()).toEqual(values[i]);
      expect(p.grad!.device).toBe('cpu2');
      expect(p.grad!.tolist()).toEqual(grads[i]);
    });
    expect([...m.buffers()].map((b) => b.device)).toEqual(['cpu2', 'cpu2', 'cpu2']);
    const moved = params.length * 2 + 3;
    expect(torch.memory('cpu').tensors).toBe(cpuBefore.tensors - moved);
    expect(torch.memory('cpu2').tensors).toBe(cpu2Before.tensors + moved);
    torch.setBackend('cpu2');
    torch.scope(() => expect(m.call(torch.randn(3, 2)).device).toBe('cpu2'));
    m.dispose();
  });

  it('to(dtype) casts the floating parameters and buffers only', () => {
    const bn = new nn.BatchNorm1d(2);
    const w = bn.weight!;
    bn.double();
    expect(bn.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(bn.running_mean!.dtype).toBe('float64');
    expect(bn.num_batches_tracked!.dtype).toBe('int64');
    bn.dispose();
  });
});

describe('call typing', () => {
  it('call takes and returns what forward does', () => {
    const bil = new nn.Bilinear(2, 3, 1);
    const y: Tensor = torch.scope(() => bil.call(torch.ones(4, 2), torch.ones(4, 3)));
    expect(y.shape).toEqual([4, 1]);
    const [v, idx] = torch.scope(() => new nn.MaxPool2d(2, { return_indices: true }).call(torch.ones(1, 1, 2, 2)));
    expect(v.shape).toEqual([1, 1, 1, 1]);
    expect(idx.dtype).toBe('int64');
    bil.dispose();
  });
});
