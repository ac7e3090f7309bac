/**
 * The timing harness: warm-up, calibration, then samples taken from all sides in interleaved
 * rounds, so that a noisy minute on this shared machine hits every side alike rather than one.
 *
 * Why not tinybench: it runs each task's iterations to completion before starting the next task,
 * so sides could not be interleaved; and its quantiles stop at p50/p75/p99, not the p10/p90 we
 * report. Emulating interleaving with one tiny Bench per round would leave none of its statistics
 * in use, so this is a thin layer on `performance.now` instead.
 */
import { type Outcome, type Prepared, type Side, errorMessage, isPrepared } from './side.js';
import { type Summary, summarize } from './stats.js';
import type { Workload } from './workloads.js';

export interface HarnessConfig {
  /** Warm-up time per side, after at least `warmupIters` operations. */
  warmupMs: number;
  warmupIters: number;
  /** Target sampling time per side and workload. */
  budgetMs: number;
  /** An operation slower than this is not warmed further and gets at most `slowSamples` samples. */
  slowOpMs: number;
  slowSamples: number;
  /** Time a slow side may take on one workload; an operation whose probe says it alone exceeds it is skipped. */
  maxSideMs: number;
  /** Whether our own sides may be skipped that way too (not in a smoke run, whose point is to run them). */
  probeOurs: boolean;
  rounds: number;
  minSamples: number;
  maxSamples: number;
  /** Each sample runs enough back-to-back operations to last about this long. */
  targetSampleMs: number;
}

export const FULL: HarnessConfig = {
  warmupMs: 400,
  warmupIters: 3,
  budgetMs: 2500,
  slowOpMs: 2000,
  slowSamples: 3,
  maxSideMs: 90_000,
  probeOurs: true,
  rounds: 20,
  minSamples: 5,
  maxSamples: 400,
  targetSampleMs: 5,
};

export const QUICK: HarnessConfig = {
  warmupMs: 0,
  warmupIters: 1,
  budgetMs: 0,
  slowOpMs: 300,
  slowSamples: 0,
  maxSideMs: 3000,
  probeOurs: false,
  rounds: 1,
  minSamples: 1,
  maxSamples: 1,
  targetSampleMs: 0,
};

export interface Cell {
  side: string;
  ours: boolean;
  /** See Side.reference and Side.yardstick. */
  reference?: boolean;
  yardstick?: string;
  threads: string;
  status: 'ok' | 'unavailable' | 'skipped' | 'error';
  reason?: string;
  /** Milliseconds per operation. */
  summary?: Summary;
  /** Operations per sample. */
  inner?: number;
}

interface Plan {
  side: Side;
  prepared: Prepared;
  inner: number;
  total: number;
  /** Milliseconds per operation estimated while warming up. */
  estimate: number;
  /** A slow side's cold first operation: reported only when no other sample was taken. */
  first?: number;
  samples: number[];
  failed?: string;
}

/** Measures one workload on every side. Sides that cannot run it come back with the reason. */
export async function measure(w: Workload, sides: readonly Side[], cfg: HarnessConfig, log: (s: string) => void): Promise<Cell[]> {
  const cells = new Map<Side, Cell>();
  const plans: Plan[] = [];
  const base = (side: Side) => ({
    side: side.name,
    ours: side.ours,
    ...(side.reference ? { reference: true } : {}),
    ...(side.yardstick ? { yardstick: side.yardstick } : {}),
    threads: side.threads,
  });

  for (const side of sides) {
    let outcome: Outcome;
    try {
      outcome = await side.prepare(w);
    } catch (e) {
      outcome = { unavailable: `failed to set up: ${errorMessage(e)}` };
    }
    if (!isPrepared(outcome)) {
      cells.set(side, { ...base(side), status: 'unavailable', reason: outcome.unavailable });
      continue;
    }
    try {
      const plan = await calibrate(w, side, outcome, cfg);
      if (typeof plan === 'string') {
        cells.set(side, { ...base(side), status: 'skipped', reason: plan });
        await outcome.dispose();
      } else {
        plans.push(plan);
        log(`  ${side.name}: ~${fmtMs(plan.estimate)} per op; ${plan.total} samples of ${plan.inner}`);
      }
    } catch (e) {
      // Failing on the very first run is how a missing kernel shows; later failures are errors.
      cells.set(side, { ...base(side), status: 'unavailable', reason: `failed on its first run: ${errorMessage(e)}` });
      await safeDispose(outcome);
    }
  }

  for (let r = 0; r < cfg.rounds; r++) {
    // Rotate the order each round, so that no side always runs right after the same neighbour.
    const order = plans.map((_, i) => plans[(i + r) % plans.length] as Plan);
    for (const p of order) {
      if (p.failed) continue;
      const want = share(p.total, cfg.rounds, r);
      if (want === 0) continue;
      try {
        p.samples.push(...(await p.prepared.samples(want, p.inner)));
      } catch (e) {
        p.failed = errorMessage(e);
      }
    }
  }

  for (const p of plans) {
    await safeDispose(p.prepared);
    // A slow side's first operation ran cold; it counts only when nothing else was measured.
    const timed = p.samples.length > 0 ? p.samples : p.first !== undefined ? [p.first] : [];
    cells.set(
      p.side,
      p.failed || timed.length === 0
        ? { ...base(p.side), status: 'error', reason: p.failed ?? 'no samples' }
        : { ...base(p.side), status: 'ok', summary: summarize(timed), inner: p.inner },
    );
  }
  return sides.map((s) => cells.get(s) as Cell);
}

