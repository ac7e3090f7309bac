/**
 * Fused softmax and log-softmax kernels, forward and backward.
 *
 * Inputs are contiguous (possibly offset) float views. A tensor is seen as `[outer, n, inner]`
 * around the reduced axis; each kernel sweeps one `[n, inner]` block at a time, keeping `inner`
 * running maxima and sums, so that memory is read in order whatever the axis. Sums accumulate in
 * double precision.
 */
import type { FusedKernels, StridedView } from '@proj/tensor';
import { type Data, alloc } from './storage.js';

interface Lanes {
  outer: number;
  n: number;
  inner: number;
}

function lanes(shape: readonly number[], axis: number): Lanes {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return { outer, n: shape[axis]!, inner };
}

/**
 * `max` is not NaN-aware on purpose: as in PyTorch, a slice holding NaN or `+∞`, or made only of
 * `−∞`, comes out all NaN, because `x − max` or the sum is then NaN.
 */
function forward(x: StridedView<Data>, axis: number, log: boolean): Data {
  const { outer, n, inner } = lanes(x.shape, axis);
  if (inner === 1) return forwardRows(x, outer, n, log);
  const src = x.handle;
  const out = alloc(x.dtype, outer * n * inner);
  const max = new Float64Array(inner);
  const sum = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const s0 = x.offset + base;
    max.fill(Number.NEGATIVE_INFINITY);
    sum.fill(0);
    for (let k = 0; k < n; k++) {
      const row = s0 + k * inner;
      for (let i = 0; i < inner; i++) {
        const v = src[row + i]!;
        if (v > max[i]!) max[i] = v;
      }
    }
    for (let k = 0; k < n; k++) {
      const row = s0 + k * inner;
      for (let i = 0; i < inner; i++) sum[i]! += Math.exp(src[row + i]! - max[i]!);
    }
    if (log) for (let i = 0; i < inner; i++) sum[i] = Math.log(sum[i]!);
    for (let k = 0; k < n; k++) {
      const row = s0 + k * inner;
      const dst = base + k * inner;
      for (let i = 0; i < inner; i++) {
        const shifted = src[row + i]! - max[i]!;
        out[dst + i] = log ? shifted - sum[i]! : Math.exp(shifted) / sum[i]!;
      }
    }
  }
  return out;
}

/** The common last-axis case: one exp per element, written once and rescaled. */
function forwardRows(x: StridedView<Data>, outer: number, n: number, log: boolean): Data {
  const src = x.handle;
  const out = alloc(x.dtype, outer * n);
  for (let o = 0; o < outer; o++) {
    const s0 = x.offset + o * n;
    const d0 = o * n;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < n; k++) {
      const v = src[s0 + k]!;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const shifted = src[s0 + k]! - max;
      const e = Math.exp(shifted);
      sum += e;
      out[d0 + k] = log ? shifted : e;
    }
    if (log) {
      const ls = Math.log(sum);
      for (let k = 0; k < n; k++) out[d0 + k] = (src[s0 + k]! - max) - ls;
    } else {
      const inv = 1 / sum;
      for (let k = 0; k < n; k++) out[d0 + k] = out[d0 + k]! * inv;
    }
  }
  return out;
}

/**
 * Softmax: `gx = y · (gy − Σ gy·y)`. Log-softmax: `gx = gy − exp(y) · Σ gy`.
 */
function backward(y: StridedView<Data>, gy: StridedView<Data>, axis: number, log: boolean): Data {
  const { outer, n, inner } = lanes(y.shape, axis);
  const ys = y.handle;
  const gs = gy.handle;
  const out = alloc(y.dtype, outer * n * inner);
  const dot = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const y0 = y.offset + base;
    const g0 = gy.offset + base;
    dot.fill(0);
    for (let k = 0; k < n; k++) {
      const yr = y0 + k * inner;
      const gr = g0 + k * inner;
      if (log) for (let i = 0; i < inner; i++) dot[i]! += gs[gr + i]!;
      else for (let i = 0; i < inner; i++) dot[i]! += gs[gr + i]! * ys[yr + i]!;
    }
    for (let k = 0; k < n; k++) {
      const yr = y0 + k * inner;
      const gr = g0 + k * inner;
      const dst = base + k * inner;
      if (log) for (let i = 0; i < inner; i++) out[dst + i] = gs[gr + i]! - Math.exp(ys[yr + i]!) * dot[i]!;
      else for (let i = 0; i < inner; i++) out[dst + i] = ys[yr + i]! * (gs[gr + i]! - dot[i]!);
    }
  }
  return out;
}

export const softmaxKernels: Pick<FusedKernels<Data>, 'softmax' | 'logSoftmax' | 'softmaxGrad' | 'logSoftmaxGrad'> = {
  softmax: (x, axis) => forward(x, axis, false),
  logSoftmax: (x, axis) => forward(x, axis, true),
  softmaxGrad: (y, gy, axis) => backward(y, gy, axis, false),
  logSoftmaxGrad: (y, gy, axis) => backward(y, gy, axis, true),
};
