/**
 * Timing helpers for the quick benchmarks (never in tests). Besides wall time they report the
 * process's CPU time per run: on a shared, busy machine a single-threaded run's CPU time stays
 * close to its wall time on an idle one, while its wall time stretches with the load.
 */

export interface Timing {
  /** Median wall time, ms. */
  median: number;
  /** Best wall time, ms. */
  best: number;
  /** Median process CPU time (all threads), ms. */
  cpu: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times `reps` runs of `f` after `warm` untimed ones. */
export function time(f: () => void, reps = 10, warm = 3): Timing {
  for (let i = 0; i < warm; i++) f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  return { median: med(wall), best: Math.min(...wall), cpu: med(cpu) };
}

export const fmt = (t: Timing) => `wall median ${t.median.toFixed(2)} ms, best ${t.best.toFixed(2)} ms; cpu ${t.cpu.toFixed(2)} ms`;
