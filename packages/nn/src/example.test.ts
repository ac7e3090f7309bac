/**
 * The README's example, run as written: a seeded MLP trained with SGD gives PyTorch's losses, and
 * the training loop leaves no tensor behind.
 */
import { readFileSync } from 'node:fs';
import { cpu } from '@proj/backend-cpu';
import { SGD } from '@proj/optim';
import * as torch from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import * as nn from './index.js';

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/training.json', import.meta.url), 'utf8')) as { losses: number[]; repr: string };

describe('README example', () => {
  it('trains as PyTorch does', () => {
    // --- the example, as in the README ---
    torch.registerBackend(cpu());
    torch.manual_seed(0);
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
    const x = torch.randn(16, 4);
    const y = torch.randint(0, 3, [16]);
    const criterion = new nn.CrossEntropyLoss();
    const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });

    const losses: number[] = [];
    const live: number[] = [];
    for (let step = 0; step < 5; step++) {
      const loss = torch.scope(() => {
        opt.zero_grad();
        const loss = criterion.call(model.call(x), y);
        loss.backward();
        opt.step();
        return loss.item();
      });
      losses.push(loss);
      live.push(torch.memory().tensors);
    }
    // --- end of the example ---
    expect(String(model)).toBe(fixture.repr);
    for (const [i, l] of losses.entries()) expect(l, `loss ${i}`).toBeCloseTo(fixture.losses[i]!, 5);
    // After the first step (which creates the momentum buffers) the loop is in a steady state.
    expect(new Set(live.slice(1)).size).toBe(1);
    model.dispose();
  });
});
