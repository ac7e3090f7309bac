import { describe, expect, it } from 'vitest';
import { wasm } from './index.js';
import { hasRelaxedSimd } from './loader.js';

const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';

describe('threads where the platform allows them', () => {
  it('gets shared memory and workers (Node, or a cross-origin isolated page)', async () => {
    if (inBrowser) expect((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated).toBe(true);
    const be = await wasm({ threads: 2, name: 'wasm-isolation' });
    expect(be.runtime.shared).toBe(true);
    expect(be.memory().threads).toBe(2);
    be.close();
  });

  it('picks the relaxed-SIMD build exactly where the engine has it (Chromium does)', async () => {
    if (inBrowser) expect(hasRelaxedSimd()).toBe(true);
    const be = await wasm({ threads: 1, name: 'wasm-relaxed' });
    expect(be.memory().relaxedSimd).toBe(hasRelaxedSimd());
    const off = await wasm({ threads: 1, name: 'wasm-plain', relaxedSimd: false });
    expect(off.memory().relaxedSimd).toBe(false);
  });

  it('runs on an unshared memory, on one thread, when shared memory is off', async () => {
    const be = await wasm({ threads: 2, sharedMemory: false, name: 'wasm-unshared' });
    expect(be.runtime.shared).toBe(false);
    expect(be.runtime.memory.buffer instanceof SharedArrayBuffer).toBe(false);
    expect(be.memory().threads).toBe(1);
    expect(String(be.memory().threadsNote)).toMatch(/one thread/);
    const x = be.upload(new Float32Array([1, 2, 3, 4]), 'float32');
    const y = be.binary('mul', { handle: x, dtype: 'float32', shape: [4], strides: [1], offset: 0 }, 3, [4]);
    expect(Array.from(be.readSync!(y, 'float32', 4) as Float32Array)).toEqual([3, 6, 9, 12]);
    be.dispose(x);
    be.dispose(y);
  });
});
