/**
 * Summary statistics of timing samples: the median with its spread. Quantiles interpolate
 * linearly between order statistics (NumPy's default, `method='linear'`).
 */

export interface Summary {
  /** Number of samples. */
  n: number;
  /** Milliseconds per operation. */
  median: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
  min: number;
  max: number;
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile: no samples');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must lie in [0, 1], got ${q}`);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p10: quantile(s, 0.1),
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    p90: quantile(s, 0.9),
    min: s[0] as number,
    max: s[s.length - 1] as number,
  };
}

/** The p10–p90 spread as a fraction of the median (0.1 = ±5 % around it, roughly). */
export function relativeSpread(s: Summary): number {
  return s.median > 0 ? (s.p90 - s.p10) / s.median : 0;
}
