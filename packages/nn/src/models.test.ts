/**
 * Whole models ported from PyTorch: reprs, state_dict keys, traversal names, default
 * initialisation under a seed, a training step, summary, and load_state_dict's errors.
 */
import { readFileSync } from 'node:fs';
import { cpu } from '@proj/backend-cpu';
import * as F from '@proj/functional';
import * as torch from '@proj/tensor';
import type { DType, Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from './index.js';

interface Full {
  shape: number[];
  dtype: DType;
  data: number[];
}
interface Checksum {
  shape: number[];
  first: number[];
  sum: number;
  sumsq: number;
}
interface Described {
  repr: string;
  state_dict_keys: string[];
  named_parameters: string[];
  named_buffers: string[];
  named_modules: string[];
  named_children: string[];
  init: Record<string, Full | Checksum>;
  summary: { name: string; output_shape: number[] | null; params: number }[];
  total_params: number;
}
interface Models {
  net: Described & {
    forward: { input: Full; target: number[]; logits: Full; loss: number; grads: Record<string, Checksum> };
    load_errors: Record<string, string> & { non_strict: { missing_keys: string[]; unexpected_keys: string[] } };
  };
  tower: Described & { forward: { input: Full; output: Full } };
  feature_block: Described;
  containers: { named: string; nested: string; nested_keys: string[]; layers: string[]; parameter_list: string; parameter_dict: string };
}

const fixtures = JSON.parse(readFileSync(new URL('./__fixtures__/models.json', import.meta.url), 'utf8')) as Models;

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.setBackend('cpu');
});

const make = (f: Full): Tensor => torch.tensor(f.data, { dtype: f.dtype }).reshape(f.shape);

function expectClose(actual: number[], expected: number[], atol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((a, i) => Math.abs(a - expected[i]!) - atol * (1 + Math.abs(expected[i]!))));
  expect(worst, `${what}: ${actual.slice(0, 4)} vs ${expected.slice(0, 4)}`).toBe(0);
}

function expectTensor(t: Tensor, e: Full | Checksum, atol: number, what: string): void {
  expect(t.shape, what).toEqual(e.shape);
  const values = Array.from(t.dataSync() as ArrayLike<number | bigint>, Number);
  if ('data' in e) {
    expectClose(values, e.data, atol, what);
    return;
  }
  expectClose(values.slice(0, e.first.length), e.first, atol, `${what} (first values)`);
  const sum = values.reduce((a, v) => a + v, 0);
  const sumsq = values.reduce((a, v) => a + v * v, 0);
  expectClose([sum, sumsq], [e.sum, e.sumsq], atol * 10, `${what} (sum, sum of squares)`);
}

/** The classic CNN of the PyTorch tutorials, ported line for line. */
class Net extends nn.Module {
  cnn1 = new nn.Conv2d(1, 16, 5);
  relu1 = new nn.ReLU();
  maxpool1 = new nn.MaxPool2d(2);
  cnn2 = new nn.Conv2d(16, 32, 5);
  relu2 = new nn.ReLU();
  maxpool2 = new nn.MaxPool2d(2);
  fc1 = new nn.Linear(512, 10);

  override forward(x: Tensor): Tensor {
    let out = this.maxpool1.call(this.relu1.call(this.cnn1.call(x)));
    out = this.maxpool2.call(this.relu2.call(this.cnn2.call(out)));
    return this.fc1.call(out.view(out.size(0), -1));
  }
}

/** Containers, a bare Parameter, buffers (one non-persistent) and a shared submodule. */
class Tower extends nn.Module {
  blocks = new nn.ModuleList([0, 1].map(() => new nn.Sequential(new nn.Linear(3, 3), new nn.ReLU())));
  heads = new nn.ModuleDict({ cls: new nn.Linear(3, 2), box: new nn.Linear(3, 4) });
  scale = new nn.Parameter(torch.ones(1));
  shared: nn.Module;
  declare steps: Tensor;
  declare cache: Tensor;

  constructor() {
    super();
    this.register_buffer('steps', torch.zeros([1], { dtype: 'int64' }));
    this.register_buffer('cache', torch.zeros(2), { persistent: false });
    this.shared = this.blocks.at(0);
  }

