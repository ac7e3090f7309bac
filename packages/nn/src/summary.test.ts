import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from './index.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.setBackend('cpu');
});

describe('summary', () => {
  it('tabulates nested modules and leaves the model, the generator and memory as they were', () => {
    const model = new nn.Sequential(
      new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.Dropout(0.5)),
      new nn.ReLU(),
      new nn.Linear(8, 2),
    );
    model.at(2).requires_grad_(false);
    const stats = model.state_dict({ keep_vars: true });
    const mean = stats.get('0.1.running_mean')!.tolist();
    const before = torch.memory();
    torch.manual_seed(5);
    const s = nn.summary(model, [3, 4]);
    const next = torch.rand(1).item();
    torch.manual_seed(5);
    expect(torch.rand(1).item()).toBe(next);
    expect(torch.memory().tensors).toBe(before.tensors + 2);
    expect(model.training && model.at(0).training).toBe(true);
    expect(stats.get('0.1.running_mean')!.tolist()).toEqual(mean);
    expect(stats.get('0.1.num_batches_tracked')!.item()).toBe(0);
    expect(s.rows.map((r) => [r.name, r.depth, r.output_shape, r.params])).toEqual([
      ['', 0, [3, 2], 0],
      ['0', 1, [3, 8], 0],
      ['0.0', 2, [3, 8], 40],
      ['0.1', 2, [3, 8], 16],
      ['0.2', 2, [3, 8], 0],
      ['1', 1, [3, 8], 0],
      ['2', 1, [3, 2], 18],
    ]);
    expect([s.total_params, s.trainable_params, s.non_trainable_params]).toEqual([74, 56, 18]);
    const text = String(s);
    expect(text).toContain('├─0 (Sequential)');
    expect(text).toContain('│ ├─0 (Linear)');
    expect(text).toContain('│ └─2 (Dropout)');
    expect(text).toContain('└─2 (Linear)');
    expect(text).toContain('Non-trainable params: 18');
    model.dispose();
  });
});
