/**
 * The checks that are not plain twins: the dropout lesson, shared weights against PyTorch, and a
 * functional call inside a module's forward.
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as torch from '@proj/tensor';
import { LinearPlusFunctional, MLP, SharedDilation } from '@proj/app-shared';
import fixture from './__fixtures__/parity.json' with { type: 'json' };
import { maxDiff, values } from './compare.js';
import { type Row, flag, row } from './report.js';

type Spec = { shape: number[]; data: (number | string)[] };
const fromSpec = (s: Spec) => torch.tensor(s.data.map(Number), { dtype: 'float32' }).reshape(s.shape);

/**
 * `F.dropout(x)` defaults to training=true, exactly as in PyTorch, so it keeps dropping after
 * `eval()`; `nn.Dropout` follows the module's mode; `F.dropout(x, { training: this.training })`
 * matches it again.
 */
export async function dropoutLesson(backend: string): Promise<Row[]> {
  torch.setBackend(backend);
  const rows: Row[] = [];
  torch.manual_seed(3);
  const mod = new MLP('module');
  const fun = new MLP('functional');
  const fixed = new MLP('functional-training');
  fun.load_state_dict(mod.state_dict());
  fixed.load_state_dict(mod.state_dict());
  const x = torch.keep(torch.randn(4, 512));
  const run = (m: nn.Module, seed: number) => {
    torch.manual_seed(seed);
    return m.call(x) as torch.Tensor;
  };
  await torch.scope(async () => {
    rows.push(row('MLP + dropout', backend, 'train: nn.Dropout vs F.dropout (same seed, same masks)', await maxDiff(run(mod, 5), run(fun, 5))));
    for (const m of [mod, fun, fixed]) m.eval();
    rows.push(row('MLP + dropout', backend, 'eval: nn.Dropout is deterministic', await maxDiff(run(mod, 5), run(mod, 6))));
    const drift = await maxDiff(run(fun, 5), run(fun, 6));
    rows.push(flag('MLP + dropout', backend, 'eval: F.dropout(x) still drops', drift > 0, `(differs by ${drift.toExponential(2)} between two calls: training defaults to true)`));
    rows.push(row('MLP + dropout', backend, 'eval: F.dropout(x, { training: this.training }) = nn.Dropout', await maxDiff(run(fixed, 5), run(mod, 6))));
  });
  x.dispose();
  for (const m of [mod, fun, fixed]) m.dispose();
  return rows;
}

/** One Parameter in two convolutions (dilation 1 and 2): outputs and the accumulated gradient against PyTorch. */
export async function sharedWeights(backend: string): Promise<Row[]> {
  torch.setBackend(backend);
  const f = fixture.shared_dilation;
  const model = torch.scope(() => new SharedDilation(fromSpec(f.weight)));
  const rows: Row[] = [];
  await torch.scope(async () => {
    const y = model.call(fromSpec(f.x)) as torch.Tensor;
    rows.push(row('shared weights, dilation 1 + 2', backend, 'forward vs PyTorch', await maxDiff(y, fromSpec(f.output)), 1e-4, '(other kernels than PyTorch: float32 rounding)'));
    y.backward(fromSpec(f.grad_output));
    rows.push(row('shared weights, dilation 1 + 2', backend, 'weight grad (both uses) vs PyTorch', await maxDiff(model.weight.grad!, fromSpec(f.weight_grad)), 1e-3, '(sums 2·N·H·W products in float32)'));
  });
  model.dispose();
  return rows;
}

/** A functional call in forward is not a layer: repr and summary show the Linear only, but count every parameter. */
export async function functionalInsideModule(backend: string): Promise<Row[]> {
  torch.setBackend(backend);
  const m = new LinearPlusFunctional();
  const repr = m.toString();
  const expected = 'LinearPlusFunctional(\n  (fc): Linear(in_features=8, out_features=4, bias=True)\n)';
  const s = nn.summary(m, [2, 8], { device: backend });
  const total = [...m.parameters()].reduce((n, p) => n + p.numel(), 0);
  const out = await torch.scope(async () => (await values(F.linear(torch.zeros(2, 4), m.extra))).length);
  m.dispose();
  return [
    flag('Linear + F.linear in forward', backend, 'toString() shows the Linear, not the F call', repr === expected, repr === expected ? '' : JSON.stringify(repr)),
    flag('Linear + F.linear in forward', backend, 'summary() counts all parameters', s.total_params === total && total === 8 * 4 + 4 + 3 * 4 && out === 6, `(${s.total_params} parameters)`),
  ];
}
