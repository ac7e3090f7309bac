import { readFileSync } from 'node:fs';
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, type Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from './index.js';

interface Call {
  fn: string;
  shape: number[];
  args: number[];
  kwargs: Record<string, unknown>;
  seed: number;
  out: number[];
}
const fixtures = JSON.parse(readFileSync(new URL('./__fixtures__/init.json', import.meta.url), 'utf8')) as {
  gains: [init.Nonlinearity, number | null, number][];
  calls: Call[];
};

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.setBackend('cpu');
});

// Host-side math (erfinv, QR) is compared with a tolerance; everything drawn by the generator is exact.
const HOST_MATH = new Set(['trunc_normal_', 'orthogonal_']);

describe('nn.init', () => {
  it('calculate_gain matches PyTorch', () => {
    for (const [name, param, gain] of fixtures.gains) expect(init.calculate_gain(name, param), `${name} ${param}`).toBe(gain);
    expect(() => init.calculate_gain('swish' as init.Nonlinearity)).toThrow(ArgumentError);
  });

  for (const c of fixtures.calls) {
    it(`${c.fn}(${JSON.stringify(c.shape)}, ${JSON.stringify(c.args)}, ${JSON.stringify(c.kwargs)}) after manual_seed(${c.seed})`, () => {
      torch.scope(() => {
        torch.manual_seed(c.seed);
        const t = torch.empty(c.shape);
        const fn = (init as unknown as Record<string, (t: Tensor, ...a: unknown[]) => Tensor>)[c.fn]!;
        const out = Object.keys(c.kwargs).length > 0 ? fn(t, ...c.args, c.kwargs) : fn(t, ...c.args);
        expect(out).toBe(t);
        const got = Array.from(t.dataSync() as Float32Array);
        if (HOST_MATH.has(c.fn)) {
          const worst = Math.max(...got.map((v, i) => Math.abs(v - c.out[i]!)));
          expect(worst).toBeLessThan(2e-6);
        } else {
          expect(got).toEqual(c.out);
        }
      });
    });
  }

  it('works on a Parameter that requires grad (no autograd recording)', () => {
    torch.manual_seed(0);
    const p = torch.empty(3, 2).requires_grad_(true);
    init.kaiming_normal_(p, { mode: 'fan_out', nonlinearity: 'relu' });
    expect(p.is_leaf).toBe(true);
    expect(p.grad_fn).toBeNull();
  });

  it('refuses shapes it cannot handle with typed errors', () => {
    expect(() => init.xavier_uniform_(torch.empty(3))).toThrow(/fewer than 2 dimensions/);
    expect(() => init.eye_(torch.empty(2, 2, 2))).toThrow(/Only tensors with 2 dimensions/);
    expect(() => init.orthogonal_(torch.empty(3))).toThrow(/2 or more dimensions/);
    expect(() => init.kaiming_uniform_(torch.empty(2, 2), { mode: 'fan_avg' as init.FanMode })).toThrow(/Mode fan_avg not supported/);
  });
});
