import { ArgumentError, ShapeError, type Tensor, memory, scope, tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { BACKENDS, useBackend } from './test/backends.js';
import type { ParamState } from './types.js';

const vals = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);

type AnyOptimizer = Optimizer<object, ParamState>;

/** Live tensors, buffers and bytes (a backend's buffer pool may keep freed memory for reuse). */
const live = () => {
  const { tensors, buffers, bytes } = memory();
  return { tensors, buffers, bytes };
};

/** A tiny regression: two parameters and a fixed batch. */
function problem() {
  const W = tensor([[0.5, -0.3], [0.1, 0.8], [-0.6, 0.2]], { dtype: 'float32', requires_grad: true });
  const b = tensor([0.1, -0.2, 0.3], { dtype: 'float32', requires_grad: true });
  const X = tensor([[1, 2], [-1, 0.5], [0.3, -0.7], [2, 1]], { dtype: 'float32' });
  const Y = tensor([[0.5, 1, -1], [0, 0.2, 0.4], [1, -1, 0], [0.3, 0.3, 0.3]], { dtype: 'float32' });
  const step = (opt: AnyOptimizer) =>
    scope(() => {
      opt.zero_grad();
      X.matmul(W.t()).add(b).sub(Y).pow(2).mean().backward();
      opt.step();
    });
  return { W, b, params: [W, b], step };
}

/** Every optimiser with every buffer switched on. */
const FULL: [string, (p: Tensor[]) => AnyOptimizer][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.01 }) as never],
  ['Adam', (p) => new Adam(p, { lr: 0.01, amsgrad: true, weight_decay: 0.01, maximize: true }) as never],
  ['AdamW', (p) => new AdamW(p, { lr: 0.01, amsgrad: true }) as never],
  ['RMSprop', (p) => new RMSprop(p, { lr: 0.01, momentum: 0.9, centered: true, weight_decay: 0.01 }) as never],
  ['Adagrad', (p) => new Adagrad(p, { lr: 0.1, lr_decay: 0.01, weight_decay: 0.01 }) as never],
];

