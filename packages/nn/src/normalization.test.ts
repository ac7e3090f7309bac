import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { type Backend, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from './index.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  // The cpu backend without synchronous reads, as WebGPU is.
  const noSync = Object.create(cpu({ name: 'cpu-nosync' })) as Backend & { readSync?: unknown };
  noSync.readSync = undefined;
  torch.registerBackend(noSync);
  torch.setBackend('cpu');
});

async function runCumulative(device: string, loadCount: boolean): Promise<number[]> {
  torch.setBackend(device);
  try {
    torch.manual_seed(0);
    const bn = new nn.BatchNorm1d(3, { momentum: null });
    if (loadCount) torch.scope(() => bn.load_state_dict({ ...Object.fromEntries(bn.state_dict()), num_batches_tracked: torch.tensor(0) }));
    for (let i = 0; i < 3; i++) torch.scope(() => bn.call(torch.randn(4, 3)));
    const stats = [...(await bn.running_mean!.data()), ...(await bn.running_var!.data()), Number((await bn.num_batches_tracked!.data())[0])];
    bn.dispose();
    return Array.from(stats, Number);
  } finally {
    torch.setBackend('cpu');
  }
}

describe('BatchNorm', () => {
  it('a cumulative average (momentum: null) needs no device read per step', async () => {
    const reference = await runCumulative('cpu', true);
    expect(reference.at(-1)).toBe(3);
    expect(await runCumulative('cpu-nosync', false)).toEqual(reference);
    expect(await runCumulative('cpu', false)).toEqual(reference);
  });

  it('after its count is overwritten, a cumulative average reads it once, or divides on the device where it cannot read', async () => {
    const reference = await runCumulative('cpu', true);
    const onDevice = await runCumulative('cpu-nosync', true);
    // 1 − 1/n is then rounded in float32 rather than in double: the same up to an ulp.
    onDevice.forEach((v, i) => {
      expect(v).toBeCloseTo(reference[i]!, 6);
    });
  });

  it('checks the input rank', () => {
    const bn = new nn.BatchNorm2d(3);
    expect(() => bn.call(torch.zeros(2, 3))).toThrow(ShapeError);
    expect(() => bn.call(torch.zeros(2, 3))).toThrow('BatchNorm2d: expected 4D input (got 2D input)');
    bn.dispose();
  });
});
