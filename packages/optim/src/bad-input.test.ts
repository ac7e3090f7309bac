/**
 * The bad-input matrix of `@proj/optim`: constructor options (NaN, infinite and negative lr,
 * momentum, eps, weight_decay, betas...), parameter lists, steps over gradients that do not fit
 * their parameters (a refused step writes no parameter, not even the ones before the bad one),
 * options changed to NaN between steps, state dicts, and the schedulers' arguments (a refused
 * scheduler records no initial_lr). See bad-input-harness.ts for what every row checks.
 */
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, BackendError, DTypeError, ShapeError, StateError, type Tensor } from '@proj/tensor';
import { beforeAll, describe } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { type ErrorKind, type Row, bad, dead, runRow } from './bad-input-harness.js';
import { CosineAnnealingLR, ExponentialLR, LambdaLR, MultiStepLR, OneCycleLR, StepLR } from './lr-scheduler/index.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.registerBackend(cpu({ name: 'cpu2' }));
  torch.setBackend('cpu');
});

const param = (...shape: number[]) => torch.randn(shape.length ? shape : [2], { requires_grad: true });
/** A parameter with a gradient of `gradShape` (its own shape by default), as after backward. */
function withGrad(shape: number[] = [2], gradShape: number[] = shape, device?: string): Tensor {
  const p = param(...shape);
  p.grad = torch.randn(gradShape, { device });
  return p;
}

type Make = (params: Tensor[], o: Record<string, unknown>) => Optimizer<object>;
const OPTIMIZERS: [string, Make, string[]][] = [
  ['SGD', (p, o) => new SGD(p, { lr: 0.1, ...o }), ['lr', 'momentum', 'weight_decay']],
  ['Adam', (p, o) => new Adam(p, o), ['lr', 'eps', 'weight_decay']],
  ['AdamW', (p, o) => new AdamW(p, o), ['lr', 'eps', 'weight_decay']],
  ['RMSprop', (p, o) => new RMSprop(p, o), ['lr', 'eps', 'weight_decay', 'momentum', 'alpha']],
  ['Adagrad', (p, o) => new Adagrad(p, o), ['lr', 'eps', 'weight_decay', 'lr_decay', 'initial_accumulator_value']],
];

const optionRows: Row[] = OPTIMIZERS.flatMap(([name, make, keys]) => [
  ...keys.flatMap((key) => [
    bad(`${name}: ${key} NaN`, () => [param()] as const, (p) => make([p], { [key]: Number.NaN }), ArgumentError, new RegExp(`^${name}: Invalid .*: NaN \\(${key} must be a number >= 0\\)`)),
    bad(`${name}: ${key} Infinity`, () => [param()] as const, (p) => make([p], { [key]: Number.POSITIVE_INFINITY }), ArgumentError, new RegExp(`^${name}: Invalid .*: Infinity \\(${key} must be finite\\)`)),
    bad(`${name}: ${key} -1`, () => [param()] as const, (p) => make([p], { [key]: -1 }), ArgumentError, new RegExp(`^${name}: Invalid .*: -1 \\(${key} must be a number >= 0\\)`)),
  ]),
  bad(`${name}: maximize not a boolean`, () => [param()] as const, (p) => make([p], { maximize: 1 }), ArgumentError, new RegExp(`^${name}: maximize must be true or false, got 1`)),
  bad(`${name}: unknown option`, () => [param()] as const, (p) => make([p], { learning_rate: 0.1 }), ArgumentError, new RegExp(`^${name}: unknown option 'learning_rate'`)),
  bad(`${name}: empty parameter list`, () => [] as const, () => make([], {}), ArgumentError, new RegExp(`^${name}: optimizer got an empty parameter list`)),
  bad(`${name}: int64 parameter`, () => [torch.ones([2], { dtype: 'int64' })] as const, (p) => make([p], {}), DTypeError, new RegExp(`^${name}: can only optimize floating point tensors, but one of the params is int64`)),
  bad(`${name}: disposed parameter`, () => [dead(param())] as const, (p) => make([p], {}), StateError, new RegExp(`^${name}: one of the params \\(shape \\[2\\]\\) has been disposed`)),
  bad(`${name}: a parameter twice`, () => [param()] as const, (p) => make([p, p], {}), ArgumentError, new RegExp(`^${name}: a parameter group lists the same parameter \\(shape \\[2\\]\\) twice`)),
]);

