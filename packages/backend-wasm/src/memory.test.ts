/**
 * Memory: OutOfMemoryError that leaves other tensors intact, growth of the wasm memory under live
 * tensors, and a 1,000-step training loop that ends where it started and stops growing the heap.
 */
import * as nn from '@proj/nn';
import * as optim from '@proj/optim';
import * as torch from '@proj/tensor';
import { OutOfMemoryError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasm } from './index.js';

describe('memory', () => {
  beforeAll(async () => {
    torch.registerBackend(await wasm({ threads: 1, name: 'wasm-mem', maxMemoryMB: 64 }));
    torch.registerBackend(await wasm({ threads: 2, name: 'wasm-train' }));
    torch.registerBackend(await wasm({ threads: 2, name: 'wasm-grow' }));
  });

  it('raises OutOfMemoryError naming the request, and keeps other tensors intact', () => {
    torch.setBackend('wasm-mem');
    const keep = torch.arange(1000, { dtype: 'float32' });
    const before = torch.memory('wasm-mem');
    let error: unknown;
    try {
      torch.zeros([20_000_000], { dtype: 'float32' });
    } catch (e) {
      error = e;
    }
    expect(OutOfMemoryError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/76\.3 MiB for a float32 buffer of 20000000 elements/);
    expect(String(error)).toMatch(/memory limit 64\.0 MiB/);
    expect(torch.memory('wasm-mem')).toEqual(before);
    expect(Array.from(keep.dataSync() as Float32Array)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // A kernel whose output cannot be allocated fails the same way, before touching anything.
    const big = torch.zeros([6_000_000], { dtype: 'float32' });
    expect(() => big.add(1).add(2).add(3)).toThrow(/out of memory/);
    big.dispose();
    // A matmul whose packing buffers do not fit fails without leaking its output.
    const a = torch.ones([2048, 2048]);
    const b = torch.ones([2048, 1024]);
    const live = () => {
      const m = torch.memory('wasm-mem');
      return { buffers: m.buffers, bytes: m.bytes, tensors: m.tensors };
    };
    const mid = live();
    expect(() => a.matmul(b)).toThrow(/out of memory/);
    expect(live()).toEqual(mid);
    a.dispose();
    b.dispose();
    expect(keep.sum().item()).toBe(499_500);
    keep.dispose();
  });

  it('keeps tensors readable while the memory grows under them', () => {
    torch.setBackend('wasm-grow');
    const start = torch.memory('wasm-grow').wasmMemoryBytes as number;
    const small = torch.arange(100, { dtype: 'float64' });
    const parts = Array.from({ length: 6 }, (_, i) => torch.full([1_000_000], i, { dtype: 'float32' }));
    expect(torch.memory('wasm-grow').wasmMemoryBytes as number).toBeGreaterThan(start);
    expect((small.dataSync() as Float64Array)[99]).toBe(99);
    // The workers see the grown memory too: a threaded kernel over the new pages.
    expect(parts.map((p) => p.sum().item())).toEqual([0, 1e6, 2e6, 3e6, 4e6, 5e6]);
    expect(parts[5]!.add(parts[1]!).amax().item()).toBe(6);
    for (const p of parts) p.dispose();
    small.dispose();
  });

  it('returns to where it started after 1,000 training steps, and stops growing the heap', () => {
    torch.setBackend('wasm-train');
    torch.manual_seed(0);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 4, 3),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(4 * 3 * 3, 10),
    );
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = torch.randn([16, 1, 8, 8]);
    const y = torch.randint(0, 10, [16]);
    const lossFn = new nn.CrossEntropyLoss();
    const step = () =>
      torch.scope(() => {
        opt.zero_grad();
        const l = lossFn.forward(model.forward(x), y);
        l.backward();
        opt.step();
        return l.item();
      });
    // After one step the optimiser's state and the gradients exist; later steps must add nothing.
    const first = step();
    const before = torch.memory('wasm-train');
    let heapAt100 = 0;
    let last = first;
    for (let i = 1; i < 1000; i++) {
      last = step();
      if (i === 100) heapAt100 = torch.memory('wasm-train').heapBytes as number;
    }
    expect(last).toBeLessThan(first);
    const after = torch.memory('wasm-train');
    expect({ buffers: after.buffers, bytes: after.bytes, tensors: after.tensors }).toEqual({
      buffers: before.buffers,
      bytes: before.bytes,
      tensors: before.tensors,
    });
    expect(after.heapBytes).toBe(heapAt100);
  });
});
