/**
 * Storage, the buffer pool, batching, readback and the dtype rules of the WebGPU backend.
 */
import * as torch from '@proj/tensor';
import { BackendError, DTypeError, registerBackend, tensor } from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebGPUBackend } from './backend.js';
import { sizeClass } from './buffers.js';
import { probeGpu, testBackend } from './testing/gpu.js';

const list = (a: torch.HostArray): (number | bigint)[] => Array.from(a as ArrayLike<number | bigint>);
const probe = await probeGpu();
const DEV = 'webgpu-backend';

describe('size classes', () => {
  it('round up to powers of two, then to eighths of an octave', () => {
    expect([1, 16, 17, 100, 4096, 4097, 5000, 1 << 20].map(sizeClass)).toEqual([16, 16, 32, 128, 4096, 4608, 5120, 1 << 20]);
    for (let b = 1; b < 1e6; b = Math.ceil(b * 1.37)) {
      expect(sizeClass(b)).toBeGreaterThanOrEqual(b);
      expect(sizeClass(b)).toBeLessThanOrEqual(Math.max(16, b * 2, b * 1.125 + 1));
    }
  });
});

describe.skipIf(!probe.gpu)(probe.gpu ? 'webgpu backend' : `webgpu backend (skipped: no WebGPU adapter: ${probe.reason})`, () => {
  let be: WebGPUBackend;
  beforeAll(async () => {
    registerBackend(cpu());
    be = await testBackend({ name: DEV });
    registerBackend(be);
  });
  const on = { device: DEV };

  it('round-trips every stored dtype, including empty and large tensors', async () => {
    expect(list(await tensor([1.5, -2, Number.NaN], { dtype: 'float32', ...on }).data())).toEqual([1.5, -2, Number.NaN]);
    expect(list(await tensor([1, -2, 2147483647], { dtype: 'int32', ...on }).data())).toEqual([1, -2, 2147483647]);
    expect(list(await tensor([true, false, true], on).data())).toEqual([1, 0, 1]);
    expect(list(await tensor([3, -2147483648], on).data())).toEqual([3n, -2147483648n]);
    expect((await torch.zeros([0, 3], on).data()).length).toBe(0);
    const big = new Float32Array(300_000).map((_, i) => i); // above the staging arena's direct-write threshold
    const t = tensor(big, on);
    expect(list((await t.mul(2).data()).subarray(299_997))).toEqual([599_994, 599_996, 599_998]);
    expect(list(await torch.full([3], 7, { dtype: 'int32', ...on }).data())).toEqual([7, 7, 7]);
  });

  it('refuses float64 with a DTypeError that says what to do', () => {
    expect(() => torch.ones([2], { dtype: 'float64', ...on })).toThrowError(DTypeError);
    expect(() => torch.ones([2], { dtype: 'float64', ...on })).toThrowError(/WGSL has no 64-bit float type; convert with \.to\('float32'\)/);
    const x = torch.ones([2], { dtype: 'float64', device: 'cpu' });
    expect(() => x.to(DEV)).toThrowError(/does not support float64.*\.to\('float32'\)/);
  });

  it('stores int64 in 32 bits and refuses values outside that range', () => {
    expect(() => tensor([2 ** 31], on)).toThrowError(DTypeError);
    expect(() => tensor([2 ** 31], on)).toThrowError(/stores int64 in 32 bits/);
    expect(() => torch.full([2], -(2 ** 40), { dtype: 'int64', ...on })).toThrowError(/stores int64 in 32 bits/);
  });

  it('has no synchronous read: the front end names await tensor.data()', () => {
    const x = torch.ones([2], on);
    expect(be.readSync).toBeUndefined();
    expect(() => x.dataSync()).toThrowError(BackendError);
    expect(() => x.dataSync()).toThrowError(/cannot read synchronously; use await tensor\.data\(\) instead/);
    expect(() => x.sum().item()).toThrowError(/^item: the 'webgpu-backend' backend cannot read synchronously; use \(await tensor\.data\(\)\)\[0\] instead/);
    expect(() => x.to('cpu')).toThrowError(/await toAsync\(tensor, 'cpu'\)/);
    expect(String(x)).toMatch(/await data\(\) to read/);
  });

  it('reuses pooled buffers: a repeated computation creates no new GPU buffers', async () => {
    const step = async () => torch.scope(async () => {
      const a = torch.ones([64, 64], on);
      const b = a.matmul(a).add(1).relu().sum();
      return Number((await b.data())[0]);
    });
    expect(await step()).toBe(64 * 64 * 65);
    const created = be.memory().createdBuffers as number;
    for (let i = 0; i < 5; i++) await step();
    expect(be.memory().createdBuffers).toBe(created);
    expect(be.memory().pooledBuffers).toBeGreaterThan(0);
  });

  it('memory() counts live buffers and bytes apart from the pool', async () => {
    const before = be.memory();
    const x = torch.zeros([1000], on);
    const during = be.memory();
    expect(during.buffers).toBe(before.buffers + 1);
    expect(during.bytes - before.bytes).toBe(sizeClass(4000));
    x.dispose();
    const after = be.memory();
    expect(after.buffers).toBe(before.buffers);
    expect(after.bytes).toBe(before.bytes);
    expect(after.pooledBytes as number).toBeGreaterThanOrEqual(sizeClass(4000));
    be.emptyCache();
    expect(be.memory().pooledBytes).toBe(0);
  });

  it('batches dispatches into few submits, and reads do not wait for later work', async () => {
    const s0 = be.memory().submits as number;
    let x = torch.ones([16], on);
    const first = x.data();
    for (let i = 0; i < 200; i++) {
      const y = x.add(1);
      x.dispose();
      x = y;
    }
    const [a, b] = await Promise.all([first, x.data()]);
    expect(a[0]).toBe(1);
    expect(b[0]).toBe(201);
    x.dispose();
    const submits = (be.memory().submits as number) - s0;
    expect(submits).toBeGreaterThan(0);
    expect(submits).toBeLessThan(20);
  });

  it('compiles pipelines ahead of use (warmup) and lists them for the next start', async () => {
    const fresh = await testBackend({ name: `${DEV}-warm` });
    try {
      expect(fresh.memory().pipelines).toBe(0);
      await fresh.warmup([{ kind: 'binary', op: 'add', t: 'f32', rank: 1, sa: false, sb: false }]);
      expect(fresh.memory().pipelines).toBe(1);
      await fresh.warmup();
      expect(fresh.memory().pipelines as number).toBeGreaterThan(50);
      expect(fresh.compiled().length).toBe(fresh.memory().pipelines);
    } finally {
      fresh.destroy();
    }
  });
});