const paramRows: Row[] = [
  bad('SGD: lr missing', () => [param()] as const, (p) => new SGD([p]), ArgumentError, /^SGD: parameter group didn't specify a value of required optimization parameter lr/),
  bad('SGD: dampening NaN', () => [param()] as const, (p) => new SGD([p], { lr: 0.1, dampening: Number.NaN }), ArgumentError, /^SGD: Invalid dampening value: NaN \(dampening must be a number\)/),
  bad('SGD: dampening -Infinity', () => [param()] as const, (p) => new SGD([p], { lr: 0.1, dampening: Number.NEGATIVE_INFINITY }), ArgumentError, /^SGD: Invalid dampening value: -Infinity \(dampening must be finite\)/),
  bad('SGD: nesterov without momentum', () => [param()] as const, (p) => new SGD([p], { lr: 0.1, nesterov: true }), ArgumentError, /^SGD: Nesterov momentum requires a momentum and zero dampening \(got momentum=0, dampening=0\)/),
  bad('SGD: a tensor instead of a list', () => [param()] as const, (p) => new SGD(p as never, { lr: 0.1 }), ArgumentError, /^SGD: params argument given to the optimizer should be an iterable of Tensors or parameter groups, but got a Tensor/),
  bad('SGD: a number among the params', () => [param()] as const, (p) => new SGD([p, 3] as never, { lr: 0.1 }), ArgumentError, /^SGD: optimizer can only optimize Tensors, but one of the params is number/),
  bad('SGD: a non-leaf parameter', () => [param().mul(2)] as const, (p) => new SGD([p], { lr: 0.1 }), ArgumentError, /^SGD: can't optimize a non-leaf Tensor/),
  bad('SGD: parameters in a Set', () => [param()] as const, (p) => new SGD([{ params: new Set([p]) as never }], { lr: 0.1 }), ArgumentError, /^SGD: optimizer parameters need to be organized in ordered collections/),
  bad('SGD: a parameter in two groups', () => [param()] as const, (p) => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 }), ArgumentError, /^SGD: some parameters appear in more than one parameter group/),
  bad('SGD: unknown group option', () => [param()] as const, (p) => new SGD([{ params: [p], mom: 0.9 } as never], { lr: 0.1 }), ArgumentError, /^SGD: unknown parameter group option 'mom'/),
  bad('SGD: group lr NaN', () => [param(), param()] as const, (a, b) => new SGD([{ params: [a] }, { params: [b], lr: Number.NaN }], { lr: 0.1 }), ArgumentError, /^SGD: Invalid learning rate: NaN/),
  bad('SGD: options null', () => [param()] as const, (p) => new SGD([p], null as never), ArgumentError, /^SGD: options must be an object, got null/),
  bad('Adam: betas of one value', () => [param()] as const, (p) => new Adam([p], { betas: [0.9] as never }), ArgumentError, /^Adam: betas must be a pair \[beta1, beta2\], got \[0.9\]/),
  bad('Adam: beta1 NaN', () => [param()] as const, (p) => new Adam([p], { betas: [Number.NaN, 0.999] }), ArgumentError, /^Adam: Invalid beta parameter at index 0: NaN \(betas\[0\] must be in \[0, 1\)\)/),
  bad('AdamW: beta2 1', () => [param()] as const, (p) => new AdamW([p], { betas: [0.9, 1] }), ArgumentError, /^AdamW: Invalid beta parameter at index 1: 1 \(betas\[1\] must be in \[0, 1\)\)/),
  bad('Adam: amsgrad not a boolean', () => [param()] as const, (p) => new Adam([p], { amsgrad: 1 as never }), ArgumentError, /^Adam: amsgrad must be true or false, got 1/),
  bad('RMSprop: centered not a boolean', () => [param()] as const, (p) => new RMSprop([p], { centered: 'yes' as never }), ArgumentError, /^RMSprop: centered must be true or false, got yes/),
  // Adagrad creates state per group as it adds them: a refused second group must free the first's.
  bad('Adagrad: second group invalid', () => [param(), param()] as const, (a, b) => new Adagrad([{ params: [a] }, { params: [b], eps: -1 }]), ArgumentError, /^Adagrad: Invalid epsilon value: -1/),
  bad('add_param_group: lr NaN', () => [new SGD([param()], { lr: 0.1 }), param()] as const, (o, p) => o.add_param_group({ params: [p], lr: Number.NaN }), ArgumentError, /^SGD: Invalid learning rate: NaN/),
  bad('add_param_group: a parameter already optimised', () => { const p = param(); return [new SGD([p], { lr: 0.1 }), p] as const; }, (o, p) => o.add_param_group({ params: [p] }), ArgumentError, /^SGD: some parameters appear in more than one parameter group/),
  bad('add_param_group: no params entry', () => [new SGD([param()], { lr: 0.1 })] as const, (o) => o.add_param_group({ lr: 0.1 } as never), ArgumentError, /^SGD: a parameter group must be an object with a 'params' entry/),
];

