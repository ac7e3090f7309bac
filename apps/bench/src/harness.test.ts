import { describe, expect, it } from 'vitest';
import { type HarnessConfig, fmtMs, measure, share } from './harness.js';
import type { Prepared, Side } from './side.js';
import { makeWorkloads } from './workloads.js';

/** A side whose "timings" are fixed numbers, so the harness's bookkeeping can be checked without timing anything. */
function fakeSide(name: string, ms: number, calls: string[], fail?: 'prepare' | 'first'): Side {
  return {
    name,
    ours: name.startsWith('@proj'),
    threads: '1',
    info: 'fake',
    async prepare() {
      if (fail === 'prepare') return { unavailable: 'no kernel' };
      const p: Prepared = {
        async samples(count) {
          if (fail === 'first') throw new Error('boom');
          calls.push(name);
          return Array.from({ length: count }, () => ms);
        },
        dispose() {},
      };
      return p;
    },
  };
}

const cfg: HarnessConfig = {
  warmupMs: 0, warmupIters: 2, budgetMs: 0, slowOpMs: 1e9, slowSamples: 3, maxSideMs: 1e9, probeOurs: true, rounds: 3, minSamples: 6, maxSamples: 6, targetSampleMs: 0,
};

describe('measure', () => {
  const w = makeWorkloads(true)[0]!;

  it('interleaves sides round by round and summarizes their samples', async () => {
    const calls: string[] = [];
    const cells = await measure(w, [fakeSide('@proj a', 2, calls), fakeSide('peer', 4, calls)], cfg, () => {});
    expect(cells.map((c) => [c.status, c.summary?.median, c.summary?.n])).toEqual([
      ['ok', 2, 6],
      ['ok', 4, 6],
    ]);
    // After warm-up, rounds alternate the sides (rotating which one goes first).
    const rounds = calls.slice(-6);
    expect(rounds).toEqual(['@proj a', 'peer', 'peer', '@proj a', '@proj a', 'peer']);
  });

  it('reports why a side cannot run a workload', async () => {
    const cells = await measure(w, [fakeSide('x', 1, [], 'prepare'), fakeSide('y', 1, [], 'first')], cfg, () => {});
    expect(cells[0]).toMatchObject({ status: 'unavailable', reason: 'no kernel' });
    expect(cells[1]).toMatchObject({ status: 'unavailable', reason: 'failed on its first run: boom' });
  });

  it('skips an operation whose cheaper probe, scaled up, exceeds the cap', async () => {
    const probed = { ...w, probe: { spec: w.spec, factor: 1e7 } };
    const [cell] = await measure(probed, [fakeSide('slow', 1000, [])], cfg, () => {});
    expect(cell).toMatchObject({ status: 'skipped' });
    expect(cell?.reason).toMatch(/10000000× smaller/);
  });
});

describe('helpers', () => {
  it('shares samples across rounds, remainder first', () => {
    expect([0, 1, 2].map((r) => share(7, 3, r))).toEqual([3, 2, 2]);
    expect([0, 1, 2].map((r) => share(1, 3, r))).toEqual([1, 0, 0]);
  });

  it('formats durations', () => {
    expect(fmtMs(0.0123)).toBe('12.3 µs');
    expect(fmtMs(0.5)).toBe('500 µs');
    expect(fmtMs(12.34)).toBe('12.3 ms');
    expect(fmtMs(2500)).toBe('2.50 s');
  });
});
