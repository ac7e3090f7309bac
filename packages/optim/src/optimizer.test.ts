import { ArgumentError, DTypeError, StateError, type Tensor, ones, scope, tensor, zeros } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { BACKENDS, useBackend } from './test/backends.js';

const param = (values: number[] = [1, 2, 3]): Tensor => tensor(values, { dtype: 'float32', requires_grad: true });

/** The values of `t` (read asynchronously, so that every backend can run these tests). */
const vals = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);

/** Sets `p.grad` by backpropagating `sum(p * w)`. */
function backprop(p: Tensor, w: number[]): void {
  scope(() => p.mul(tensor(w, { dtype: p.dtype })).sum().backward());
}

describe.each(BACKENDS)('Optimizer on $name', (backend) => {
  beforeAll(() => useBackend(backend));

  describe('construction', () => {
    it('takes an iterable of tensors, with defaults filled in', async () => {
      const a = param();
      const b = param([4]);
      function* gen() {
        yield a;
        yield b;
      }
      const opt = new SGD(gen(), { lr: 0.1, momentum: 0.9 });
      expect(opt.param_groups).toHaveLength(1);
      const g = opt.param_groups[0]!;
      expect(g.params).toEqual([a, b]);
      expect(g).toMatchObject({ lr: 0.1, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: false, maximize: false });
      expect(opt.defaults).toMatchObject({ lr: 0.1, momentum: 0.9 });
    });

    it('takes parameter groups with their own options over the defaults', async () => {
      const a = param();
      const b = param([4]);
      const opt = new Adam([{ params: [a], lr: 0.5 }, { params: b, betas: [0.5, 0.6] }], { lr: 0.01, amsgrad: true });
      const [g0, g1] = opt.param_groups;
      expect(g0).toMatchObject({ lr: 0.5, betas: [0.9, 0.999], amsgrad: true });
      expect(g1).toMatchObject({ lr: 0.01, betas: [0.5, 0.6], amsgrad: true });
      expect(g1!.params).toEqual([b]);
      expect(g0!.betas).not.toBe(g1!.betas);
    });

    it('lets every group give SGD its required lr instead of the defaults', async () => {
      const opt = new SGD([{ params: [param()], lr: 0.1 }, { params: [param([1])], lr: 0.2 }]);
      expect(opt.param_groups.map((g) => g.lr)).toEqual([0.1, 0.2]);
      expect(() => opt.add_param_group({ params: [param()] })).toThrow(
        "SGD: parameter group didn't specify a value of required optimization parameter lr",
      );
    });

    it('uses PyTorch defaults', async () => {
      const p = param();
      expect(new Adam([p]).param_groups[0]).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 });
      expect(new AdamW([p]).param_groups[0]).toMatchObject({ lr: 1e-3, weight_decay: 1e-2 });
      expect(new RMSprop([p]).param_groups[0]).toMatchObject({ lr: 1e-2, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false });
      expect(new Adagrad([p]).param_groups[0]).toMatchObject({ lr: 1e-2, lr_decay: 0, initial_accumulator_value: 0, eps: 1e-10 });
    });

    it('adds groups later with add_param_group', async () => {
      const a = param();
      const b = param([5, 6]);
      const opt = new Adagrad([a], { lr: 0.1, initial_accumulator_value: 0.25 });
      opt.add_param_group({ params: [b], lr_decay: 0.5 });
      expect(opt.param_groups[1]).toMatchObject({ lr: 0.1, lr_decay: 0.5, initial_accumulator_value: 0.25 });
      // Adagrad creates state with the group.
      expect(await vals(opt.state.get(b)!.sum)).toEqual([0.25, 0.25]);
      expect(() => opt.add_param_group({ params: [a] })).toThrow('Adagrad: some parameters appear in more than one parameter group');
    });
  });

  describe('validation', () => {
    const p = () => param();
    const cases: [string, () => unknown, string][] = [
      ['negative lr', () => new SGD([p()], { lr: -0.1 }), 'SGD: Invalid learning rate: -0.1 (lr must be a number >= 0)'],
      ['NaN lr', () => new Adam([p()], { lr: NaN }), 'Adam: Invalid learning rate: NaN'],
      ['negative momentum', () => new SGD([p()], { lr: 0.1, momentum: -0.5 }), 'SGD: Invalid momentum value: -0.5'],
      ['NaN momentum', () => new RMSprop([p()], { momentum: NaN }), 'RMSprop: Invalid momentum value: NaN'],
      ['negative eps', () => new Adam([p()], { eps: -1e-8 }), 'Adam: Invalid epsilon value: -1e-8'],
      ['NaN eps', () => new Adagrad([p()], { eps: NaN }), 'Adagrad: Invalid epsilon value: NaN'],
      ['negative weight_decay', () => new AdamW([p()], { weight_decay: -1 }), 'AdamW: Invalid weight_decay value: -1'],
      ['NaN weight_decay', () => new SGD([p()], { lr: 0.1, weight_decay: NaN }), 'SGD: Invalid weight_decay value: NaN'],
      ['beta1 = 1', () => new Adam([p()], { betas: [1, 0.999] }), 'Adam: Invalid beta parameter at index 0: 1 (betas[0] must be in [0, 1))'],
      ['negative beta2', () => new AdamW([p()], { betas: [0.9, -0.1] }), 'AdamW: Invalid beta parameter at index 1: -0.1'],
      ['NaN beta', () => new Adam([p()], { betas: [NaN, 0.9] }), 'Adam: Invalid beta parameter at index 0: NaN'],
      ['betas not a pair', () => new Adam([p()], { betas: [0.9] as never }), 'Adam: betas must be a pair [beta1, beta2], got [0.9]'],
      ['negative alpha', () => new RMSprop([p()], { alpha: -0.9 }), 'RMSprop: Invalid alpha value: -0.9'],
      ['negative lr_decay', () => new Adagrad([p()], { lr_decay: -1 }), 'Adagrad: Invalid lr_decay value: -1'],
      ['negative initial_accumulator_value', () => new Adagrad([p()], { initial_accumulator_value: -1 }), 'Adagrad: Invalid initial_accumulator_value value: -1'],
      ['nesterov without momentum', () => new SGD([p()], { lr: 0.1, nesterov: true }), 'SGD: Nesterov momentum requires a momentum and zero dampening (got momentum=0, dampening=0)'],
      ['nesterov with dampening', () => new SGD([p()], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), 'SGD: Nesterov momentum requires a momentum and zero dampening'],
      ['a flag that is not a boolean', () => new Adam([p()], { amsgrad: 1 as never }), 'Adam: amsgrad must be true or false, got 1'],
      ['an invalid option in a group', () => new SGD([{ params: [p()], lr: -1 }], { lr: 0.1 }), 'SGD: Invalid learning rate: -1'],
      ['a missing required lr', () => new SGD([p()]), "SGD: parameter group didn't specify a value of required optimization parameter lr"],
      ['an unknown option', () => new SGD([p()], { lr: 0.1, momentun: 0.9 } as never), "SGD: unknown option 'momentun' (expected one of: lr, momentum, dampening, weight_decay, nesterov, maximize)"],
      ['an unknown group option', () => new Adam([{ params: [p()], beta: 0.9 } as never]), "Adam: unknown parameter group option 'beta'"],
      ['an empty parameter list', () => new Adam([]), 'Adam: optimizer got an empty parameter list'],
      ['a tensor as params', () => new Adam(p() as never), 'Adam: params argument given to the optimizer should be an iterable of Tensors or parameter groups, but got a Tensor'],
      ['a non-tensor param', () => new Adam([p(), 3] as never), 'Adam: optimizer can only optimize Tensors, but one of the params is number'],
      ['a set of params', () => new Adam([{ params: new Set([p()]) }]), 'Adam: optimizer parameters need to be organized in ordered collections'],
      ['a parameter in two groups', () => { const x = p(); return new SGD([{ params: [x] }, { params: [x] }], { lr: 1 }); }, 'SGD: some parameters appear in more than one parameter group'],
      ['a parameter twice in a group', () => { const x = p(); return new SGD([x, x], { lr: 1 }); }, 'SGD: a parameter group lists the same parameter (shape [3]) twice'],
      ['a non-leaf parameter', () => new SGD([p().mul(2)], { lr: 1 }), "SGD: can't optimize a non-leaf Tensor"],
    ];
    it.each(cases)('rejects %s', (_, make, message) => {
      expect(make).toThrow(ArgumentError);
      expect(make).toThrow(message);
    });

    it('rejects integer parameters with a DTypeError', async () => {
      expect(() => new SGD([tensor([1, 2])], { lr: 1 })).toThrow(DTypeError);
      expect(() => new SGD([tensor([1, 2])], { lr: 1 })).toThrow('SGD: can only optimize floating point tensors, but one of the params is int64');
    });

    it('rejects disposed parameters with a StateError', async () => {
      const x = param();
      x.dispose();
      expect(() => new SGD([x], { lr: 1 })).toThrow(StateError);
    });
  });

  describe('zero_grad', () => {
    it('drops and disposes gradients by default', async () => {
      const p = param();
      const opt = new SGD([p], { lr: 0.1 });
      backprop(p, [1, 1, 1]);
      const g = p.grad!;
      opt.zero_grad();
      expect(p.grad).toBeNull();
      expect(g.isDisposed).toBe(true);
    });

    it('fills gradients with zeros with set_to_none: false', async () => {
      const p = param();
      const opt = new SGD([p], { lr: 0.1 });
      backprop(p, [1, 2, 3]);
      const g = p.grad!;
      opt.zero_grad({ set_to_none: false });
      expect(p.grad).toBe(g);
      expect(await vals(g)).toEqual([0, 0, 0]);
    });
  });

  describe('step', () => {
    it('updates parameters in place, keeping their identity', async () => {
      const p = param([1, 2, 3]);
      const opt = new SGD([p], { lr: 0.5 });
      backprop(p, [1, -2, 4]);
      opt.step();
      expect(opt.param_groups[0]!.params[0]).toBe(p);
      expect(p.is_leaf).toBe(true);
      expect(p.requires_grad).toBe(true);
      expect(await vals(p)).toEqual([0.5, 3, 1]);
    });

    it('skips parameters without a gradient (no state is created for them)', async () => {
      const a = param();
      const b = param([7, 8]);
      const opt = new Adam([a, b], { lr: 0.1 });
      backprop(a, [1, 1, 1]);
      opt.step();
      expect(await vals(b)).toEqual([7, 8]);
      expect(opt.state.has(a)).toBe(true);
      expect(opt.state.has(b)).toBe(false);
      expect(Object.keys(opt.state_dict().state)).toEqual(['0']);
    });

    it('uses the group options as they are at each step (schedulers change lr)', async () => {
      const p = param([0, 0, 0]);
      const opt = new SGD([p], { lr: 1 });
      backprop(p, [1, 1, 1]);
      opt.param_groups[0]!.lr = 0.25;
      opt.step();
      expect(await vals(p)).toEqual([-0.25, -0.25, -0.25]);
    });

    it('runs a closure with grad enabled and returns its loss', async () => {
      const p = param([1, 2, 3]);
      const opt = new SGD([p], { lr: 0.1 });
      let calls = 0;
      const loss = opt.step(() => {
        calls++;
        opt.zero_grad();
        const l = p.mul(p).sum();
        l.backward();
        return l;
      });
      expect(calls).toBe(1);
      expect(await vals(loss)).toEqual([14]);
      expect(await vals(p)).toEqual([Math.fround(0.8), Math.fround(1.6), Math.fround(2.4)]);
    });

    it('awaits an async closure before updating', async () => {
      const p = param([1]);
      const opt = new SGD([p], { lr: 0.5 });
      const pending = opt.step(async () => {
        opt.zero_grad();
        const l = p.mul(3).sum();
        l.backward();
        await Promise.resolve();
        expect(await vals(p)).toEqual([1]);
        return l;
      });
      expect(pending).toBeInstanceOf(Promise);
      expect(await vals(await pending)).toEqual([3]);
      expect(await vals(p)).toEqual([-0.5]);
    });

    it('keeps state tensors alive across user scopes', async () => {
      const p = param();
      const opt = new RMSprop([p], { momentum: 0.9, centered: true });
      scope(() => {
        backprop(p, [1, 2, 3]);
        opt.step();
      });
      const s = opt.state.get(p)!;
      for (const t of [s.square_avg, s.momentum_buffer!, s.grad_avg!]) expect(t.isDisposed).toBe(false);
      expect(s.step).toBe(1);
      expect((await vals(s.square_avg)).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0.01, 0.04, 0.09]);
    });

    it('creates buffers that options switch on later (momentum raised by a scheduler)', async () => {
      const p = param();
      const opt = new Adam([p], { lr: 0.1 });
      backprop(p, [1, 1, 1]);
      opt.step();
      opt.param_groups[0]!.amsgrad = true;
      opt.step();
      expect(opt.state.get(p)!.max_exp_avg_sq?.isDisposed).toBe(false);
    });
  });

  // Defined only where the backend stores float64 (WebGPU does not).
  if (backend.dtypes.includes('float64')) it('keeps state in the dtype of float64 parameters', async () => {
    const p = ones([2], { dtype: 'float64', requires_grad: true });
    const opt = new AdamW([p], { lr: 0.1 });
    scope(() => p.mul(zeros([2], { dtype: 'float64' }).add(1)).sum().backward());
    opt.step();
    expect(opt.state.get(p)!.exp_avg.dtype).toBe('float64');
  });
});
