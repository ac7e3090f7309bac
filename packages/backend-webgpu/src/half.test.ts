/**
 * float16 on WebGPU (`shader-f16`): PyTorch's half values and gradients (fixtures from
 * tools/fixtures/float16.py), accumulation in f32 where half would overflow or stall, 2-byte
 * storage, no leaked buffers, a half model that trains, and a clear refusal where the device has
 * no `shader-f16` (SwiftShader in Chromium, or a device created without the feature).
 */
import { cpu } from '@proj/backend-cpu';
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import { SGD } from '@proj/optim';
import * as torch from '@proj/tensor';
import { DTypeError, type Tensor, float16Value, registerBackend } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/float16.json';
import type { WebGPUBackend } from './backend.js';
import { webgpu } from './index.js';
import { probeGpu, testBackend } from './testing/gpu.js';

const probe = await probeGpu();
const adapter = probe.gpu ? await probe.gpu.requestAdapter() : null;
const hasF16 = adapter?.features.has('shader-f16') ?? false;
const DEV = 'webgpu-half';

interface Stored {
  shape: number[];
  bits?: number[];
  dtype?: string;
  data?: (number | string)[];
}
interface Case {
  name: string;
  op: string;
  inputs: Stored[];
  expected: Stored;
  upstream?: Stored;
  grads?: Stored[];
}
const CASES = fixtures.cases as Case[];

const num = (v: number | string): number =>
  typeof v === 'number' ? v : v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-0' ? -0 : -Infinity;
const valuesOf = (s: Stored): number[] => (s.bits ? s.bits.map(float16Value) : s.data!.map(num));

function toTensor(s: Stored, grad = false): Tensor {
  if (s.bits) return torch.tensor(valuesOf(s), { dtype: 'float16', device: DEV }).reshape(s.shape).requires_grad_(grad);
  return torch.tensor(valuesOf(s), { dtype: s.dtype === 'int64' ? 'int64' : 'float32', device: DEV }).reshape(s.shape);
}

/** One unit in the last place of a half near `v` (2^-24 for subnormals). */
function ulp(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -14 ? 2 ** -24 : 2 ** (Math.floor(Math.log2(a)) - 10);
}

/**
 * Values within `ulps` half ulps of the expected ones, plus `2^-12` of the largest expected
 * magnitude (gradients that cancel to near zero are rounded from f32 sums of larger terms).
 * Non-finite values must match exactly.
 */
async function expectHalf(t: Tensor, want: Stored, label: string, ulps = 1): Promise<void> {
  expect(t.dtype, `${label}: dtype`).toBe('float16');
  expect([...t.shape], `${label}: shape`).toEqual(want.shape);
  const got = Array.from((await t.data()) as Float32Array);
  const exp = valuesOf(want);
  const scale = exp.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0) * 2 ** -12;
  exp.forEach((e, i) => {
    const g = got[i]!;
    if (!Number.isFinite(e) || !Number.isFinite(g)) {
      if (!Object.is(g, e) && !(Number.isNaN(g) && Number.isNaN(e))) expect.fail(`${label}[${i}]: got ${g}, expected ${e}`);
      return;
    }
    if (Math.abs(g - e) > ulps * ulp(e) + scale) expect.fail(`${label}[${i}]: got ${g}, expected ${e} (|diff| ${Math.abs(g - e)}, ulp ${ulp(e)})`);
  });
}

