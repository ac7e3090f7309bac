import { describe, expect, it } from 'vitest';
import type { Cell } from './harness.js';
import { type Peaks, type Report, analyse, referenceBests, sig, toMarkdown } from './report.js';
import { summarize } from './stats.js';
import { makeWorkloads } from './workloads.js';

const peaks: Peaks = {
  wasm: { 'wasm SIMD loop': { gflops: 40, runs: [38, 40] }, 'wasm SIMD FMA loop': { gflops: 50, runs: [50] } },
  native: { gflops: 80, bySize: { '1024': 80 } },
};
const ok = (side: string, ours: boolean, ms: number): Cell => ({ side, ours, threads: '1', status: 'ok', summary: summarize([ms, ms]), inner: 1 });

describe('report', () => {
  const mm = makeWorkloads(false).find((w) => w.id === 'matmul512')!;
  const cells: Cell[] = [
    ok('@proj wasm', true, 20),
    ok('PyTorch', false, 4),
    { ...ok('wasm SIMD loop', false, 8), reference: true },
    { ...ok('wasm SIMD FMA loop', false, 5), reference: true },
    { ...ok('@proj wasm-relaxed', true, 10), yardstick: 'wasm SIMD FMA loop' },
    { side: 'tfjs-webgpu', ours: false, threads: '—', status: 'unavailable', reason: 'no WebGPU adapter' },
    { side: 'onnxruntime', ours: false, threads: '1', status: 'unavailable', reason: 'no | pipes' },
  ];

  it('gives our time over each peer time, and the share of the peaks', () => {
    const r = analyse(mm, cells, peaks);
    const ours = r.rows[0]!;
    // The reference loop is no peer: no ratio against it.
    expect(ours.ratios).toEqual({ PyTorch: 5 });
    // The loop did the same FLOPs in 8 ms that we did in 20.
    expect(ours.ofWasmLoop).toBeCloseTo(0.4, 6);
    // A relaxed-SIMD row is set against the FMA loop: 5 ms against its 10, and 26.8 of 50 GFLOP/s.
    const relaxed = r.rows[4]!;
    expect(relaxed.ratios).toEqual({ PyTorch: 2.5 });
    expect(relaxed.ofWasmLoop).toBeCloseTo(0.5, 6);
    expect(relaxed.ofWasmPeak).toBeCloseTo(26.84 / 50, 3);
    // 2·512³ FLOP in 20 ms = 13.4 GFLOP/s
    expect(ours.rate).toBeCloseTo(13.42, 1);
    expect(ours.ofWasmPeak).toBeCloseTo(13.42 / 40, 3);
    expect(ours.ofNativePeak).toBeCloseTo(13.42 / 80, 3);
    expect(r.rows[1]!.ratios).toBeUndefined();
  });

  it('renders the headline and the reasons, escaping table pipes', () => {
    const rep: Report = {
      date: '2026-01-01T00:00:00Z',
      mode: 'full',
      threads: 1,
      machine: { cpu: 'CPU', cpuid: 'x', simd: 'avx2', cores: 2, memoryGiB: 8, os: 'Linux', node: 'v20', loadavg: [1, 1, 1] },
      loadavgEnd: [1, 1, 1],
      durationS: 10,
      sides: [
        { name: '@proj wasm', ours: true, threads: '1', info: '', available: true },
        { name: '@proj webgpu', ours: true, threads: '—', info: 'no adapter', available: false },
        { name: 'tfjs-webgpu', ours: false, threads: '—', info: 'no WebGPU adapter', available: false },
        { name: 'onnxruntime', ours: false, threads: '1', info: '', available: true },
        { name: 'PyTorch', ours: false, threads: '1', info: '', available: true },
        { name: 'wasm SIMD loop', ours: false, reference: true, threads: '1', info: 'the loop', available: true },
        { name: 'wasm SIMD FMA loop', ours: false, reference: true, threads: '1', info: 'the FMA loop', available: true },
        { name: '@proj wasm-relaxed', ours: true, threads: '1', info: '', available: true },
      ],
      peaks,
      workloads: [analyse(mm, cells, peaks)],
    };
    const md = toMarkdown(rep);
    // A peer without an adapter keeps its column, with no ratio, and says why below the table.
    expect(md).toContain('| workload | ours | median | rate | vs tfjs-webgpu | vs onnxruntime | vs PyTorch | of wasm loop | of wasm peak | of native peak |');
    expect(md).toContain('| matmul512 | @proj wasm | 20.0 ms | 13.4 GFLOP/s | — | — | 5.00 | 40 % | 34 % | 17 % |');
    expect(md).toContain('| wasm SIMD loop | 1 | 8.00 ms |');
    expect(md).toContain('- **wasm SIMD loop** (reference, threads 1): the loop');
    expect(md).toContain('| matmul512 | @proj wasm-relaxed | 10.0 ms | 26.8 GFLOP/s | — | — | 2.50 | 50 % | 54 % | 34 % |');
    expect(md).toContain('1 core: wasm SIMD loop 40.0 GFLOP/s (median of 2 bursts before the workloads 39.0); wasm SIMD FMA loop 50.0 GFLOP/s');
    expect(md).toContain('tfjs-webgpu: not available: no WebGPU adapter');
    expect(md).toContain('@proj webgpu: not available: no adapter');
    expect(md).toContain('not available: no \\| pipes');
  });

  it('takes the best reference rate of a workload, and leaves the loop out where FLOPs are not defined', () => {
    // 2·512³ FLOP in 8 ms (both samples) = 33.6 GFLOP/s; in 5 ms, 53.7.
    const bests = referenceBests(mm, cells);
    expect([...bests.keys()]).toEqual(['wasm SIMD loop', 'wasm SIMD FMA loop']);
    expect(bests.get('wasm SIMD loop')).toBeCloseTo(33.55, 1);
    expect(bests.get('wasm SIMD FMA loop')).toBeCloseTo(53.69, 1);
    const add = makeWorkloads(false).find((w) => w.id === 'add')!;
    const none: Cell[] = [ok('@proj wasm', true, 1), { side: 'wasm SIMD loop', ours: false, reference: true, threads: '1', status: 'unavailable', reason: 'no FLOP count to match' }];
    expect(referenceBests(add, none).size).toBe(0);
    const r = analyse(add, none, peaks);
    expect(r.rows[0]!.ofWasmLoop).toBeUndefined();
  });

  it('never rounds a small number to zero', () => {
    expect(sig(0.0043)).toBe('0.0043');
    expect(sig(0.5)).toBe('0.50');
    expect(sig(12345)).toBe('12,345');
  });
});
