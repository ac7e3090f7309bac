import { describe, expect, it } from 'vitest';
import { FLOPS_PER_ITER, peakModuleBytes } from './peak.js';

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
});
