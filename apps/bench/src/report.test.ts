import { describe, expect, it } from 'vitest';
import type { Cell } from './harness.js';
import { type Peaks, type Report, analyse, sig, toMarkdown } from './report.js';
import { summarize } from './stats.js';
import { makeWorkloads } from './workloads.js';

const peaks: Peaks = { wasmSimd: { gflops: 40, runs: [38, 40] }, native: { gflops: 80, bySize: { '1024': 80 } } };
const ok = (side: string, ours: boolean, ms: number): Cell => ({ side, ours, threads: '1', status: 'ok', summary: summarize([ms, ms]), inner: 1 });

describe('report', () => {
  const mm = makeWorkloads(false).find((w) => w.id === 'matmul512')!;
  const cells: Cell[] = [
    ok('@proj wasm', true, 20),
    ok('PyTorch', false, 4),
    { side: 'tfjs-webgpu', ours: false, threads: '—', status: 'unavailable', reason: 'no WebGPU adapter' },
    { side: 'onnxruntime', ours: false, threads: '1', status: 'unavailable', reason: 'no | pipes' },
  ];

  it('gives our time over each peer time, and the share of the peaks', () => {
    const r = analyse(mm, cells, peaks);
    const ours = r.rows[0]!;
    expect(ours.ratios).toEqual({ PyTorch: 5 });
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
      ],
      peaks,
      workloads: [analyse(mm, cells, peaks)],
    };
    const md = toMarkdown(rep);
    // A peer without an adapter keeps its column, with no ratio, and says why below the table.
    expect(md).toContain('| workload | ours | median | rate | vs tfjs-webgpu | vs onnxruntime | vs PyTorch | of wasm peak | of native peak |');
    expect(md).toContain('| matmul512 | @proj wasm | 20.0 ms | 13.4 GFLOP/s | — | — | 5.00 | 34 % | 17 % |');
    expect(md).toContain('tfjs-webgpu: not available: no WebGPU adapter');
    expect(md).toContain('@proj webgpu: not available: no adapter');
    expect(md).toContain('not available: no \\| pipes');
  });

  it('never rounds a small number to zero', () => {
    expect(sig(0.0043)).toBe('0.0043');
    expect(sig(0.5)).toBe('0.50');
    expect(sig(12345)).toBe('12,345');
  });
});
