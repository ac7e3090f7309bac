/**
 * The failure paths: out of memory (the backend's budget, the device's binding limit, and an
 * allocation the device itself reports as failed) and a lost device. Each raises a typed error and
 * leaves other tensors usable.
 */
import * as torch from '@proj/tensor';
import { BackendError, OutOfMemoryError, registerBackend } from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { webgpu } from './backend.js';
import { sizeClass } from './buffers.js';
import { probeGpu, testBackend } from './testing/gpu.js';

const probe = await probeGpu();
/** The first value of a temporary tensor, which it then disposes. */
const first = async (t: torch.Tensor) => {
  try {
    return Number((await t.data())[0]);
  } finally {
    t.dispose();
  }
};

/**
 * A device whose allocations of `size` bytes fail as an out-of-memory GPU does: the error scope
 * reports GPUOutOfMemoryError and the buffer is invalid (here: destroyed), so work using it fails.
 */
function failingAllocations(device: GPUDevice, size: number): GPUDevice {
  const scopes: { filter: GPUErrorFilter; fake: GPUError | null }[] = [];
  return new Proxy(device, {
    get(target, prop) {
      if (prop === 'pushErrorScope') {
        return (filter: GPUErrorFilter) => {
          scopes.push({ filter, fake: null });
          target.pushErrorScope(filter);
        };
      }
      if (prop === 'popErrorScope') {
        return async () => {
          const scope = scopes.pop();
          const real = await target.popErrorScope();
          return scope?.fake ?? real;
        };
      }
      if (prop === 'createBuffer') {
        return (desc: GPUBufferDescriptor) => {
          const b = target.createBuffer(desc);
          if (desc.size === size) {
            b.destroy();
            const scope = [...scopes].reverse().find((s) => s.filter === 'out-of-memory');
            if (scope) scope.fake = { message: `simulated: cannot allocate ${size} bytes` } as GPUError;
          }
          return b;
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe.skipIf(!probe.gpu)(probe.gpu ? 'webgpu errors' : `webgpu errors (skipped: no WebGPU adapter: ${probe.reason})`, () => {
  beforeAll(() => registerBackend(cpu()));

  it('an allocation beyond memoryLimit raises OutOfMemoryError, after emptying the pool, and leaves tensors intact', async () => {
    const be = await testBackend({ name: 'oom-limit', memoryLimit: 1 << 20 });
    registerBackend(be);
    const on = { device: 'oom-limit' };
    const keepers = [torch.full([64 * 1024], 3, on), torch.full([64 * 1024], 4, on)]; // 512 KiB live
    torch.zeros([60 * 1024], on).dispose(); // pooled, not live
    expect(be.memory().pooledBytes).toBe(sizeClass(240 * 1024));
    const fits = torch.zeros([100 * 1024], on); // needs the pool emptied first
    expect(be.memory().pooledBytes).toBe(0);
    fits.dispose();
    const buffers = be.memory().buffers;
    expect(() => torch.zeros([200 * 1024], on)).toThrowError(OutOfMemoryError);
    // The sum is allocated before the failing zeros(); the scope frees it when the error passes.
    expect(() => torch.scope(() => keepers[0]!.add(keepers[1]!).mul(torch.zeros([100 * 1024], on).sum()))).toThrowError(
      /out of GPU memory.*memory limit of 1\.0 MiB/,
    );
    expect(be.memory().buffers).toBe(buffers);
    expect(await first(keepers[0]!.add(keepers[1]!))).toBe(7);
    for (const k of keepers) k.dispose();
    expect(await first(torch.full([200 * 1024], 1, on).sum())).toBe(200 * 1024);
    be.destroy();
  });

  it("a tensor larger than the device's storage binding raises OutOfMemoryError", async () => {
    const be = await testBackend({ name: 'oom-binding' });
    registerBackend(be);
    const x = torch.ones([4], { device: 'oom-binding' });
    const limit = be.device.limits.maxStorageBufferBindingSize;
    expect(() => torch.zeros([Math.ceil(limit / 4) + 1], { device: 'oom-binding' })).toThrowError(/exceeds this device's largest storage buffer binding/);
    expect(await first(x.add(1))).toBe(2);
    be.destroy();
  });

  it('an allocation the device reports as failed rejects the reads that depend on it, not others', async () => {
    const adapter = (await probe.gpu!.requestAdapter())!;
    const device = await adapter.requestDevice();
    const be = await webgpu({ device: failingAllocations(device, sizeClass(4 * 3000)), gpu: probe.gpu!, name: 'oom-async' });
    registerBackend(be);
    const on = { device: 'oom-async' };
    const before = torch.full([10], 5, on);
    expect(Number((await before.data())[0])).toBe(5);
    const doomed = torch.ones([3000], on).mul(2);
    await expect(doomed.data()).rejects.toThrowError(OutOfMemoryError);
    const derived = doomed.add(1);
    await expect(derived.data()).rejects.toThrowError(OutOfMemoryError);
    expect(await first(before.add(1))).toBe(6);
    for (const t of [doomed, derived, before]) t.dispose();
    expect(await first(torch.ones([20], on).sum())).toBe(20);
    be.destroy();
    device.destroy();
  });

  it('a lost device raises BackendError; CPU tensors and new backends keep working', async () => {
    const adapter = (await probe.gpu!.requestAdapter())!;
    const device = await adapter.requestDevice();
    const be = await webgpu({ device, gpu: probe.gpu!, name: 'lost' });
    registerBackend(be);
    const x = torch.ones([8], { device: 'lost' });
    const y = x.add(1);
    const pending = y.data();
    device.destroy();
    await expect(pending).rejects.toThrowError(BackendError);
    y.dispose();
    await device.lost;
    expect(() => x.add(1)).toThrowError(/the GPU device was lost \(reason: destroyed/);
    expect(() => torch.ones([2], { device: 'lost' })).toThrowError(BackendError);
    await expect(x.data()).rejects.toThrowError(/device was lost/);
    expect(() => x.dispose()).not.toThrow();
    expect(be.memory().buffers).toBe(0);
    expect(Number(torch.ones([3], { device: 'cpu' }).sum().item())).toBe(3);
    const again = await testBackend({ name: 'after-lost' });
    registerBackend(again);
    expect(await first(torch.ones([3], { device: 'after-lost' }).sum())).toBe(3);
    again.destroy();
  });
});
