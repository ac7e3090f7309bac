/**
 * Training on the GPU: a small CNN learns with SGD on WebGPU and its losses follow the CPU's; an
 * MLP (fewer kernels a step, so the run stays short in Chromium) shows that 1,000 steps leave
 * the GPU buffer count (and the number of GPU buffers ever created) where the warm-up left them.
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import { SGD } from '@proj/optim';
import * as torch from '@proj/tensor';
import { registerBackend } from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './backend.js';
import { probeGpu, testBackend } from './testing/gpu.js';

const probe = await probeGpu();
const DEV = 'webgpu-train';
// The CPU comparison leaves garbage that the finalizer may free during the long run; its own
// backend keeps that from moving DEV's counters.
const CMP = 'webgpu-train-cmp';

/** A small CNN (conv, pool, linear: every fused kernel in training) or an MLP (fewer kernels a step). */
function setup(device: string, kind: 'cnn' | 'mlp') {
  torch.manual_seed(7);
  const model =
    kind === 'cnn'
      ? new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(4 * 4 * 4, 3))
      : new nn.Sequential(new nn.Flatten(), new nn.Linear(64, 16), new nn.ReLU(), new nn.Linear(16, 3));
  model.to(device);
  const x = torch.randn([8, 1, 8, 8]).to(device);
  const y = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1]).to(device);
  const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const step = () =>
    torch.scope(() => {
      opt.zero_grad();
      const loss = F.cross_entropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss;
    });
  return { step, dispose: () => { x.dispose(); y.dispose(); } };
}

describe.skipIf(!probe.gpu)(probe.gpu ? 'webgpu training' : `webgpu training (skipped: no WebGPU adapter: ${probe.reason})`, () => {
  let be: WebGPUBackend;
  beforeAll(async () => {
    registerBackend(cpu());
    be = await testBackend({ name: DEV });
    registerBackend(be);
    registerBackend(await testBackend({ name: CMP }));
  });

  it('follows the CPU for the first steps', async () => {
    const c = setup('cpu', 'cnn');
    const g = setup(CMP, 'cnn');
    for (let i = 0; i < 10; i++) {
      const lc = c.step();
      const lg = g.step();
      expect(Number((await lg.data())[0]), `step ${i}`).toBeCloseTo(Number(lc.item()), 4);
      lc.dispose();
      lg.dispose();
    }
  });

  it('1,000 steps: the loss falls and the GPU buffer count returns to where it started', async () => {
    const g = setup(DEV, 'mlp');
    // Warm-up: step 1 creates gradients and momentum; step 2 is the first steady-state step.
    for (let i = 0; i < 2; i++) g.step().dispose();
    await be.sync();
    const start = torch.memory(DEV);
    const created = be.memory().createdBuffers;
    let firstLoss = 0;
    let lastLoss = 0;
    for (let i = 0; i < 1000; i++) {
      const loss = g.step();
      if (i === 0 || i === 999) {
        const v = Number((await loss.data())[0]);
        if (i === 0) firstLoss = v;
        else lastLoss = v;
      }
      loss.dispose();
    }
    await be.sync();
    const end = torch.memory(DEV);
    expect({ buffers: end.buffers, bytes: end.bytes, tensors: end.tensors }).toEqual({ buffers: start.buffers, bytes: start.bytes, tensors: start.tensors });
    expect(be.memory().createdBuffers).toBe(created);
    expect(lastLoss).toBeLessThan(firstLoss / 10);
    g.dispose();
  });
});
