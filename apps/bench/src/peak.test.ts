import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { FLOPS_PER_ITER, hasFmaLoop, peakModuleBytes, wasmLoopSide } from './peak.js';
import { isPrepared } from './side.js';
import { makeWorkloads } from './workloads.js';

describe('the hand-assembled wasm SIMD loop', () => {
  it('validates and computes the recurrence it claims to', async () => {
    const bytes = peakModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes));
    const peak = instance.exports.peak as (n: number) => number;
    // Lane 0 of sum over i = 1..12 of acc_i after one step, acc_i = i·0.999 + 0.001 (in f32).
    let expected = 0;
    for (let i = 1; i <= 12; i++) expected = Math.fround(expected + Math.fround(Math.fround(i * Math.fround(0.999)) + Math.fround(0.001)));
    expect(peak(1)).toBeCloseTo(expected, 4);
    expect(FLOPS_PER_ITER).toBe(96);
  });

  it('has an FMA twin that computes the same, where relaxed SIMD is on', async () => {
    // Node 20 has relaxed SIMD behind a flag, which V8 reads when it validates (as main.ts does).
    if (process.versions.node.startsWith('20.')) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    expect(hasFmaLoop()).toBe(true);
    const run = async (kind: 'mul+add' | 'fma') => {
      const instance = await WebAssembly.instantiate(await WebAssembly.compile(peakModuleBytes(kind)));
      return (instance.exports.peak as (n: number) => number)(1000);
    };
    const [plain, fused] = [await run('mul+add'), await run('fma')];
    expect(fused).toBeCloseTo(plain, 2);
    expect(peakModuleBytes('fma')).not.toEqual(peakModuleBytes('mul+add'));
  });
});

describe('the loop as a reference side', () => {
  it('runs workloads with a FLOP count, and declines the others with the reason', async () => {
    const side = await wasmLoopSide();
    expect(side).toMatchObject({ reference: true, ours: false });
    const ws = makeWorkloads(true);
    const add = ws.find((w) => w.id === 'add')!;
    expect(await side.prepare(add)).toEqual({ unavailable: 'no FLOP count to match' });
    const mm = ws.find((w) => w.id === 'matmul128')!;
    const p = await side.prepare(mm);
    if (!isPrepared(p)) throw new Error('expected the loop to run a matmul workload');
    const ms = await p.samples(3, 2);
    expect(ms).toHaveLength(3);
    for (const x of ms) expect(x).toBeGreaterThan(0);
  });
});