const TARGETS: Record<string, (...xs: Tensor[]) => Tensor> = {
  add: (a, b) => a!.add(b!),
  sub: (a, b) => a!.sub(b!),
  mul: (a, b) => a!.mul(b!),
  div: (a, b) => a!.div(b!),
  exp: (x) => x!.exp(),
  tanh: (x) => x!.tanh(),
  sigmoid: (x) => x!.sigmoid(),
  sqrt: (x) => x!.sqrt(),
  sum: (x) => x!.sum(),
  sum_dim: (x) => x!.sum(1),
  var: (x) => x!.var(),
  matmul: (a, b) => a!.matmul(b!),
  softmax: (x) => F.softmax(x!, 1),
  log_softmax: (x) => F.log_softmax(x!, 1),
  cross_entropy: (x, t) => F.cross_entropy(x!, t!),
  batch_norm: (x, w, b) => F.batch_norm(x!, null, null, w, b, { training: true }),
  layer_norm: (x) => F.layer_norm(x!, [48]),
  group_norm: (x) => F.group_norm(x!, 2),
  conv2d: (x, w) => F.conv2d(x!, w!, null, { padding: 1 }),
  max_pool2d: (x) => F.max_pool2d(x!, 2),
};

/** Cases whose inputs make half intermediates overflow: squared deviations past 65504, or exp(1e4). */
const OVERFLOWING = ['var_large_deviations', 'batch_norm_training_large', 'layer_norm_large', 'group_norm_large', 'softmax_logits_1e4', 'log_softmax_logits_1e4', 'cross_entropy_logits_1e4'];

