import { describe, expect, it } from 'vitest';
import { quantile, relativeSpread, summarize } from './stats.js';

describe('stats', () => {
  it('interpolates quantiles linearly, as NumPy does', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(s, 0.5)).toBeCloseTo(5.5);
    expect(quantile(s, 0.1)).toBeCloseTo(1.9);
    expect(quantile(s, 0.9)).toBeCloseTo(9.1);
    expect(quantile([4], 0.9)).toBe(4);
  });

  it('summarizes unsorted samples', () => {
    const s = summarize([5, 1, 3]);
    expect(s).toMatchObject({ n: 3, median: 3, min: 1, max: 5 });
    expect(relativeSpread(s)).toBeCloseTo((4.6 - 1.4) / 3);
  });

  it('rejects empty samples and q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(/no samples/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
  });
});
