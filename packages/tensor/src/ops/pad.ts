/**
 * Constant padding with autograd; the base of `F.pad`.
 */
import { record } from '../autograd/record.js';
import { ArgumentError } from '../errors.js';
import { scope } from '../memory/scope.js';
import type { Tensor } from '../tensor.js';
import { backendOf, kview, wrap } from './util.js';

/**
 * Pads every dim `d` by `pads[d] = [before, after]` elements of `value`. Negative amounts crop.
 */
export function constantPad(x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  if (pads.length !== x.ndim) throw new ArgumentError(`pad: expected ${x.ndim} (before, after) pairs, got ${pads.length}`);
  if (pads.some(([b, a]) => b < 0 || a < 0)) {
    return scope(() => {
      let cropped = x;
      pads.forEach(([b, a], d) => {
        const lo = Math.max(-b, 0);
        const hi = Math.max(-a, 0);
        const len = x.shape[d]! - lo - hi;
        if (len < 0) throw new ArgumentError(`pad: the cropping of dim ${d} (${lo} + ${hi}) exceeds its size ${x.shape[d]}`);
        if (lo || hi) cropped = cropped.narrow(d, lo, len);
      });
      return constantPad(cropped, pads.map(([b, a]) => [Math.max(b, 0), Math.max(a, 0)] as const), value);
    });
  }
  const be = backendOf('pad', x);
  const shape = x.shape.map((s, d) => s + pads[d]![0] + pads[d]![1]);
  const out = wrap(be, be.pad(kview(x), pads, value), shape, x.dtype);
  return record(out, 'ConstantPadNdBackward0', [x], (g) => {
    let r = g;
    pads.forEach(([b], d) => {
      if (r.shape[d] !== x.shape[d]) r = r.narrow(d, b, x.shape[d]!);
    });
    return [r];
  });
}

/** Zero-pads `x` at the end of each dim up to `shape`. */
export function padEnd(x: Tensor, shape: readonly number[]): Tensor {
  if (x.shape.every((s, i) => s === shape[i])) return x;
  return constantPad(x, x.shape.map((s, i) => [0, shape[i]! - s] as const), 0);
}
