/**
 * The generic twin check: build a module model and its functional twin, copy the weights through
 * state_dict, then compare outputs, loss, every parameter's gradient, and the parameters after
 * five SGD steps. Both run the same kernels, so the expected difference is exactly 0.
 */
import * as nn from '@proj/nn';
import { SGD } from '@proj/optim';
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { remap } from '@proj/app-shared';
import { maxDiff, maxDiffAll } from './compare.js';
import { type Row, row } from './report.js';

export interface TwinSpec {
  model: string;
  makeModules: () => nn.Module;
  makeTwin: () => nn.Module;
  /** Twin state_dict key → module state_dict key. */
  map: Readonly<Record<string, string>>;
  input: () => Tensor;
  target: () => Tensor;
  loss: (out: Tensor, target: Tensor) => Tensor;
  /** Seed drawn before each forward, so random layers (dropout) draw the same masks. */
  seed?: number;
  /** Also compare these buffers' names after training steps (e.g. BatchNorm running stats). */
  buffers?: boolean;
}

function named(entries: Iterable<[string, Tensor]>, map?: Readonly<Record<string, string>>): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [k, t] of entries) out.set(map ? map[k]! : k, t);
  return out;
}

function gradsOf(m: nn.Module, map?: Readonly<Record<string, string>>): Map<string, Tensor> {
  return named([...m.named_parameters()].map(([k, p]) => [k, p.grad ?? torch.zeros_like(p)] as [string, Tensor]), map);
}

export async function twinRows(spec: TwinSpec, backend: string): Promise<Row[]> {
  const rows: Row[] = [];
  torch.setBackend(backend);
  torch.manual_seed(1);
  const a = spec.makeModules();
  const b = spec.makeTwin();
  try {
    b.load_state_dict(remap(a.state_dict(), spec.map));
    const x = torch.keep(spec.input());
    const y = torch.keep(spec.target());
    const forward = (m: nn.Module) => {
      if (spec.seed !== undefined) torch.manual_seed(spec.seed);
      return m.call(x) as Tensor;
    };
    await torch.scope(async () => {
      const [oa, ob] = [forward(a), forward(b)];
      rows.push(row(spec.model, backend, 'forward', await maxDiff(oa, ob)));
      const [la, lb] = [spec.loss(oa, y), spec.loss(ob, y)];
      rows.push(row(spec.model, backend, 'loss', await maxDiff(la, lb)));
      la.backward();
      lb.backward();
      rows.push(row(spec.model, backend, 'gradients (every parameter)', await maxDiffAll(gradsOf(a), gradsOf(b, spec.map))));
    });
    const opts = { lr: 0.01, momentum: 0.9 };
    const [oa, ob] = [new SGD(a.parameters(), opts), new SGD(b.parameters(), opts)];
    for (let step = 0; step < 5; step++) {
      for (const [m, opt] of [[a, oa], [b, ob]] as const) {
        torch.scope(() => {
          opt.zero_grad();
          spec.loss(forward(m), y).backward();
          opt.step();
        });
      }
    }
    rows.push(row(spec.model, backend, 'parameters after 5 SGD steps', await maxDiffAll(named(a.named_parameters()), named(b.named_parameters(), spec.map))));
    if (spec.buffers) {
      rows.push(row(spec.model, backend, 'buffers after training (running stats)', await maxDiffAll(named(a.named_buffers()), named(b.named_buffers(), spec.map))));
      a.eval();
      b.eval();
      await torch.scope(async () => rows.push(row(spec.model, backend, 'eval-mode forward', await maxDiff(forward(a), forward(b)))));
    }
    x.dispose();
    y.dispose();
    oa.state.clear();
    ob.state.clear();
  } finally {
    a.dispose();
    b.dispose();
  }
  return rows;
}

