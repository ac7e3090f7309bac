/**
 * Checkpoints across PyTorch and @proj: a state_dict written by torch.save and as safetensors,
 * loaded into the same architecture, gives PyTorch's outputs; int64 buffers round-trip.
 */
import { readFileSync } from 'node:fs';
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import type { DType, Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from './index.js';

interface Full {
  shape: number[];
  dtype: DType;
  data: number[];
}
const { small } = JSON.parse(readFileSync(new URL('./__fixtures__/models.json', import.meta.url), 'utf8')) as {
  small: { input: Full; eval_output: Full; state: Record<string, Full> };
};
const file = (name: string) => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.setBackend('cpu');
});

const architecture = () =>
  new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.ReLU(), new nn.Flatten(), new nn.Linear(8, 3));
const make = (f: Full): Tensor => torch.tensor(f.data, { dtype: f.dtype }).reshape(f.shape);
const flat = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number | bigint>, Number);

function evalOutput(model: nn.Module): number[] {
  model.eval();
  return torch.scope(() => flat(torch.no_grad(() => model.call(make(small.input)) as Tensor)));
}

function expectPyTorchOutput(model: nn.Module): void {
  const got = evalOutput(model);
  const want = small.eval_output.data;
  expect(Math.max(...got.map((v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-5);
}

function expectPyTorchState(model: nn.Module): void {
  const sd = model.state_dict({ keep_vars: true });
  expect([...sd.keys()]).toEqual(Object.keys(small.state));
  for (const [k, e] of Object.entries(small.state)) {
    expect(sd.get(k)!.dtype, k).toBe(e.dtype);
    expect(flat(sd.get(k)!), k).toEqual(e.data);
  }
}

describe('checkpoints', () => {
  it('loads a torch.save state_dict (.pt) and reproduces PyTorch eval outputs', () => {
    const model = architecture();
    torch.scope(() => model.load_state_dict(torch.load(file('small.pt'))));
    expectPyTorchState(model);
    expect(model.get_submodule('1').state_dict({ keep_vars: true }).get('num_batches_tracked')!.item()).toBe(3);
    expectPyTorchOutput(model);
    model.dispose();
  });

  it('loads the same state_dict from safetensors', () => {
    const model = architecture();
    torch.scope(() => model.load_state_dict(torch.load_safetensors(file('small.safetensors'))));
    expectPyTorchState(model);
    expectPyTorchOutput(model);
    model.dispose();
  });

  it('round-trips through save_safetensors, int64 num_batches_tracked included, into a fresh model', () => {
    const before = torch.memory();
    const a = architecture();
    torch.scope(() => a.load_state_dict(torch.load(file('small.pt'))));
    const bytes = torch.scope(() => torch.save_safetensors(a.state_dict()));
    const b = architecture();
    torch.scope(() => b.load_state_dict(torch.load_safetensors(bytes)));
    expectPyTorchState(b);
    expect(evalOutput(b)).toEqual(evalOutput(a));
    a.dispose();
    b.dispose();
    expect(torch.memory().tensors).toBe(before.tensors);
  });

  it('the written file is what the reference safetensors writer produces from PyTorch', () => {
    const model = architecture();
    torch.scope(() => model.load_state_dict(torch.load(file('small.pt'))));
    const bytes = torch.scope(() => torch.save_safetensors(model.state_dict()));
    expect(bytes).toEqual(file('small.safetensors'));
    model.dispose();
  });

  it('a checkpoint for another architecture fails with the keys named', () => {
    const other = new nn.Sequential(new nn.Linear(8, 3));
    torch.scope(() => {
      const sd = torch.load(file('small.pt'));
      expect(() => other.load_state_dict(sd)).toThrow(/Unexpected key\(s\) in state_dict: "1.weight", "1.bias", "1.running_mean"/);
      expect(() => other.load_state_dict(sd)).toThrow(/size mismatch for 0.weight: copying a param with shape torch.Size\(\[2, 1, 3, 3\]\)/);
    });
    other.dispose();
  });
});