describe.skipIf(!hasF16)(
  hasF16 ? 'webgpu float16' : `webgpu float16 (skipped: ${probe.gpu ? `the adapter (${probe.reason}) has no shader-f16` : `no WebGPU adapter: ${probe.reason}`})`,
  () => {
    let be: WebGPUBackend;
    let start: number;
    beforeAll(async () => {
      registerBackend(cpu());
      be = await testBackend({ name: DEV });
      registerBackend(be);
      start = be.memory().buffers;
      return () => be.destroy();
    });

    it('stores float16 where the device has shader-f16', () => {
      expect(be.dtypes).toContain('float16');
      expect(be.device.features.has('shader-f16')).toBe(true);
    });

    it('rounds numbers to half as PyTorch does (ties to even, overflow to inf, subnormals)', async () => {
      const c = CASES.find((k) => k.name === 'conversion')!;
      const t = torch.tensor(valuesOf(c.inputs[0]!), { dtype: 'float16', device: DEV });
      const got = Array.from((await t.data()) as Float32Array);
      expect(got.map((v) => (Number.isNaN(v) ? 'nan' : v))).toEqual(valuesOf(c.expected).map((v) => (Number.isNaN(v) ? 'nan' : v)));
      // The GPU's own f32 → f16 rounding (cast) agrees with the host's.
      const f32 = torch.tensor(valuesOf(c.inputs[0]!), { dtype: 'float32', device: DEV });
      const cast = f32.to('float16');
      expect(Array.from((await cast.data()) as Float32Array)).toEqual(got);
      for (const x of [t, f32, cast]) x.dispose();
    });

    for (const c of CASES.filter((k) => TARGETS[k.op])) {
      it(`${c.name}: ${c.op} matches PyTorch${c.grads ? ', gradients too' : ''}`, async () => {
        await torch.scope(async () => {
          const xs = c.inputs.map((s) => toTensor(s, !!c.grads));
          const y = TARGETS[c.op]!(...xs);
          await expectHalf(y, c.expected, c.name);
          if (OVERFLOWING.includes(c.name)) {
            const out = Array.from((await y.data()) as Float32Array);
            expect(out.every(Number.isFinite), `${c.name}: every output finite`).toBe(true);
          }
          if (c.grads) {
            y.backward(toTensor(c.upstream!));
            const halfInputs = xs.filter((x) => x.dtype === 'float16');
            for (const [i, g] of c.grads.entries()) await expectHalf(halfInputs[i]!.grad!, g, `${c.name} grad ${i}`);
          }
        });
      });
    }

    it('the normalization inputs really overflow half: squared deviations exceed 65504', () => {
      for (const name of ['var_large_deviations', 'batch_norm_training_large', 'layer_norm_large', 'group_norm_large']) {
        const v = valuesOf(CASES.find((k) => k.name === name)!.inputs[0]!);
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        expect(Math.max(...v.map((x) => (x - mean) ** 2)), name).toBeGreaterThan(65504);
      }
    });

    it('sums 4,096 terms in f32: half accumulation would stall far below the total', async () => {
      const c = CASES.find((k) => k.name === 'sum_4096_terms')!;
      const x = toTensor(c.inputs[0]!);
      const s = x.sum();
      await expectHalf(s, c.expected, 'sum');
      // Summing in half order by order stalls where the ulp (4 at 4096) passes the terms.
      let acc = 0;
      for (const v of valuesOf(c.inputs[0]!)) acc = float16Value(torch.float16Bits(acc + v));
      expect(Math.abs(acc - valuesOf(c.expected)[0]!)).toBeGreaterThan(8);
      x.dispose();
      s.dispose();
    });

    it('batch_norm keeps half running statistics that match PyTorch', async () => {
      const c = CASES.find((k) => k.name === 'batch_norm_running_mean')!;
      const v = CASES.find((k) => k.name === 'batch_norm_running_var')!;
      await torch.scope(async () => {
        const x = toTensor(c.inputs[0]!);
        const rm = torch.zeros([3], { dtype: 'float16', device: DEV });
        const rv = torch.ones([3], { dtype: 'float16', device: DEV });
        F.batch_norm(x, rm, rv, { training: true, momentum: 0.1 });
        await expectHalf(rm, c.expected, 'running_mean', 2);
        await expectHalf(rv, v.expected, 'running_var', 2);
      });
    });

    it('runs elementwise ops on f16 storage in one pass (no widening copies)', async () => {
      await torch.scope(async () => {
        const x = torch.randn([64], { dtype: 'float16', device: DEV });
        const y = x.mul(3).exp().add(x);
        await y.data();
        const kinds = be.compiled().filter((k) => k.t === 'f16').map((k) => `${k.kind}:${k.op}`);
        expect(kinds).toEqual(expect.arrayContaining(['binary:mul', 'unary:exp', 'binary:add']));
        await x.reshape([8, 8]).matmul(x.reshape([8, 8]).t()).data();
        expect(be.compiled().some((k) => k.kind === 'matmul' && k.t === 'f16')).toBe(true);
      });
    });

    it('every primitive and fused kernel on strided float16 inputs gives the CPU float32 result rounded to half', async () => {
      let seed = 11;
      const rnd = () => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed / 2 ** 32 - 0.5;
      };
      /** The same half values on the CPU (float32) and on the GPU (float16). */
      const both = (shape: number[], scale = 4): [Tensor, Tensor] => {
        const v = Array.from(torch.toHost('float16', Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rnd() * scale)) as Float32Array);
        return [torch.tensor(v, { dtype: 'float32' }).reshape(shape), torch.tensor(v, { dtype: 'float16', device: DEV }).reshape(shape)];
      };
      const idx = (values: number[], shape: number[]): [Tensor, Tensor] => {
        const t = torch.tensor(values).reshape(shape);
        return [t, t.to(DEV)];
      };
      type Op = [string, (...xs: Tensor[]) => Tensor, () => [Tensor, Tensor][], boolean?];
      const x46 = () => [both([6, 4])];
      const ops: Op[] = [
        ...(['neg', 'abs', 'exp', 'tanh', 'sigmoid', 'floor', 'round', 'erf'] as const).map(
          (u): Op => [u, (x) => (x!.t() as unknown as Record<string, () => Tensor>)[u]!(), x46, true],
        ),
        ['log', (x) => x!.t().abs().add(0.1).log(), x46, true],
        ['sqrt', (x) => x!.t().abs().sqrt(), x46, true],
        ['add (broadcast)', (a, b) => a!.t().add(b!), () => [both([6, 4]), both([6])], true],
        ['sub', (a, b) => a!.t().sub(b!.t()), () => [both([6, 4]), both([6, 4])], true],
        ['mul scalar', (a) => a!.narrow(1, 1, 2).mul(-2.5), x46, true],
        ['div', (a, b) => a!.div(b!.abs().add(0.5)), () => [both([6, 4]), both([6, 4])], true],
        ['maximum', (a, b) => torch.maximum(a!, b!), () => [both([6, 4]), both([6, 4])]],
        ['remainder', (a, b) => torch.remainder(a!, b!.abs().add(0.5)), () => [both([6, 4]), both([6, 4])]],
        ['floor_divide', (a, b) => torch.floor_divide(a!, b!.abs().add(0.5)), () => [both([6, 4]), both([6, 4])]],
        ['gt', (a, b) => a!.t().gt(b!.t()), () => [both([6, 4]), both([6, 4])]],
        ['where', (c, a, b) => torch.where(c!.gt(0), a!, b!), () => [both([6, 4]), both([6, 4]), both([6, 4])], true],
        ['sum dim', (x) => x!.t().sum(1), () => [both([64, 3])], true],
        ['prod', (x) => x!.prod(0), () => [both([5, 3], 2)], true],
        ['amax', (x) => x!.t().amax(0), x46, true],
        ['argmax', (x) => x!.t().argmax(1), x46],
        ['matmul (transposed)', (a, b) => a!.t().matmul(b!), () => [both([40, 5]), both([40, 3])], true],
        ['gather', (x, i) => torch.gather(x!, 1, i!), () => [both([3, 5]), idx([0, 4, 4, 1, 2, 3, 0, 0, 1], [3, 3])], true],
        ['scatter_add', (x, i, s) => torch.scatter_add(x!, 0, i!, s!), () => [both([3, 4]), idx([0, 2, 2, 1, 1, 0, 0, 2], [2, 4]), both([2, 4])], true],
        ['pad', (x) => F.pad(x!.t(), [1, 2], { value: 1.5 }), x46, true],
        ['cat', (a, b) => torch.cat([a!, b!.t()], 0), () => [both([2, 6]), both([6, 3])], true],
        ['conv2d', (x, w, b) => F.conv2d(x!, w!, b!, { stride: 2, padding: 1 }), () => [both([2, 3, 7, 7]), both([4, 3, 3, 3], 0.5), both([4])], true],
        ['avg_pool2d', (x) => F.avg_pool2d(x!, 3, { stride: 2, padding: 1 }), () => [both([2, 2, 7, 7])], true],
        ['max_pool2d', (x) => F.max_pool2d(x!, 2), () => [both([2, 2, 6, 6])], true],
        ['log_softmax', (x) => F.log_softmax(x!.t(), 1), x46, true],
      ];
      for (const [name, f, make, grad] of ops) {
        await torch.scope(async () => {
          const pairs = make();
          for (const [c, g] of pairs) if (grad && c.dtype === 'float32') { c.requires_grad_(true); g.requires_grad_(true); }
          const want = f(...pairs.map((p) => p[0]));
          const got = f(...pairs.map((p) => p[1]));
          const check = async (g: Tensor, w: Tensor, label: string) => {
            const wv = Array.from((await w.data()) as ArrayLike<number | bigint>, Number);
            if (g.dtype !== 'float16') {
              expect(Array.from((await g.data()) as ArrayLike<number | bigint>, Number), label).toEqual(wv);
              return;
            }
            const bits = Array.from(wv, (v) => torch.float16Bits(v));
            await expectHalf(g, { shape: [...w.shape], bits }, label, 2);
          };
          await check(got, want, name);
          if (grad) {
            const up = both([...want.shape]);
            want.backward(up[0]);
            got.backward(up[1]);
            for (const [i, [c, g]] of pairs.entries()) if (c.grad) await check(g.grad!, c.grad, `${name} grad ${i}`);
          }
        });
      }
    });

    it('takes 2 bytes an element', () => {
      const before = be.memory().bytes;
      const h = torch.zeros([4096], { dtype: 'float16', device: DEV });
      const halfBytes = be.memory().bytes - before;
      const f = torch.zeros([4096], { dtype: 'float32', device: DEV });
      const floatBytes = be.memory().bytes - before - halfBytes;
      expect(halfBytes).toBe(8192);
      expect(floatBytes).toBe(16384);
      h.dispose();
      f.dispose();
    });

    it('fills, copies strided views and casts between every dtype', async () => {
      await torch.scope(async () => {
        const x = torch.arange(0, 12, { dtype: 'float16', device: DEV }).reshape([3, 4]);
        expect(Array.from((await x.t().contiguous().data()) as Float32Array)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
        const y = torch.full([2, 3], 2.5, { dtype: 'float16', device: DEV });
        y.narrow(1, 1, 1).fill_(70000);
        expect(Array.from((await y.data()) as Float32Array)).toEqual([2.5, Infinity, 2.5, 2.5, Infinity, 2.5]);
        expect(Array.from((await x.to('int32').data()) as Int32Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        expect(Array.from((await x.gt(5).to('float16').data()) as Float32Array)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
        expect((await x.float().data()) instanceof Float32Array).toBe(true);
      });
    });

    it('a half model trains on the GPU and follows its float32 twin', async () => {
      const run = async (half: boolean) => {
        torch.manual_seed(3);
        const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 3)).to(DEV);
        if (half) model.half();
        const dt = half ? 'float16' : 'float32';
        const x = torch.scope(() => torch.randn([32, 8]).to(DEV).to(dt));
        const y = torch.randint(0, 3, [32]).to(DEV);
        const opt = new SGD(model.parameters(), { lr: 0.2, momentum: 0.9 });
        const losses: number[] = [];
        for (let i = 0; i < 30; i++) {
          const loss = torch.scope(() => {
            opt.zero_grad();
            const l = F.cross_entropy(model.forward(x), y);
            l.backward();
            opt.step();
            return l;
          });
          expect(loss.dtype).toBe(dt);
          losses.push(((await loss.data()) as Float32Array)[0]!);
          loss.dispose();
        }
        for (const p of model.parameters()) expect(p.dtype).toBe(dt);
        opt.state.clear(); // disposes the momentum buffers
        model.dispose();
        x.dispose();
        y.dispose();
        return losses;
      };
      const half = await run(true);
      const full = await run(false);
      expect(half.every(Number.isFinite)).toBe(true);
      expect(Math.abs(half[0]! - full[0]!)).toBeLessThan(2e-3 * full[0]!);
      expect(half.at(-1)!).toBeLessThan(0.7 * half[0]!);
      expect(Math.abs(half.at(-1)! - full.at(-1)!)).toBeLessThan(0.05 * full[0]!);
    });

    it('leaves the GPU buffer count where it started', async () => {
      await be.sync();
      expect(be.memory().buffers).toBe(start);
    });
  },
);

describe.skipIf(!probe.gpu)(probe.gpu ? 'webgpu float16 refused without shader-f16' : `webgpu float16 refused (skipped: no WebGPU adapter: ${probe.reason})`, () => {
  it('a device without shader-f16 raises a DTypeError that says why and what to use', async () => {
    const device = await adapter!.requestDevice();
    const be = await webgpu({ device, name: 'webgpu-no-f16' });
    registerBackend(be);
    expect(be.dtypes).not.toContain('float16');
    expect(() => torch.tensor([1, 2], { dtype: 'float16', device: 'webgpu-no-f16' })).toThrow(DTypeError);
    expect(() => torch.zeros([2], { dtype: 'float16', device: 'webgpu-no-f16' })).toThrow(/does not support float16.*shader-f16.*use float32/);
    be.destroy();
    device.destroy();
  });

  it('the cpu backend refuses float16 and points to webgpu', () => {
    registerBackend(cpu());
    expect(() => torch.tensor([1], { dtype: 'float16', device: 'cpu' })).toThrow(/'cpu' backend does not support float16.*webgpu.*shader-f16/);
  });
});