/** Warms a side up and decides how many samples of how many operations it gets. */
async function calibrate(w: Workload, side: Side, prepared: Prepared, cfg: HarnessConfig): Promise<Plan | string> {
  const projected = w.probe && (cfg.probeOurs || !side.ours) ? await probe(w, side, cfg.maxSideMs) : undefined;
  if (projected !== undefined && projected > cfg.maxSideMs) {
    return `one operation would take about ${fmtMs(projected)} (extrapolated from a ${w.probe?.factor}× smaller one), over this run's ${fmtMs(cfg.maxSideMs)} per side`;
  }
  const first = await one(prepared);
  if (first > cfg.slowOpMs) {
    const total = Math.max(0, Math.min(cfg.slowSamples, Math.floor(cfg.maxSideMs / first) - 1));
    return { side, prepared, inner: 1, total, estimate: first, first, samples: [] };
  }
  const warm: number[] = [first];
  const t0 = performance.now();
  while (warm.length < cfg.warmupIters || performance.now() - t0 < cfg.warmupMs) {
    const est = median(warm.slice(-5));
    const left = cfg.warmupMs - (performance.now() - t0);
    const batch = Math.max(1, Math.min(200, Math.floor(left / Math.max(est, 1e-3) / 2)));
    warm.push(...(await prepared.samples(batch, 1)));
  }
  const est = median(warm.slice(-Math.max(3, Math.floor(warm.length / 2))));
  const inner = Math.max(1, Math.round(cfg.targetSampleMs / Math.max(est, 1e-3)));
  const byBudget = Math.round(cfg.budgetMs / (est * inner));
  const total = Math.max(cfg.minSamples, Math.min(cfg.maxSamples, byBudget));
  return { side, prepared, inner, total, estimate: est, samples: [] };
}

/**
 * Times the workload's cheaper version and scales it up. The second, warm run decides: the first
 * may include one-off costs (a GPU backend compiling its pipelines) that do not scale with size.
 */
async function probe(w: Workload, side: Side, limit: number): Promise<number | undefined> {
  if (!w.probe) return undefined;
  const small = await side.prepare({ id: `${w.id}-probe`, title: `${w.title} (probe)`, spec: w.probe.spec });
  if (!isPrepared(small)) return undefined;
  try {
    const cold = await one(small);
    if (cold > limit) return cold * w.probe.factor; // even the small version is over the cap
    return (await one(small)) * w.probe.factor;
  } catch {
    return undefined; // the real run reports the failure
  } finally {
    await safeDispose(small);
  }
}

async function one(p: Prepared): Promise<number> {
  const [ms] = await p.samples(1, 1);
  return ms ?? Number.NaN;
}

/** How many of `total` samples round `r` of `rounds` takes (the first rounds take the remainder). */
export function share(total: number, rounds: number, r: number): number {
  const base = Math.floor(total / rounds);
  return base + (r < total % rounds ? 1 : 0);
}

const median = (xs: readonly number[]): number => summarize(xs).median;

async function safeDispose(p: Prepared): Promise<void> {
  try {
    await p.dispose();
  } catch {
    // A side that fails to clean up must not stop the run; its memory dies with the process.
  }
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(ms >= 0.1 ? 0 : 1)} µs`;
}