type Setup = () => [Optimizer<object>, ...Tensor[]];
const stepCases: [string, Setup, ErrorKind, RegExp][] = [
  ['the second gradient has the wrong shape', () => { const a = withGrad(); const b = withGrad([2], [3]); return [new SGD([a, b], { lr: 0.1, momentum: 0.9 }), a, b]; }, ShapeError, /^SGD: the gradient of param 1 of param_groups\[0\] has shape \[3\], but the parameter has shape \[2\]/],
  ['Adam: the second group\'s gradient has the wrong shape', () => { const a = withGrad(); const b = withGrad([2, 2], [4]); return [new Adam([{ params: [a] }, { params: [b] }]), a, b]; }, ShapeError, /^Adam: the gradient of param 0 of param_groups\[1\] has shape \[4\], but the parameter has shape \[2, 2\]/],
  ['a gradient on another backend', () => { const a = withGrad(); const b = withGrad([2], [2], 'cpu2'); return [new AdamW([a, b]), a, b]; }, BackendError, /^AdamW: the gradient of param 1 of param_groups\[0\] is on the 'cpu2' backend, but the parameter is on 'cpu'/],
  ['a disposed gradient', () => { const a = withGrad(); const b = withGrad(); b.grad!.dispose(); return [new RMSprop([a, b]), a, b]; }, StateError, /^RMSprop: the gradient of param 1 of param_groups\[0\] \(float32 \[2\]\) has been disposed/],
  ['a disposed parameter', () => { const a = withGrad(); const b = withGrad(); const o = new Adagrad([a, b]); b.dispose(); return [o, a]; }, StateError, /^Adagrad: param 1 of param_groups\[0\] \(float32 \[2\]\) has been disposed/],
  ['an int64 gradient', () => { const a = withGrad(); a.grad = torch.ones([2], { dtype: 'int64' }); return [new SGD([a], { lr: 0.1 }), a]; }, DTypeError, /^SGD: the gradient of param 0 of param_groups\[0\] is int64; expected a floating point gradient/],
  ['lr set to NaN between steps', () => { const a = withGrad(); const o = new SGD([a], { lr: 0.1 }); o.param_groups[0]!.lr = Number.NaN; return [o, a]; }, ArgumentError, /^SGD: Invalid learning rate: NaN/],
  ['lr set to Infinity between steps', () => { const a = withGrad(); const o = new Adam([a]); o.param_groups[0]!.lr = Number.POSITIVE_INFINITY; return [o, a]; }, ArgumentError, /^Adam: Invalid learning rate: Infinity \(lr must be finite\)/],
  ['momentum set to -1 between steps', () => { const a = withGrad(); const o = new SGD([a], { lr: 0.1, momentum: 0.9 }); o.param_groups[0]!.momentum = -1; return [o, a]; }, ArgumentError, /^SGD: Invalid momentum value: -1/],
  ['weight_decay set to NaN after a first step', () => { const a = withGrad(); const o = new Adam([a]); o.step(); o.param_groups[0]!.weight_decay = Number.NaN; return [o, a]; }, ArgumentError, /^Adam: Invalid weight_decay value: NaN/],
  ['betas set to [1, 0.999] between steps', () => { const a = withGrad(); const o = new AdamW([a]); o.param_groups[0]!.betas = [1, 0.999]; return [o, a]; }, ArgumentError, /^AdamW: Invalid beta parameter at index 0: 1/],
];
const stepRows: Row[] = stepCases.map(([what, setup, cls, re]) => bad<[Optimizer<object>, ...Tensor[]]>(`step: ${what}`, setup, (o) => o.step(), cls, re));

