/**
 * Fused pooling kernels (max and average, forward and backward), with PyTorch's window rules:
 * a window starts at `o·stride − padding`; max pooling skips padded taps (they count as −∞) and
 * lets NaN win; average pooling divides by the window clipped to input + padding
 * (`count_include_pad`), by the window clipped to the input, or by `divisor_override`.
 */
import type { AvgPool2dParams, FusedKernels, Pool2dParams, StridedView } from '@proj/tensor';
import { type Data, alloc } from './storage.js';

function planes(shape: readonly number[]): [number, number, number] {
  const [n, c, h, w] = shape as [number, number, number, number];
  return [n * c, h, w];
}

function maxPool2d(x: StridedView<Data>, p: Pool2dParams): { values: Data; indices: Data } {
  const [np, h, w] = planes(x.shape);
  const [ho, wo] = p.outSize;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  const values = alloc(x.dtype, np * ho * wo);
  const indices = alloc('int64', np * ho * wo);
  const X = x.handle;
  let o = 0;
  for (let pl = 0; pl < np; pl++) {
    const base = x.offset + pl * h * w;
    for (let oh = 0; oh < ho; oh++) {
      let h0 = oh * sh - ph;
      const h1 = Math.min(h0 + (kh - 1) * dh + 1, h);
      while (h0 < 0) h0 += dh;
      for (let ow = 0; ow < wo; ow++, o++) {
        let w0 = ow * sw - pw;
        const w1 = Math.min(w0 + (kw - 1) * dw + 1, w);
        while (w0 < 0) w0 += dw;
        let best = h0 * w + w0;
        let max = Number.NEGATIVE_INFINITY;
        for (let ih = h0; ih < h1; ih += dh) {
          for (let iw = w0; iw < w1; iw += dw) {
            const at = ih * w + iw;
            const v = X[base + at]!;
            // As PyTorch: a later NaN takes the index again.
            if (v > max || Number.isNaN(v)) {
              max = v;
              best = at;
            }
          }
        }
        values[o] = max;
        indices[o] = best;
      }
    }
  }
  return { values, indices };
}

function maxPool2dGrad(gy: StridedView<Data>, indices: StridedView<Data>, xShape: readonly number[]): Data {
  const [np, h, w] = planes(xShape);
  const out = alloc(gy.dtype, np * h * w);
  const per = gy.shape[2]! * gy.shape[3]!;
  const G = gy.handle;
  const I = indices.handle;
  for (let pl = 0; pl < np; pl++) {
    const dst = pl * h * w;
    const src = pl * per;
    for (let q = 0; q < per; q++) out[dst + I[indices.offset + src + q]!]! += G[gy.offset + src + q]!;
  }
  return out;
}

/** The clipped window of output (oh, ow) and its divisor, PyTorch's `cpu_avg_pool` rules. */
function avgWindow(p: AvgPool2dParams, h: number, w: number, oh: number, ow: number, out: Int32Array): number {
  const [kh, kw] = p.kernel;
  let h0 = oh * p.stride[0] - p.padding[0];
  let w0 = ow * p.stride[1] - p.padding[1];
  let h1 = Math.min(h0 + kh, h + p.padding[0]);
  let w1 = Math.min(w0 + kw, w + p.padding[1]);
  const poolSize = (h1 - h0) * (w1 - w0);
  h0 = Math.max(h0, 0);
  w0 = Math.max(w0, 0);
  h1 = Math.min(h1, h);
  w1 = Math.min(w1, w);
  out[0] = h0;
  out[1] = h1;
  out[2] = w0;
  out[3] = w1;
  if (p.divisorOverride !== null) return p.divisorOverride;
  return p.countIncludePad ? poolSize : (h1 - h0) * (w1 - w0);
}

function avgPool2d(x: StridedView<Data>, p: AvgPool2dParams): Data {
  const [np, h, w] = planes(x.shape);
  const [ho, wo] = p.outSize;
  const out = alloc(x.dtype, np * ho * wo);
  const X = x.handle;
  const win = new Int32Array(4);
  let o = 0;
  for (let pl = 0; pl < np; pl++) {
    const base = x.offset + pl * h * w;
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++, o++) {
        const div = avgWindow(p, h, w, oh, ow, win);
        const h0 = win[0]!, h1 = win[1]!, w0 = win[2]!, w1 = win[3]!;
        if (h0 >= h1 || w0 >= w1) continue;
        let sum = 0;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) sum += X[base + ih * w + iw]!;
        out[o] = sum / div;
      }
    }
  }
  return out;
}

function avgPool2dGrad(gy: StridedView<Data>, p: AvgPool2dParams, xShape: readonly number[]): Data {
  const [np, h, w] = planes(xShape);
  const [ho, wo] = p.outSize;
  const out = alloc(gy.dtype, np * h * w);
  const G = gy.handle;
  const win = new Int32Array(4);
  let o = gy.offset;
  for (let pl = 0; pl < np; pl++) {
    const base = pl * h * w;
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++, o++) {
        const div = avgWindow(p, h, w, oh, ow, win);
        const h0 = win[0]!, h1 = win[1]!, w0 = win[2]!, w1 = win[3]!;
        const v = G[o]! / div;
        for (let ih = h0; ih < h1; ih++) for (let iw = w0; iw < w1; iw++) out[base + ih * w + iw]! += v;
      }
    }
  }
  return out;
}

export const poolKernels: Pick<FusedKernels<Data>, 'maxPool2d' | 'maxPool2dGrad' | 'avgPool2d' | 'avgPool2dGrad'> = {
  maxPool2d,
  maxPool2dGrad,
  avgPool2d,
  avgPool2dGrad,
};