describe.each(BACKENDS)('optimizer state on $name', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(FULL)('%s', (_, make) => {
    it('does not leak: 100 steps inside scope() return memory() to its start', () => {
      const { params, step } = problem();
      const opt = make(params);
      step(opt); // creates the state
      opt.zero_grad();
      const start = live();
      scope(() => {
        for (let i = 0; i < 100; i++) step(opt);
      });
      opt.zero_grad();
      expect(live()).toEqual(start);
    });

    it('keeps state created inside a user scope alive after the scope closes', () => {
      const { params, step } = problem();
      const opt = make(params);
      scope(() => step(opt));
      const tensors = [...opt.state.values()].flatMap((s) => Object.values(s).filter((v): v is Tensor => typeof v === 'object' && v !== null));
      expect(tensors.length).toBeGreaterThan(0);
      expect(tensors.filter((t) => t.isDisposed)).toEqual([]);
      expect(() => step(opt)).not.toThrow();
    });

    it('frees its own temporaries: steps outside any scope do not grow memory()', () => {
      const { params, step } = problem();
      const opt = make(params);
      step(opt);
      opt.zero_grad();
      const start = live();
      for (let i = 0; i < 5; i++) {
        opt.zero_grad();
        scope(() => params[0]!.mul(params[0]!).sum().add(params[1]!.sum()).backward());
        opt.step();
      }
      opt.zero_grad();
      expect(live()).toEqual(start);
    });

    it('frees its state tensors when the state is cleared', () => {
      const { params, step } = problem();
      const before = live();
      const opt = make(params);
      step(opt);
      opt.zero_grad();
      const tensors = [...opt.state.values()].flatMap((s) => Object.values(s).filter((v): v is Tensor => typeof v === 'object' && v !== null));
      expect(tensors.length).toBeGreaterThan(0);
      opt.state.clear();
      expect(tensors.every((t) => t.isDisposed)).toBe(true);
      expect(live()).toEqual(before);
    });

    it('resumes from its own state_dict exactly', async () => {
      const a = problem();
      const optA = make(a.params);
      for (let i = 0; i < 4; i++) a.step(optA);
      const sd = optA.state_dict();

      const b = problem();
      b.W.detach().copy_(a.W);
      b.b.detach().copy_(a.b);
      const optB = make(b.params);
      optB.load_state_dict(sd);
      for (let i = 0; i < 4; i++) {
        a.step(optA);
        b.step(optB);
      }
      expect(await vals(b.W)).toEqual(await vals(a.W));
      expect(await vals(b.b)).toEqual(await vals(a.b));
      // The loaded state is a copy: the two optimisers share no tensors.
      const tensorsA = new Set([...optA.state.values()].flatMap((s) => Object.values(s)));
      for (const s of optB.state.values()) for (const v of Object.values(s)) if (typeof v === 'object' && v) expect(tensorsA.has(v)).toBe(false);
    });
  });

  it('state_dict has PyTorch layout: indices across groups, options, live tensors', () => {
    const { W, b, step } = problem();
    const opt = new Adam([{ params: [W], lr: 0.05 }, { params: [b] }], { lr: 0.01, amsgrad: true });
    step(opt);
    const sd = opt.state_dict();
    expect(sd.param_groups).toEqual([
      { lr: 0.05, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: true, maximize: false, params: [0] },
      { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: true, maximize: false, params: [1] },
    ]);
    expect(Object.keys(sd.state)).toEqual(['0', '1']);
    expect(Object.keys(sd.state[1]!).sort()).toEqual(['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step']);
    expect(sd.state[0]!.step).toBe(1);
    expect(sd.state[0]!.exp_avg).toBe(opt.state.get(W)!.exp_avg);
    // Mutating the dict does not touch the optimiser.
    sd.param_groups[0]!.lr = 1;
    (sd.param_groups[0]!.betas as number[])[0] = 0;
    expect(opt.param_groups[0]!.lr).toBe(0.05);
    expect(opt.param_groups[0]!.betas).toEqual([0.9, 0.999]);
  });

  it('load_state_dict takes the saved options and disposes the state it replaces', () => {
    const { params, step } = problem();
    const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
    step(opt);
    const old = opt.state.get(params[0]!)!.momentum_buffer!;
    const other = problem();
    const src = new SGD(other.params, { lr: 0.5, momentum: 0.5 });
    other.step(src);
    opt.load_state_dict(src.state_dict());
    expect(old.isDisposed).toBe(true);
    expect(opt.param_groups[0]).toMatchObject({ lr: 0.5, momentum: 0.5 });
    expect(opt.param_groups[0]!.params).toEqual(params);
  });

  it('load_state_dict casts tensors to the parameter dtype and backend, and reads tensor steps', async () => {
    const { W, b } = problem();
    const opt = new Adam([W, b]);
    // As a checkpoint loaded on the host: float64 tensors on the cpu backend.
    const full = (shape: number[], v: number) => tensor(new Float64Array(shape.reduce((x, y) => x * y, 1)).fill(v), { device: 'cpu' }).reshape(shape);
    const state = (shape: number[]) => ({
      step: tensor(3, { dtype: 'float32', device: 'cpu' }),
      exp_avg: full(shape, 0.5),
      exp_avg_sq: full(shape, 0.25),
    });
    opt.load_state_dict({
      state: { 0: state([3, 2]), 1: state([3]) },
      param_groups: [{ params: [0, 1], lr: 0.02, betas: [0.8, 0.9], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false, foreach: null }],
    });
    const s = opt.state.get(b)!;
    expect(s.step).toBe(3);
    expect(s.exp_avg.dtype).toBe('float32');
    expect(s.exp_avg.device).toBe(backend.name);
    expect(await vals(s.exp_avg_sq)).toEqual([0.25, 0.25, 0.25]);
    expect(opt.param_groups[0]).toMatchObject({ lr: 0.02, betas: [0.8, 0.9], foreach: null });
  });

  describe('load_state_dict rejects a state dict that does not fit, changing nothing', () => {
    const setup = () => {
      const { W, b, step } = problem();
      const opt = new Adam([W, b], { lr: 0.01 });
      step(opt);
      return { opt, W, b, sd: opt.state_dict() };
    };
    const bad: [string, (sd: ReturnType<AnyOptimizer['state_dict']>) => unknown, string][] = [
      ['another number of groups', (sd) => ({ ...sd, param_groups: [...sd.param_groups, sd.param_groups[0]] }), 'Adam: loaded state dict has a different number of parameter groups (2; the optimizer has 1)'],
      ['a group of another size', (sd) => ({ ...sd, param_groups: [{ ...sd.param_groups[0], params: [0] }] }), "Adam: loaded state dict contains a parameter group that doesn't match the size of optimizer's group"],
      ['state for an unknown parameter', (sd) => ({ ...sd, state: { ...sd.state, 7: sd.state[0] } }), 'Adam: loaded state dict holds state for parameter 7'],
      ['an invalid option', (sd) => ({ ...sd, param_groups: [{ ...sd.param_groups[0], lr: -1 }] }), 'Adam: Invalid learning rate: -1'],
      ['not a state dict', () => ({ state: {} }), "Adam: load_state_dict expects an object with 'state' and 'param_groups' entries"],
    ];
    it.each(bad)('%s', (_, edit, message) => {
      const { opt, W, sd } = setup();
      const before = opt.state.get(W)!;
      expect(() => opt.load_state_dict(edit(sd) as never)).toThrow(ArgumentError);
      expect(() => opt.load_state_dict(edit(sd) as never)).toThrow(message);
      expect(opt.state.get(W)).toBe(before);
      expect(before.exp_avg.isDisposed).toBe(false);
      expect(opt.param_groups[0]!.lr).toBe(0.01);
    });

    it('a state tensor of the wrong shape (ShapeError), disposing the copies made so far', () => {
      const { opt, W, sd } = setup();
      const live = memory().tensors;
      const wrong = { ...sd, state: { 0: sd.state[0], 1: { ...sd.state[1], exp_avg: tensor([1, 2], { dtype: 'float32' }) } } };
      const made = memory().tensors;
      expect(() => opt.load_state_dict(wrong as never)).toThrow(ShapeError);
      expect(() => opt.load_state_dict(wrong as never)).toThrow("Adam: loaded state 'exp_avg' of parameter 1 has shape [2], but the parameter has shape [3]");
      expect(memory().tensors).toBe(made);
      expect(made).toBe(live + 1);
      expect(opt.state.get(W)!.exp_avg.isDisposed).toBe(false);
    });
  });
});
