/**
 * The primitive kernels against the CPU reference on strided, broadcast and special-valued
 * inputs: the cases the PyTorch fixtures do not reach (every op × dtype, NaN and infinities,
 * shapes that straddle workgroup and tile edges, the workgroup reduction paths).
 */
import { BINARY_OPS, type BinaryOp, type Tensor, UNARY_OPS, registerBackend, setBackend, tensor } from '@proj/tensor';
import * as torch from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './backend.js';
import { expectClose, pair, randomData, same } from './testing/compare.js';
import { probeGpu, testBackend } from './testing/gpu.js';

const list = (a: torch.HostArray): (number | bigint)[] => Array.from(a as ArrayLike<number | bigint>);
const probe = await probeGpu();
const DEV = 'webgpu-kernels';

describe.skipIf(!probe.gpu)(probe.gpu ? 'webgpu kernels' : `webgpu kernels (skipped: no WebGPU adapter: ${probe.reason})`, () => {
  let be: WebGPUBackend;
  beforeAll(async () => {
    registerBackend(cpu());
    be = await testBackend({ name: DEV });
    registerBackend(be);
    setBackend('cpu');
  });

  const f32 = (values: number[], shape: number[]) => tensor(values, { dtype: 'float32' }).reshape(shape);
  const specials = (n: number, shape: number[], seed = 1) => f32(randomData(n, true, seed), shape);
  const ints = (n: number, shape: number[], lo = -9, hi = 9, seed = 3) =>
    tensor(randomData(n, false, seed).map((v) => Math.round(lo + ((v + 3) / 6) * (hi - lo))), { dtype: 'int32' }).reshape(shape);

  it('unary ops on a transposed view with NaN, ±inf and ±0', async () => {
    const x = pair(specials(60, [6, 10]), DEV);
    for (const op of UNARY_OPS) {
      await same(`float32 ${op}`, [x], (t) => (t.t() as unknown as Record<string, () => Tensor>)[op]!.call(t.t()), 2e-6, 2e-6);
    }
  });

  it('unary ops on int32 are exact', async () => {
    const x = pair(ints(24, [4, 6]), DEV);
    for (const op of ['neg', 'abs', 'sign', 'floor', 'round'] as const) await same(`int32 ${op}`, [x], (t) => t.narrow(1, 1, 4)[op](), 0, 0);
  });

  it('binary ops broadcast over strided operands, with scalars on either side', async () => {
    const a = pair(specials(12, [3, 1, 4], 5), DEV);
    const b = pair(specials(20, [5, 4], 7), DEV);
    const call = (op: BinaryOp, x: Tensor, y: Tensor | number) => (x as unknown as Record<string, (o: unknown) => Tensor>)[op]!(y);
    for (const op of BINARY_OPS) {
      if (op === 'logical_and' || op === 'logical_or' || op === 'logical_xor' || op === 'atan2' || op === 'maximum' || op === 'minimum') {
        await same(`float32 ${op}`, [a, b], (x, y) => call(op, x, y), 1e-5, 1e-5);
        continue;
      }
      await same(`float32 ${op}`, [a, b], (x, y) => call(op, x, y), 1e-5, 1e-5);
      await same(`float32 ${op} scalar`, [a], (x) => call(op, x, 1.5), 1e-5, 1e-5);
      await same(`float32 ${op} scalar first`, [b], (y) => call(op, torch.full([], 2.5, { dtype: 'float32', device: y.device }), y), 1e-5, 1e-5);
    }
  });

  it('pow covers C semantics: negative bases, integral exponents, zeros and infinities', async () => {
    const bases = [-2, -0.5, 0, -0, 0.5, 2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1, -1];
    const exps = [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 2.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN];
    // C's pow, which PyTorch follows; JavaScript's ** differs for 1 ** ±inf, 1 ** NaN, (-1) ** ±inf.
    const cpow = (x: number, y: number) => (x === 1 || y === 0 ? 1 : x === -1 && (y === Infinity || y === -Infinity) ? 1 : x ** y);
    const want = f32(bases.flatMap((x) => exps.map((y) => cpow(x, y))), [bases.length, exps.length]);
    const got = f32(bases, [bases.length, 1]).to(DEV).pow(f32(exps, [1, exps.length]).to(DEV));
    await expectClose(got, want, 'pow', 1e-6, 1e-6);
  });

  it('int32 arithmetic: truncating and flooring division, remainders, zero divisors, pow', async () => {
    const a = pair(ints(40, [8, 5], -20, 20, 11), DEV);
    const b = pair(ints(5, [5], -3, 3, 13), DEV);
    for (const op of ['add', 'sub', 'mul', 'div', 'floor_divide', 'remainder', 'fmod', 'maximum', 'minimum', 'eq', 'lt', 'ge'] as const) {
      await same(`int32 ${op}`, [a, b], (x, y) => (op === 'div' ? x.div(y, { rounding_mode: 'trunc' }) : (x as unknown as Record<string, (o: Tensor) => Tensor>)[op]!(y)), 0, 0);
    }
    const small = pair(ints(12, [3, 4], -3, 3, 17), DEV);
    const e = pair(ints(4, [4], -2, 5, 19), DEV);
    await same('int32 pow', [small, e], (x, y) => x.pow(y), 0, 0);
  });

  it('bools and int64 (stored in 32 bits) round-trip and compute', async () => {
    const m = pair(specials(24, [4, 6], 23).gt(0), DEV);
    const n = pair(specials(24, [6, 4], 29).le(0), DEV);
    await same('logical_xor', [m, n], (x, y) => x.logical_xor(y.t()), 0, 0);
    await same('bool any/all', [m], (x) => x.any(1), 0, 0);
    const i64 = pair(tensor([[5, -7, 2147483647], [-2147483648, 0, 3]]), DEV);
    expect(i64.gpu.dtype).toBe('int64');
    await same('int64 identity', [i64], (x) => x.clone(), 0, 0);
    await same('int64 argmax', [i64], (x) => x.argmax(1), 0, 0);
    await same('int64 sum', [pair(tensor([[1, 2, 3], [4, 5, 6]]), DEV)], (x) => x.sum(0), 0, 0);
  });

  it('where and casts between every stored dtype', async () => {
    const c = pair(specials(20, [4, 5], 31).gt(0.5), DEV);
    const a = pair(specials(20, [4, 5], 37), DEV);
    await same('where', [c, a], (cc, x) => torch.where(cc, x, -1), 0, 0);
    await same('where tensor/tensor', [c, a], (cc, x) => torch.where(cc.t(), x.t(), x.t().neg()), 0, 0);
    const x = pair(f32([-2.7, -0.5, -0, 0, 0.5, 2.7, 100.9, Number.NaN], [2, 4]), DEV);
    for (const d of ['int32', 'int64', 'bool', 'float32'] as const) await same(`cast float32→${d}`, [x], (t) => t.t().to(d), 0, 0);
    const i = pair(ints(12, [3, 4]), DEV);
    for (const d of ['float32', 'int64', 'bool'] as const) await same(`cast int32→${d}`, [i], (t) => t.t().to(d), 0, 0);
  });

  it('in-place writes through views (copy)', async () => {
    await torch.scope(async () => {
      const run = (dev: string) => {
        const x = torch.zeros([4, 6], { device: dev });
        x.narrow(1, 2, 3).add_(torch.ones([4, 3], { device: dev }).mul(2));
        x.select(0, 1).mul_(3);
        return x;
      };
      const want = run('cpu');
      const got = run(DEV);
      expect(list(await got.data())).toEqual(list(await want.data()));
    });
  });

  it('reductions: thread and workgroup paths, every op, NaN propagation', async () => {
    const x = pair(specials(3 * 70 * 5, [3, 70, 5], 41), DEV);
    const y = pair(f32(randomData(2 * 3000, false, 43), [2, 3000]), DEV);
    for (const op of ['sum', 'amax', 'amin'] as const) {
      await same(`${op} dim 1`, [x], (t) => t[op](1), 1e-4, 1e-5);
      await same(`${op} dims 0,2`, [x], (t) => t[op]([0, 2]), 1e-4, 1e-5);
      await same(`${op} long rows`, [y], (t) => t[op](1), 1e-3, 1e-5);
      await same(`${op} all`, [y], (t) => t[op](), 1e-3, 1e-5);
    }
    await same('prod', [pair(f32(randomData(40, false, 47).map((v) => 1 + v / 10), [4, 10]), DEV)], (t) => t.prod(1), 1e-5, 1e-5);
    await same('sum over a transposed view', [y], (t) => t.t().sum(0), 1e-3, 1e-5);
  });

  it('argmax/argmin keep the first extremum; NaN wins', async () => {
    const ties = pair(f32([1, 3, 3, 2, -1, -1, 0, Number.NaN, 5, Number.NaN], [2, 5]), DEV);
    await same('argmax ties', [ties], (t) => t.argmax(1), 0, 0);
    await same('argmin ties', [ties], (t) => t.argmin(1), 0, 0);
    const long = pair(f32(randomData(3 * 1000, false, 53), [3, 1000]), DEV);
    await same('argmax long', [long], (t) => t.argmax(1), 0, 0);
    await same('argmin long, strided', [long], (t) => t.t().argmin(0), 0, 0);
  });

  it('matmul: tile edges, transposed and broadcast batched operands', async () => {
    for (const [m, k, n] of [[1, 1, 1], [5, 7, 3], [65, 130, 67], [64, 16, 64]] as const) {
      const a = pair(f32(randomData(m * k, false, m + k), [m, k]), DEV);
      const b = pair(f32(randomData(k * n, false, k + n), [k, n]), DEV);
      await same(`mm ${m}x${k}x${n}`, [a, b], (x, y) => x.matmul(y), 1e-4, 1e-4);
      await same(`mm transposed ${m}x${k}x${n}`, [a, b], (x, y) => y.t().matmul(x.t()), 1e-4, 1e-4);
    }
    const a = pair(f32(randomData(2 * 5 * 6, false, 59), [2, 1, 5, 6]), DEV);
    const b = pair(f32(randomData(3 * 6 * 4, false, 61), [3, 6, 4]), DEV);
    await same('batched broadcast matmul', [a, b], (x, y) => x.matmul(y), 1e-4, 1e-4);
    await same('matmul with zero K', [pair(torch.zeros([3, 0]), DEV), pair(torch.zeros([0, 2]), DEV)], (x, y) => x.matmul(y), 0, 0);
  });

  it('gather, scatter_add with repeated indices, pad', async () => {
    const x = pair(f32(randomData(20, false, 67), [4, 5]), DEV);
    const idx = pair(tensor([[0, 3, 3, 1, 0], [2, 2, 2, 2, 2]]), DEV);
    await same('gather', [x, idx], (t, i) => t.gather(0, i), 0, 0);
    const src = pair(f32(randomData(10, false, 71), [2, 5]), DEV);
    await same('scatter_add', [x, idx, src], (t, i, s) => t.scatter_add(0, i, s), 1e-5, 1e-5);
    await same('scatter_add int32', [pair(ints(20, [4, 5]), DEV), idx, pair(ints(10, [2, 5], -5, 5, 73), DEV)], (t, i, s) => t.scatter_add(0, i, s), 0, 0);
    await same('pad', [x], (t) => torch.constantPad(t.t(), [[1, 2], [0, 3]], -4), 0, 0);
  });
});
