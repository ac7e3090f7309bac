import { BackendError } from '@proj/tensor';
import * as torch from '@proj/tensor';
import { describe, expect, it } from 'vitest';
import { wasm } from './index.js';

describe('worker threads', () => {
  it('runs tasks on more than one thread', async () => {
    const be = await wasm({ threads: 2, name: 'wasm-threads-a' });
    const rt = be.runtime;
    expect(rt.threads).toBe(2);
    expect(be.memory().threads).toBe(2);
    rt.i32.fill(0, rt.params >> 2, (rt.params >> 2) + 16);
    // Tasks 0 and 1 wait for each other, so they finish only if two threads run them.
    expect(rt.exports.test_threads(rt.params, 2)).toBe(0);
    const ids = [rt.i32[rt.params >> 2]!, rt.i32[(rt.params >> 2) + 1]!];
    expect(new Set(ids).size).toBe(2);
    expect(ids.every((id) => id === 1 || id === 2)).toBe(true);
    // Many small jobs in a row (the workers sleep and wake between some of them).
    for (let j = 0; j < 50; j++) {
      rt.i32.fill(0, rt.params >> 2, (rt.params >> 2) + 8);
      expect(rt.exports.test_threads(rt.params, 8)).toBe(0);
      expect(Array.from(rt.i32.subarray(rt.params >> 2, (rt.params >> 2) + 8)).every((id) => id === 1 || id === 2)).toBe(true);
    }
    be.close();
    expect(be.memory().threads).toBe(1);
  });

  it('reports a trap in a worker as a BackendError and carries on on one thread', async () => {
    const be = await wasm({ threads: 2, name: 'wasm-threads-b' });
    torch.registerBackend(be);
    const rt = be.runtime;
    rt.i32.fill(0, rt.params >> 2, (rt.params >> 2) + 16);
    rt.i32[(rt.params >> 2) + 8] = 1; // make the worker's task trap
    let error: unknown;
    try {
      rt.check(rt.exports.test_threads(rt.params, 2), 'test');
    } catch (e) {
      error = e;
    }
    expect(BackendError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/worker thread/);
    expect(be.memory().threads).toBe(1);
    expect(String(be.memory().threadsNote)).toMatch(/worker thread failed/);
    const a = torch.arange(300_000, { device: 'wasm-threads-b', dtype: 'float32' });
    expect(a.sum().item()).toBe(Math.fround((300_000 * 299_999) / 2));
    a.dispose();
    torch.unregisterBackend('wasm-threads-b');
  });

  it('runs single-threaded when asked to', async () => {
    const be = await wasm({ threads: 1, name: 'wasm-threads-c' });
    expect(be.memory().threads).toBe(1);
    expect(be.memory().threadsNote).toBeUndefined();
  });
});
