import { describe, expect, it } from 'vitest';
import { exposeGpu, probeGpu } from './gpu.js';
import { webgpuFinish } from './sides/tfjs.js';

const fakeGpu = (adapter: object | null) => ({ requestAdapter: async () => adapter }) as unknown as GPU;
const adapter = { info: { vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe' } };

describe('probeGpu', () => {
  it('publishes a GPU that has an adapter as navigator.gpu, with the constants as globals', async () => {
    const gpu = fakeGpu(adapter);
    const g: Record<string, unknown> = { GPUMapMode: 'kept' };
    const p = await probeGpu(async () => ({ create: () => gpu, globals: { GPUBufferUsage: { STORAGE: 128 }, GPUMapMode: 'dawn' } }), g, {});
    expect(p).toEqual({ gpu, reason: 'mesa llvmpipe' });
    expect((g.navigator as { gpu: unknown }).gpu).toBe(gpu);
    expect(g.GPUBufferUsage).toEqual({ STORAGE: 128 });
    expect(g.GPUMapMode).toBe('kept');
  });

  it('says why when there is no adapter, and publishes nothing', async () => {
    const g: Record<string, unknown> = {};
    const p = await probeGpu(async () => ({ create: () => fakeGpu(null) }), g, { VK_DRIVER_FILES: '/nonexistent' });
    expect(p.gpu).toBeNull();
    expect(p.reason).toContain('no WebGPU adapter (VK_DRIVER_FILES=/nonexistent');
    expect(g.navigator).toBeUndefined();
  });

  it('says why when Dawn does not load', async () => {
    const p = await probeGpu(
      async () => {
        throw new Error('dawn.node: cannot open shared object file\nstack');
      },
      {},
      {},
    );
    expect(p).toEqual({ gpu: null, reason: "the 'webgpu' package (Dawn) does not load: dawn.node: cannot open shared object file" });
  });

  it("uses the runtime's own navigator.gpu rather than starting Dawn", async () => {
    const gpu = fakeGpu(adapter);
    const p = await probeGpu(
      async () => {
        throw new Error('Dawn must not load');
      },
      { navigator: { gpu } },
      {},
    );
    expect(p.gpu).toBe(gpu);
  });
});

describe('exposeGpu', () => {
  it('adds gpu to an existing navigator whose global cannot be assigned (Node 21+)', () => {
    const nav = { userAgent: 'Node.js/22' };
    const g = {};
    Object.defineProperty(g, 'navigator', { get: () => nav, configurable: true });
    const gpu = fakeGpu(null);
    exposeGpu(gpu, g);
    expect((g as { navigator: { gpu: unknown; userAgent: string } }).navigator).toEqual({ userAgent: 'Node.js/22', gpu });
  });
});

describe('webgpuFinish', () => {
  it('ends the open pass, submits, then waits for the queue', async () => {
    const calls: string[] = [];
    const finish = webgpuFinish({
      ensureCommandEncoderReady: () => calls.push('encoder'),
      endComputePassEncoder: () => calls.push('end pass'),
      submitQueue: () => calls.push('submit'),
      queue: { onSubmittedWorkDone: async () => void calls.push('done') } as GPUQueue,
    });
    await finish();
    expect(calls).toEqual(['encoder', 'end pass', 'submit', 'done']);
  });
});
