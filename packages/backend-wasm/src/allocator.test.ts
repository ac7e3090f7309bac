import { describe, expect, it } from 'vitest';
import { Allocator } from './allocator.js';

function make(limit = 1 << 30) {
  let end = 4096;
  const grows: number[] = [];
  const a = new Allocator({
    base: 100,
    end,
    grow: (min) => {
      if (min > limit) return null;
      grows.push(min);
      end = Math.ceil(min / 65536) * 65536;
      return end;
    },
  });
  return { a, grows };
}

describe('Allocator', () => {
  it('aligns to 64 bytes and never overlaps live blocks', () => {
    const { a } = make();
    const blocks: [number, number][] = [];
    for (const n of [1, 63, 64, 65, 1000, 5000, 0, 70_000]) {
      const p = a.alloc(n)!;
      expect(p % 64).toBe(0);
      expect(p).toBeGreaterThanOrEqual(128);
      for (const [q, m] of blocks) expect(p + Math.max(n, 1) <= q || q + m <= p).toBe(true);
      blocks.push([p, Math.max(n, 1)]);
    }
    expect(a.stats().live).toBe(8);
  });

  it('reuses a freed block for the same size', () => {
    const { a } = make();
    const p = a.alloc(10_000)!;
    a.alloc(64);
    a.free(p);
    expect(a.alloc(10_000)).toBe(p);
  });

  it('coalesces neighbours so that a larger block fits where smaller ones were', () => {
    const { a } = make();
    const x = a.alloc(1024)!;
    const y = a.alloc(1024)!;
    const z = a.alloc(1024)!;
    a.alloc(64); // keeps the three off the top
    const top = a.stats().heapBytes;
    a.free(x);
    a.free(z);
    a.free(y);
    expect(a.stats().freeBytes).toBe(3072);
    expect(a.alloc(3000)).toBe(x);
    expect(a.stats().heapBytes).toBe(top);
  });

  it('reaches a fixed heap size for a periodic pattern of mixed sizes', () => {
    const { a } = make();
    const sizes = [4096 * 64, 1000, 77_777, 4096 * 64, 12, 300_000, 5000];
    let heap = 0;
    for (let step = 0; step < 200; step++) {
      const live = sizes.map((s) => a.alloc(s + (step % 3) * 64)!);
      // free in an order unlike the allocation order
      for (const i of [3, 0, 6, 1, 5, 2, 4]) a.free(live[i]!);
      if (step === 20) heap = a.stats().heapBytes;
      if (step > 20) expect(a.stats().heapBytes).toBe(heap);
    }
    expect(a.stats().live).toBe(0);
  });

  it('grows the memory when nothing fits and returns null at the limit, leaving its state intact', () => {
    const { a, grows } = make(1 << 20);
    const p = a.alloc(500_000)!;
    expect(grows.length).toBeGreaterThan(0);
    const before = a.stats();
    expect(a.alloc(2 << 20)).toBeNull();
    expect(a.stats()).toEqual(before);
    a.free(p);
    expect(a.alloc(900_000)).toBe(p);
  });

  it('rejects unknown offsets and double frees', () => {
    const { a } = make();
    const p = a.alloc(10)!;
    expect(() => a.free(p + 64)).toThrow(/unknown block/);
    a.free(p);
    expect(() => a.free(p)).toThrow(/double free/);
  });
});
