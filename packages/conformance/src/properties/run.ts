/**
 * `runProperties`: property-based tests with fast-check. Random shapes, strides, broadcasting
 * pairs and dtypes go through every primitive on the backend under test and on the CPU reference
 * (`@proj/backend-cpu`), which must agree; and algebraic identities are checked on the backend
 * itself. Runs are bounded and seeded; fast-check prints the seed and path of any failure.
 */
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import type { Backend, DType, Tensor } from '@proj/tensor';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { broadcastPairArb, layoutArb, numel, shapeArb, valuesArb } from './arbitraries.js';
import { type Layout, build } from './layouts.js';

export interface PropertyOptions {
  backend: () => Backend | Promise<Backend>;
  /** Runs per property (default 25). */
  numRuns?: number;
  /** The fast-check seed (default fixed, so CI is reproducible). */
  seed?: number;
  /** Multiplies tolerances (for backends computing in lower precision). */
  toleranceScale?: number;
  /** `F` from `@proj/functional`, for the softmax identity. */
  F?: Record<string, unknown>;
}

const REF = '@proj/reference-cpu';

async function read(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number | bigint>, Number);
}

function close(a: readonly number[], b: readonly number[], dtype: DType, scale: number): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  const [atol, rtol] = dtype === 'float32' ? [1e-5 * scale, 1e-4 * scale] : dtype === 'float64' ? [1e-9, 1e-7] : [0, 0];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return `element ${i}: ${x} vs reference ${y}`;
  }
  return null;
}

type Op = (device: string) => Tensor;