  override forward(x: Tensor): Tensor {
    for (const b of this.blocks) x = b.call(x) as Tensor;
    return this.heads.get('cls').call(this.shared.call(x) as Tensor).mul(this.scale) as Tensor;
  }
}

const featureBlock = () =>
  new nn.Sequential(new nn.Conv2d(3, 64, 3, { stride: 2, padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Dropout(0.5));

const names = <T>(it: Iterable<[string, T]>) => [...it].map(([n]) => n);

function checkDescribed(model: nn.Module, d: Described, inputSize: number[]): void {
  expect(String(model)).toBe(d.repr);
  const sd = model.state_dict({ keep_vars: true });
  expect([...sd.keys()]).toEqual(d.state_dict_keys);
  expect(names(model.named_parameters())).toEqual(d.named_parameters);
  expect(names(model.named_buffers())).toEqual(d.named_buffers);
  expect(names(model.named_modules())).toEqual(d.named_modules);
  expect(names(model.named_children())).toEqual(d.named_children);
  for (const [k, e] of Object.entries(d.init)) expectTensor(sd.get(k)!, e, 1e-6, `default init of ${k}`);
  const s = nn.summary(model, inputSize);
  expect(s.rows.map((r) => [r.name, r.output_shape, r.params])).toEqual(d.summary.map((r) => [r.name, r.output_shape, r.params]));
  expect(s.total_params).toBe(d.total_params);
}

describe('the classic CNN', () => {
  it('has PyTorch repr, keys, names, summary and initial weights for manual_seed(0)', () => {
    torch.manual_seed(0);
    const net = new Net();
    checkDescribed(net, fixtures.net, [1, 1, 28, 28]);
    const table = String(nn.summary(net, [1, 1, 28, 28]));
    expect(table).toContain('├─cnn1 (Conv2d)');
    expect(table).toContain(`Total params: ${fixtures.net.total_params.toLocaleString('en-US')}`);
    net.dispose();
  });

  it('trains one step as PyTorch: logits, cross-entropy loss and parameter gradients', () => {
    torch.manual_seed(0);
    const net = new Net();
    const f = fixtures.net.forward;
    const before = torch.memory();
    torch.scope(() => {
      const logits = net.call(make(f.input));
      expectTensor(logits, f.logits, 1e-5, 'logits');
      const loss = F.cross_entropy(logits, torch.tensor(f.target));
      expect(loss.item()).toBeCloseTo(f.loss, 5);
      loss.backward();
    });
    for (const [name, p] of net.named_parameters()) expectTensor(p.grad!, f.grads[name]!, 1e-4, `grad of ${name}`);
    net.zero_grad();
    expect(torch.memory().tensors).toBe(before.tensors);
    net.dispose();
  });

  it("load_state_dict raises PyTorch's messages and loads nothing on error", () => {
    torch.manual_seed(0);
    const net = new Net();
    const errors = fixtures.net.load_errors;
    torch.scope(() => {
      const sd = net.state_dict();
      const bad = new Map(sd);
      bad.delete('fc1.bias');
      bad.set('foo.bar', torch.zeros(1));
      bad.set('cnn1.extra', torch.zeros(1));
      bad.set('cnn1.weight', torch.full([16, 1, 5, 5], 7));
      expect(() => net.load_state_dict(bad)).toThrow(errors.missing_unexpected!);
      expect(net.cnn1.weight.max().item()).toBeLessThan(1);
      expect(net.load_state_dict(bad, { strict: false })).toEqual(errors.non_strict);
      expect(net.cnn1.weight.max().item()).toBe(7);
      const mismatch = new Map(sd);
      mismatch.set('fc1.weight', torch.zeros(10, 20));
      mismatch.set('cnn2.bias', torch.zeros(3));
      expect(() => net.load_state_dict(mismatch)).toThrow(errors.size_mismatch_strict_True!);
      expect(() => net.load_state_dict(mismatch, { strict: false })).toThrow(errors.size_mismatch_strict_False!);
    });
    net.dispose();
  });
});

describe('models with containers', () => {
  it('Tower: ModuleList, ModuleDict, a Parameter, buffers and a shared submodule, as PyTorch', () => {
    torch.manual_seed(1);
    const tower = new Tower();
    checkDescribed(tower, fixtures.tower, [2, 3]);
    torch.scope(() => expectTensor(tower.call(make(fixtures.tower.forward.input)), fixtures.tower.forward.output, 1e-5, 'output'));
    tower.dispose();
  });

  it('the feature block: repr, keys with BatchNorm buffers, initial weights for manual_seed(2)', () => {
    torch.manual_seed(2);
    const block = featureBlock();
    checkDescribed(block, fixtures.feature_block, [1, 3, 16, 16]);
    block.dispose();
  });

  it('prints named, nested and parameter containers and every layer as PyTorch', () => {
    const c = fixtures.containers;
    const named = new nn.Sequential(
      new Map<string, nn.Module>([
        ['conv', new nn.Conv2d(1, 4, 3, { padding_mode: 'reflect', padding: 1 })],
        ['act', new nn.LeakyReLU({ negative_slope: 0.2, inplace: true })],
        ['pool', new nn.AdaptiveAvgPool2d([null, 7])],
      ]),
    );
    expect(String(named)).toBe(c.named);
    const nested = new nn.Sequential(
      new nn.Sequential(new nn.Linear(2, 3), new nn.Tanh()),
      new nn.ModuleList([new nn.Identity(), new nn.Softmax(1)]),
      new nn.ModuleDict({ b: new nn.GELU({ approximate: 'tanh' }), a: new nn.Dropout2d(0.25) }),
    );
    expect(String(nested)).toBe(c.nested);
    expect([...nested.state_dict({ keep_vars: true }).keys()]).toEqual(c.nested_keys);
    const layers: nn.Module[] = [
      new nn.Conv1d(4, 8, 3, { stride: 2, dilation: 2, groups: 2, bias: false }),
      new nn.Conv2d(2, 2, 3, { padding: 'same' }),
      new nn.ConvTranspose2d(4, 2, 3, { stride: 2, output_padding: 1 }),
      new nn.BatchNorm1d(5, { momentum: null, affine: false }),
      new nn.LayerNorm([3, 4], { elementwise_affine: false }),
      new nn.GroupNorm(2, 4, { eps: 1e-3 }),
      new nn.Embedding(10, 3, { padding_idx: 0, max_norm: 1.0 }),
      new nn.Upsample({ scale_factor: 2, mode: 'bilinear', align_corners: false }),
      new nn.Upsample({ size: [4, 5] }),
      new nn.PixelShuffle(3),
      new nn.AvgPool1d(3),
      new nn.AvgPool2d([2, 3], { stride: 1 }),
      new nn.MaxPool1d(3, { stride: 1, padding: 1 }),
      new nn.Hardtanh({ min_val: -2.0, max_val: 2.0 }),
      new nn.ReLU6({ inplace: true }),
      new nn.ELU({ alpha: 0.5 }),
      new nn.Softplus({ beta: 2, threshold: 10 }),
      new nn.LogSoftmax(-1),
      new nn.Flatten(0, 2),
      new nn.Unflatten(1, [2, 3]),
      new nn.Bilinear(2, 3, 4, { bias: false }),
      new nn.Identity(),
      new nn.CrossEntropyLoss(),
      new nn.SELU({ inplace: true }),
      new nn.Softmin(0),
      new nn.Softmax(),
      new nn.AdaptiveMaxPool2d(3),
      new nn.Dropout(0.1, { inplace: true }),
    ];
    expect(layers.map(String)).toEqual(c.layers);
    const plist = new nn.ParameterList([new nn.Parameter(torch.zeros(3, 4)), new nn.Parameter(torch.zeros(2))]);
    expect(String(plist)).toBe(c.parameter_list);
    expect(String(new nn.ParameterDict({ w: new nn.Parameter(torch.zeros(2, 2)) }))).toBe(c.parameter_dict);
    for (const m of [named, nested, plist, ...layers]) m.dispose();
  });
});