const stateDictRows: Row[] = [
  bad('load_state_dict: state of another shape', () => { const a = withGrad(); const o = new SGD([a], { lr: 0.1, momentum: 0.9 }); o.step(); return [o, a, torch.zeros([3])] as const; }, (o, _a, buf) => o.load_state_dict({ state: { 0: { momentum_buffer: buf } }, param_groups: o.state_dict().param_groups }), ShapeError, /^SGD: loaded state 'momentum_buffer' of parameter 0 has shape \[3\], but the parameter has shape \[2\]/),
  bad('load_state_dict: lr NaN in a group', () => [new SGD([param()], { lr: 0.1 })] as const, (o) => o.load_state_dict({ state: {}, param_groups: [{ ...o.state_dict().param_groups[0]!, lr: Number.NaN }] }), ArgumentError, /^SGD: Invalid learning rate: NaN/),
];

const opt = () => new SGD([param()], { lr: 0.1, momentum: 0.9 });
const schedulerRows: Row[] = [
  bad('StepLR: step_size 0', () => [opt()] as const, (o) => new StepLR(o, 0), ArgumentError, /^StepLR: step_size must be a positive integer, got 0/),
  bad('StepLR: step_size 2.5', () => [opt()] as const, (o) => new StepLR(o, 2.5), ArgumentError, /^StepLR: step_size must be a positive integer, got 2.5/),
  bad('StepLR: gamma NaN', () => [opt()] as const, (o) => new StepLR(o, 3, { gamma: Number.NaN }), ArgumentError, /^StepLR: gamma must be a number, got NaN/),
  bad('StepLR: gamma Infinity', () => [opt()] as const, (o) => new StepLR(o, 3, { gamma: Number.POSITIVE_INFINITY }), ArgumentError, /^StepLR: gamma must be finite, got Infinity/),
  bad('StepLR: unknown option', () => [opt()] as const, (o) => new StepLR(o, 3, { gama: 0.5 } as never), ArgumentError, /^StepLR: unknown option 'gama'/),
  bad('StepLR: last_epoch -2', () => [opt()] as const, (o) => new StepLR(o, 3, { last_epoch: -2 }), ArgumentError, /^StepLR: last_epoch must be an integer >= -1, got -2/),
  bad('StepLR: resuming without initial_lr', () => [opt()] as const, (o) => new StepLR(o, 3, { last_epoch: 4 }), StateError, /^StepLR: param 'initial_lr' is not specified in param_groups\[0\] when resuming an optimizer/),
  bad('StepLR: not an optimizer', () => [] as const, () => new StepLR({} as never, 3), ArgumentError, /^StepLR: expected an optimizer, got object/),
  bad('MultiStepLR: fractional milestone', () => [opt()] as const, (o) => new MultiStepLR(o, [1, 2.5]), ArgumentError, /^MultiStepLR: milestones must be integers, got 2.5/),
  bad('MultiStepLR: milestones not a list', () => [opt()] as const, (o) => new MultiStepLR(o, 3 as never), ArgumentError, /^MultiStepLR: milestones must be a list of epochs, got 3/),
  bad('MultiStepLR: gamma NaN', () => [opt()] as const, (o) => new MultiStepLR(o, [2], { gamma: Number.NaN }), ArgumentError, /^MultiStepLR: gamma must be a number, got NaN/),
  bad('ExponentialLR: gamma a string', () => [opt()] as const, (o) => new ExponentialLR(o, '0.9' as never), ArgumentError, /^ExponentialLR: gamma must be a number, got 0.9/),
  bad('ExponentialLR: gamma -Infinity', () => [opt()] as const, (o) => new ExponentialLR(o, Number.NEGATIVE_INFINITY), ArgumentError, /^ExponentialLR: gamma must be finite, got -Infinity/),
  bad('CosineAnnealingLR: T_max 0', () => [opt()] as const, (o) => new CosineAnnealingLR(o, 0), ArgumentError, /^CosineAnnealingLR: T_max must be a positive number, got 0/),
  bad('CosineAnnealingLR: T_max NaN', () => [opt()] as const, (o) => new CosineAnnealingLR(o, Number.NaN), ArgumentError, /^CosineAnnealingLR: T_max must be a positive number, got NaN/),
  bad('CosineAnnealingLR: eta_min NaN', () => [opt()] as const, (o) => new CosineAnnealingLR(o, 10, { eta_min: Number.NaN }), ArgumentError, /^CosineAnnealingLR: eta_min must be a finite number, got NaN/),
  bad('CosineAnnealingLR: eta_min Infinity', () => [opt()] as const, (o) => new CosineAnnealingLR(o, 10, { eta_min: Number.POSITIVE_INFINITY }), ArgumentError, /^CosineAnnealingLR: eta_min must be a finite number, got Infinity/),
  bad('LambdaLR: one lambda for two groups', () => [new SGD([{ params: [param()] }, { params: [param()] }], { lr: 0.1 })] as const, (o) => new LambdaLR(o, [(e) => e]), ArgumentError, /^LambdaLR: Expected 2 lr_lambdas, but got 1/),
  bad('LambdaLR: not a function', () => [opt()] as const, (o) => new LambdaLR(o, 3 as never), ArgumentError, /^LambdaLR: lr_lambda must be a function or an array of functions, got number/),
  bad('OneCycleLR: no length given', () => [opt()] as const, (o) => new OneCycleLR(o, 1), ArgumentError, /^OneCycleLR: You must define either total_steps OR \(epochs AND steps_per_epoch\)/),
  bad('OneCycleLR: total_steps 0', () => [opt()] as const, (o) => new OneCycleLR(o, 1, { total_steps: 0 }), ArgumentError, /^OneCycleLR: Expected positive integer total_steps, but got 0/),
  bad('OneCycleLR: pct_start 1.5', () => [opt()] as const, (o) => new OneCycleLR(o, 1, { total_steps: 10, pct_start: 1.5 }), ArgumentError, /^OneCycleLR: Expected float between 0 and 1 pct_start, but got 1.5/),
  bad('OneCycleLR: pct_start NaN', () => [opt()] as const, (o) => new OneCycleLR(o, 1, { total_steps: 10, pct_start: Number.NaN }), ArgumentError, /^OneCycleLR: Expected float between 0 and 1 pct_start, but got NaN/),
  bad("OneCycleLR: anneal_strategy 'exp'", () => [opt()] as const, (o) => new OneCycleLR(o, 1, { total_steps: 10, anneal_strategy: 'exp' as never }), ArgumentError, /^OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got exp/),
  bad('OneCycleLR: max_lr NaN', () => [opt()] as const, (o) => new OneCycleLR(o, Number.NaN, { total_steps: 10 }), ArgumentError, /^OneCycleLR: max_lr must be a finite number >= 0, got NaN for param_groups\[0\]/),
  bad('OneCycleLR: max_lr Infinity', () => [opt()] as const, (o) => new OneCycleLR(o, [Number.POSITIVE_INFINITY], { total_steps: 10 }), ArgumentError, /^OneCycleLR: max_lr must be a finite number >= 0, got Infinity/),
  bad('OneCycleLR: max_lr list of the wrong length', () => [opt()] as const, (o) => new OneCycleLR(o, [1, 2], { total_steps: 10 }), ArgumentError, /^OneCycleLR: expected 1 values for max_lr, got 2/),
  bad('OneCycleLR: div_factor 0', () => [opt()] as const, (o) => new OneCycleLR(o, 1, { total_steps: 10, div_factor: 0 }), ArgumentError, /^OneCycleLR: div_factor must be a finite number > 0, got 0/),
  bad('OneCycleLR: final_div_factor NaN', () => [opt()] as const, (o) => new OneCycleLR(o, 1, { total_steps: 10, final_div_factor: Number.NaN }), ArgumentError, /^OneCycleLR: final_div_factor must be a finite number > 0, got NaN/),
  bad('OneCycleLR: max_momentum NaN', () => [opt()] as const, (o) => new OneCycleLR(o, 1, { total_steps: 10, max_momentum: Number.NaN }), ArgumentError, /^OneCycleLR: max_momentum must be a finite number, got NaN/),
  bad('OneCycleLR: an optimizer without momentum', () => [new Adagrad([param()])] as const, (o) => new OneCycleLR(o, 1, { total_steps: 10 }), ArgumentError, /^OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled/),
  bad('OneCycleLR: a step past total_steps leaves lr alone', () => { const o = opt(); const s = new OneCycleLR(o, 1, { total_steps: 2 }); s.step(); s.step(); return [s] as const; }, (s) => s.step(), StateError, /^OneCycleLR: Tried to step 4 times. The specified number of total steps is 2/),
  bad('load_state_dict: not an object', () => [new StepLR(opt(), 2)] as const, (s) => s.load_state_dict(null as never), ArgumentError, /^StepLR: load_state_dict expects an object, got null/),
];

describe('bad input: optimizer options', () => optionRows.forEach(runRow));
describe('bad input: parameters and groups', () => paramRows.forEach(runRow));
describe('bad input: step', () => stepRows.forEach(runRow));
describe('bad input: state dicts', () => stateDictRows.forEach(runRow));
describe('bad input: schedulers', () => schedulerRows.forEach(runRow));