export function runProperties(opts: PropertyOptions): void {
  const numRuns = opts.numRuns ?? 25;
  const seed = opts.seed ?? 20261123;
  const scale = opts.toleranceScale ?? 1;
  let name = '';
  let dtypes: readonly DType[] = [];

  /** Runs `op` on the backend and on the reference; both results must agree. */
  async function agree(op: Op): Promise<void> {
    const [ours, ref] = await torch.scope(async () => {
      const o = op(name);
      const r = op(REF);
      return [{ dtype: o.dtype, shape: [...o.shape], v: await read(o) }, { dtype: r.dtype, shape: [...r.shape], v: await read(r) }];
    });
    expect(ours.shape).toEqual(ref.shape);
    expect(ours.dtype).toBe(ref.dtype);
    expect(close(ours.v, ref.v, ref.dtype, scale)).toBeNull();
  }

  const check = (title: string, prop: () => fc.IAsyncProperty<never> | fc.IAsyncProperty<unknown[]>) =>
    it(title, async () => {
      const before = torch.memory(name);
      await fc.assert(prop() as fc.IAsyncProperty<unknown[]>, { numRuns, seed, endOnFailure: true });
      const after = torch.memory(name);
      expect({ buffers: after.buffers, tensors: after.tensors }).toEqual({ buffers: before.buffers, tensors: before.tensors });
    });

  const dtypeArb = (pool: readonly DType[]) => fc.constantFrom(...pool.filter((d) => dtypes.includes(d)));

  describe('properties (random shapes, strides, broadcasting, dtypes)', () => {
    beforeAll(async () => {
      const be = await opts.backend();
      torch.registerBackend(be);
      torch.registerBackend(cpu({ name: REF }));
      name = be.name;
      dtypes = be.dtypes;
    });

    check('unary float ops match the reference on strided inputs', () =>
      fc.asyncProperty(
        shapeArb(), layoutArb, dtypeArb(['float32', 'float64']),
        fc.constantFrom('exp', 'log', 'sqrt', 'sin', 'tanh', 'sigmoid', 'neg', 'abs', 'floor', 'round', 'reciprocal', 'erf'),
        fc.nat(),
        async (shape, layout, dtype, fn, s) => {
          const values = fc.sample(valuesArb(dtype, numel(shape), true), { seed: s, numRuns: 1 })[0]!;
          const positive = ['log', 'sqrt'].includes(fn) ? values.map((v) => Math.abs(v) + 0.5) : values;
          await agree((d) => (build(positive, shape, dtype, layout, d) as unknown as Record<string, () => Tensor>)[fn]!());
        },
      ),
    );

    check('binary ops match the reference on broadcast pairs of strided inputs', () =>
      fc.asyncProperty(
        broadcastPairArb, layoutArb, layoutArb, dtypeArb(['float32', 'int32', 'int64', 'float64']),
        fc.constantFrom('add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'eq', 'lt', 'ge', 'remainder', 'floor_divide'),
        fc.nat(),
        async ([sa, sb], la, lb, dtype, fn, s) => {
          const a = fc.sample(valuesArb(dtype, numel(sa)), { seed: s, numRuns: 1 })[0]!;
          const b = fc.sample(valuesArb(dtype, numel(sb), true), { seed: s + 1, numRuns: 1 })[0]!;
          await agree((d) => (torch as unknown as Record<string, (x: Tensor, y: Tensor) => Tensor>)[fn]!(build(a, sa, dtype, la, d), build(b, sb, dtype, lb, d)));
        },
      ),
    );

    check('mixed dtypes promote like the reference', () =>
      fc.asyncProperty(broadcastPairArb, dtypeArb(['bool', 'int32', 'int64', 'float32']), dtypeArb(['bool', 'int32', 'int64', 'float32']), fc.nat(), async ([sa, sb], da, db, s) => {
        const a = fc.sample(valuesArb(da, numel(sa)), { seed: s, numRuns: 1 })[0]!;
        const b = fc.sample(valuesArb(db, numel(sb)), { seed: s + 1, numRuns: 1 })[0]!;
        await agree((d) => torch.mul(build(a, sa, da, { kind: 'contiguous' }, d), build(b, sb, db, { kind: 'strided' }, d)));
      }),
    );

    check('where and cast match the reference', () =>
      fc.asyncProperty(broadcastPairArb, layoutArb, dtypeArb(['float32', 'int32', 'int64', 'bool']), fc.nat(), async ([sa, sb], la, to, s) => {
        const c = fc.sample(valuesArb('bool', numel(sa)), { seed: s, numRuns: 1 })[0]!;
        const v = fc.sample(valuesArb('float32', numel(sb)), { seed: s + 1, numRuns: 1 })[0]!;
        await agree((d) => torch.where(build(c, sa, 'bool', la, d), build(v, sb, 'float32', la, d), -1).to(to));
      }),
    );

    check('reductions over random dims match the reference', () =>
      fc.asyncProperty(
        shapeArb(4, 4, false), layoutArb, fc.boolean(), fc.constantFrom('sum', 'mean', 'amax', 'amin', 'prod', 'argmax'),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.nat(),
        async (shape, layout, keepdim, fn, pick, s) => {
          const values = fc.sample(valuesArb('float32', numel(shape)), { seed: s, numRuns: 1 })[0]!;
          const dims = shape.map((_, i) => i).filter((i) => pick[i]);
          await agree((d) => {
            const x = build(values, shape, 'float32', layout, d);
            if (fn === 'argmax') return shape.length ? x.argmax(dims[0] ?? 0, keepdim) : x.argmax();
            return (x as unknown as Record<string, (dims: number[] | null, k: boolean) => Tensor>)[fn]!(dims.length ? dims : null, keepdim);
          });
        },
      ),
    );

    check('matmul with batch broadcasting and transposed operands matches the reference', () =>
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<number[]>([], [2], [3, 1]), fc.constantFrom<number[]>([], [1], [2], [1, 2]), layoutArb, layoutArb, fc.nat(),
        async (m, k, n, ba, bb, la, lb, s) => {
          if (ba.length === 2 && bb.length === 1 && bb[0] === 2) bb = [1];
          const [sa, sb] = [[...ba, m, k], [...bb, k, n]];
          const a = fc.sample(valuesArb('float32', numel(sa)), { seed: s, numRuns: 1 })[0]!;
          const b = fc.sample(valuesArb('float32', numel(sb)), { seed: s + 1, numRuns: 1 })[0]!;
          await agree((d) => build(a, sa, 'float32', la, d).matmul(build(b, sb, 'float32', lb, d)));
        },
      ),
    );

    check('gather, index_select and scatter_add match the reference', () =>
      fc.asyncProperty(shapeArb(3, 4, false).filter((s) => s.length > 0), layoutArb, fc.nat(), async (shape, layout, s) => {
        const dim = s % shape.length;
        const values = fc.sample(valuesArb('float32', numel(shape)), { seed: s, numRuns: 1 })[0]!;
        const idx = fc.sample(fc.array(fc.integer({ min: 0, max: shape[dim]! - 1 }), { minLength: numel(shape), maxLength: numel(shape) }), { seed: s, numRuns: 1 })[0]!;
        await agree((d) => {
          const x = build(values, shape, 'float32', layout, d);
          const index = torch.tensor(idx, { device: d }).reshape([...shape]);
          const sel = x.index_select(dim, torch.tensor(idx.slice(0, 3), { device: d }));
          return torch.cat([x.gather(dim, index).reshape(-1), sel.reshape(-1), x.scatter_add(dim, index, x).reshape(-1)]);
        });
      }),
    );

    check('pad, cat, flip and copy_ into strided views match the reference', () =>
      fc.asyncProperty(shapeArb(3, 3, false).filter((s) => s.length > 0), layoutArb, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }), fc.nat(), async (shape, layout, p, s) => {
        const values = fc.sample(valuesArb('float32', numel(shape)), { seed: s, numRuns: 1 })[0]!;
        await agree((d) => {
          const x = build(values, shape, 'float32', layout, d);
          const padded = torch.constantPad(x, shape.map((_, i) => [p[2 * i]!, p[2 * i + 1]!] as const), 1.5);
          const target = torch.zeros(shape.map((n) => n * 2), { device: d });
          target.index(...shape.map(() => '::2')).copy_(x);
          return torch.cat([padded.reshape(-1), x.flip(0).reshape(-1), target.reshape(-1), torch.stack([x, x], -1).reshape(-1)]);
        });
      }),
    );

    check('identities: view round trips, sum over all dims equals sequential sums, matmul equals the explicit sum', () =>
      fc.asyncProperty(shapeArb(4, 4, false).filter((s) => s.length >= 2), fc.nat(), async (shape, s) => {
        const values = fc.sample(valuesArb('float32', numel(shape)), { seed: s, numRuns: 1 })[0]!;
        const perm = shape.map((_, i) => i).reverse();
        const [roundTrip, sequential, total, mm, explicit] = await torch.scope(async () => {
          const x = build(values, shape, 'float32', { kind: 'strided' }, name);
          let seq = x;
          for (let i = shape.length - 1; i >= 0; i--) seq = seq.sum(i);
          const a = x.reshape(-1, shape[shape.length - 1]!);
          const b = a.t();
          return Promise.all([
            read(x.permute(perm).permute(perm).reshape(-1).reshape([...shape])),
            read(seq), read(x.sum()), read(a.matmul(b)), read(a.unsqueeze(-1).mul(b.unsqueeze(0)).sum(1)),
          ]);
        });
        expect(close(roundTrip, values.map(Math.fround), 'float32', 0)).toBeNull();
        expect(close(sequential, total, 'float32', 10 * scale)).toBeNull();
        expect(close(mm, explicit, 'float32', 10 * scale)).toBeNull();
      }),
    );

    if (opts.F) {
      type FOp = (x: Tensor, ...rest: unknown[]) => Tensor;
      const Fn = opts.F as Record<string, FOp>;
      // One F op on a random NCHW input (any layout), forward and the input's gradient under a
      // random upstream gradient, against the reference. Weights are contiguous and shared.
      const fCase = fc.record({
        n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }),
        h: fc.integer({ min: 3, max: 7 }), w: fc.integer({ min: 3, max: 7 }),
        k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }),
        padding: fc.integer({ min: 0, max: 1 }), dilation: fc.integer({ min: 1, max: 2 }),
        op: fc.constantFrom('relu', 'gelu', 'silu', 'elu', 'leaky_relu', 'softplus', 'hardswish', 'mish', 'log_softmax',
          'conv2d', 'max_pool2d', 'avg_pool2d', 'adaptive_avg_pool2d', 'layer_norm', 'batch_norm', 'linear', 'pad'),
      });
      check('F ops match the reference on random NCHW inputs of any layout, forward and input gradient', () =>
        fc.asyncProperty(fCase, layoutArb, fc.nat(), async (p, layout, s) => {
          const shape = [p.n, p.c, p.h, p.w];
          const k = Math.min(p.k, p.h, p.w);
          const values = fc.sample(valuesArb('float32', numel(shape)), { seed: s, numRuns: 1 })[0]!;
          const weights = fc.sample(valuesArb('float32', 64), { seed: s + 1, numRuns: 1 })[0]!;
          const take = (n: number, dims: number[], device: string) => torch.tensor(weights.slice(0, n), { device }).reshape(dims);
          const apply = (x: Tensor, device: string): Tensor => {
            switch (p.op) {
              case 'conv2d': return Fn.conv2d!(x, take(2 * p.c * k * k, [2, p.c, k, k], device), take(2, [2], device), { stride: p.stride, padding: Math.min(p.padding, Math.floor(k / 2)), dilation: p.h > 2 * k && p.w > 2 * k ? p.dilation : 1 });
              case 'max_pool2d':
              case 'avg_pool2d': return Fn[p.op]!(x, Math.max(k, 2), { stride: p.stride, padding: Math.min(p.padding, Math.floor(Math.max(k, 2) / 2)) });
              case 'adaptive_avg_pool2d': return Fn.adaptive_avg_pool2d!(x, [2, 3]);
              case 'layer_norm': return Fn.layer_norm!(x, [p.w], take(p.w, [p.w], device), take(p.w, [p.w], device));
              case 'batch_norm': return Fn.batch_norm!(x, null, null, { training: true });
              case 'linear': return Fn.linear!(x, take(2 * p.w, [2, p.w], device));
              case 'pad': return Fn.pad!(x, [1, 0, 0, 1]);
              case 'log_softmax': return Fn.log_softmax!(x, { dim: 1 });
              default: return Fn[p.op]!(x);
            }
          };
          const run = async (device: string) =>
            torch.scope(async () => {
              const x = build(values, shape, 'float32', layout, device).detach().requires_grad_(true);
              const y = apply(x, device);
              const g = fc.sample(valuesArb('float32', numel([...y.shape])), { seed: s + 2, numRuns: 1 })[0]!;
              y.backward(torch.tensor(g, { device }).reshape([...y.shape]));
              return { shape: [...y.shape], y: await read(y), dx: await read(x.grad!) };
            });
          const ours = await run(name);
          const ref = await run(REF);
          expect(ours.shape, p.op).toEqual(ref.shape);
          expect(close(ours.y, ref.y, 'float32', 10 * scale), `${p.op} forward`).toBeNull();
          expect(close(ours.dx, ref.dx, 'float32', 10 * scale), `${p.op} input gradient`).toBeNull();
        }),
      );

      const F = opts.F as { softmax: (x: Tensor, opts: { dim: number }) => Tensor };
      check('identity: softmax rows sum to 1', () =>
        fc.asyncProperty(shapeArb(3, 5, false).filter((s) => s.length > 0), layoutArb, fc.nat(), async (shape, layout, s) => {
          const values = fc.sample(valuesArb('float32', numel(shape)), { seed: s, numRuns: 1 })[0]!.map((v) => v * 20);
          const sums = await torch.scope(() => read(F.softmax(build(values, shape, 'float32', layout, name), { dim: -1 }).sum(-1)));
          expect(close(sums, sums.map(() => 1), 'float32', 10 * scale)).toBeNull();
        }),
      );
    }
  });
}

export type { Layout };
