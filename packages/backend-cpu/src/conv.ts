/**
 * Fused conv2d kernels (forward and both gradients): per image, im2col into a `[C·kH·kW, L]`
 * column matrix (L = output pixels) and one `gemm` per group. The column matrix of one image is
 * small enough to stay in cache, and the products land directly in NCHW order. Transposed
 * operands are passed as strides, never copied.
 */
import type { Conv2dParams, FusedKernels, StridedView } from '@proj/tensor';
import { type Mat, gemm } from './matmul.js';
import { type Data, alloc } from './storage.js';

interface Geometry {
  c: number;
  h: number;
  w: number;
  o: number;
  kh: number;
  kw: number;
  ho: number;
  wo: number;
  /** Taps per group: `C/groups · kH · kW`. */
  kg: number;
  /** Output pixels per image. */
  l: number;
  og: number;
  p: Conv2dParams;
}

function geometry(xShape: readonly number[], wShape: readonly number[], ho: number, wo: number, p: Conv2dParams): Geometry {
  const [, c, h, w] = xShape as [number, number, number, number];
  const [o, cg, kh, kw] = wShape as [number, number, number, number];
  return { c, h, w, o, kh, kw, ho, wo, kg: cg * kh * kw, l: ho * wo, og: o / p.groups, p };
}

/** Working memory outside the buffer pool (it is never handed back). */
function scratchOf(dtype: string, n: number): Data {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** A 1×1, stride-1, unpadded convolution reads its columns straight from the input. */
function isPointwise(g: Geometry): boolean {
  const { p } = g;
  return g.kh === 1 && g.kw === 1 && p.stride[0] === 1 && p.stride[1] === 1 && p.padding[0] === 0 && p.padding[1] === 0;
}

/** The output columns `[lo, hi)` whose tap at offset `t` (= k·dilation − padding) lands inside `[0, size)`. */
function validRange(out: number, size: number, stride: number, t: number): [number, number] {
  const lo = Math.min(out, Math.max(0, Math.ceil(-t / stride)));
  const hi = Math.min(out, Math.floor((size - 1 - t) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/** Unrolls one image (`x` at `xOff`, `[C, H, W]`) into `cols` `[C·kH·kW, L]`. */
function im2col(x: Data, xOff: number, g: Geometry, cols: Data): void {
  const { c, h, w, kh, kw, ho, wo } = g;
  const [sh, sw] = g.p.stride;
  const [ph, pw] = g.p.padding;
  const [dh, dw] = g.p.dilation;
  let r = 0;
  for (let ch = 0; ch < c; ch++) {
    const plane = xOff + ch * h * w;
    for (let i = 0; i < kh; i++) {
      const ti = i * dh - ph;
      const [oh0, oh1] = validRange(ho, h, sh, ti);
      for (let j = 0; j < kw; j++, r += ho * wo) {
        const tj = j * dw - pw;
        const [ow0, ow1] = validRange(wo, w, sw, tj);
        // fill() is a builtin call: skip the empty ones, which are most of them.
        if (oh0 > 0) cols.fill(0, r, r + oh0 * wo);
        if (oh1 < ho) cols.fill(0, r + oh1 * wo, r + ho * wo);
        for (let oh = oh0; oh < oh1; oh++) {
          const dst = r + oh * wo;
          const src = plane + (oh * sh + ti) * w + tj;
          for (let ow = 0; ow < ow0; ow++) cols[dst + ow] = 0;
          for (let ow = ow1; ow < wo; ow++) cols[dst + ow] = 0;
          if (sw === 1) for (let ow = ow0; ow < ow1; ow++) cols[dst + ow] = x[src + ow]!;
          else for (let ow = ow0; ow < ow1; ow++) cols[dst + ow] = x[src + ow * sw]!;
        }
      }
    }
  }
}

/** Adds `cols` `[C·kH·kW, L]` back into one image `gx` (at `off`, `[C, H, W]`). */
function col2im(cols: Float64Array, g: Geometry, gx: Float64Array, off: number): void {
  const { c, h, w, kh, kw, ho, wo } = g;
  const [sh, sw] = g.p.stride;
  const [ph, pw] = g.p.padding;
  const [dh, dw] = g.p.dilation;
  let r = 0;
  for (let ch = 0; ch < c; ch++) {
    const plane = off + ch * h * w;
    for (let i = 0; i < kh; i++) {
      const ti = i * dh - ph;
      const [oh0, oh1] = validRange(ho, h, sh, ti);
      for (let j = 0; j < kw; j++, r += ho * wo) {
        const tj = j * dw - pw;
        const [ow0, ow1] = validRange(wo, w, sw, tj);
        for (let oh = oh0; oh < oh1; oh++) {
          const src = r + oh * wo;
          const dst = plane + (oh * sh + ti) * w + tj;
          for (let ow = ow0; ow < ow1; ow++) gx[dst + ow * sw]! += cols[src + ow]!;
        }
      }
    }
  }
}

/** The columns of image `n`: unrolled into `scratch`, or the input itself for pointwise convs. */
function columns(x: StridedView<Data>, n: number, g: Geometry, scratch: Data | null): Mat {
  const off = x.offset + n * g.c * g.h * g.w;
  if (!scratch) return { data: x.handle, offset: off, rowStride: g.l, colStride: 1 };
  im2col(x.handle, off, g, scratch);
  return { data: scratch, offset: 0, rowStride: g.l, colStride: 1 };
}

function conv2d(x: StridedView<Data>, weight: StridedView<Data>, bias: StridedView<Data> | null, p: Conv2dParams): Data {
  const [n, , h, w] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = weight.shape as [number, number, number, number];
  const ho = Math.floor((h + 2 * p.padding[0] - p.dilation[0] * (kh - 1) - 1) / p.stride[0]) + 1;
  const wo = Math.floor((w + 2 * p.padding[1] - p.dilation[1] * (kw - 1) - 1) / p.stride[1]) + 1;
  const g = geometry(x.shape, weight.shape, ho, wo, p);
  const out = alloc(x.dtype, n * o * g.l);
  if (out.length === 0) return out;
  const scratch = isPointwise(g) ? null : scratchOf(x.dtype, g.c * kh * kw * g.l);
  for (let b = 0; b < n; b++) {
    const cols = columns(x, b, g, scratch);
    for (let gi = 0; gi < p.groups; gi++) {
      const a = { data: weight.handle, offset: weight.offset + gi * g.og * g.kg, rowStride: g.kg, colStride: 1 };
      const bm = { ...cols, offset: cols.offset + gi * g.kg * g.l };
      gemm(a, bm, g.og, g.l, g.kg, out, (b * o + gi * g.og) * g.l);
    }
    if (!bias) continue;
    for (let ch = 0; ch < o; ch++) {
      const v = bias.handle[bias.offset + ch]!;
      const at = (b * o + ch) * g.l;
      for (let q = 0; q < g.l; q++) out[at + q]! += v;
    }
  }
  return out;
}

function conv2dGradInput(gy: StridedView<Data>, weight: StridedView<Data>, p: Conv2dParams, xShape: readonly number[]): Data {
  const g = geometry(xShape, weight.shape, gy.shape[2]!, gy.shape[3]!, p);
  const n = xShape[0]!;
  const plane = g.c * g.h * g.w;
  const acc = new Float64Array(n * plane);
  if (acc.length > 0 && g.l > 0 && g.o > 0) {
    const cols = new Float64Array(g.c * g.kh * g.kw * g.l);
    for (let b = 0; b < n; b++) {
      for (let gi = 0; gi < p.groups; gi++) {
        // weightᵀ [kg, og] × gy [og, L] → the gradient of this group's columns.
        const a = { data: weight.handle, offset: weight.offset + gi * g.og * g.kg, rowStride: 1, colStride: g.kg };
        const bm = { data: gy.handle, offset: gy.offset + (b * g.o + gi * g.og) * g.l, rowStride: g.l, colStride: 1 };
        gemm(a, bm, g.kg, g.l, g.og, cols, gi * g.kg * g.l);
      }
      col2im(cols, g, acc, b * plane);
    }
  }
  const out = alloc(gy.dtype, acc.length);
  out.set(acc);
  return out;
}

function conv2dGradWeight(x: StridedView<Data>, gy: StridedView<Data>, p: Conv2dParams, wShape: readonly number[]): Data {
  const g = geometry(x.shape, wShape, gy.shape[2]!, gy.shape[3]!, p);
  const n = x.shape[0]!;
  // Accumulates the transposed gradient per group, [groups][kg, og], summed over images.
  const accT = new Float64Array(g.o * g.kg);
  if (accT.length > 0 && g.l > 0) {
    const scratch = isPointwise(g) ? null : scratchOf(x.dtype, g.c * g.kh * g.kw * g.l);
    for (let b = 0; b < n; b++) {
      const cols = columns(x, b, g, scratch);
      for (let gi = 0; gi < p.groups; gi++) {
        // columns [kg, L] × gyᵀ [L, og]: the large dim leads, and B (the gradient) stays narrow.
        const a = { ...cols, offset: cols.offset + gi * g.kg * g.l };
        const bm = { data: gy.handle, offset: gy.offset + (b * g.o + gi * g.og) * g.l, rowStride: 1, colStride: g.l };
        gemm(a, bm, g.kg, g.og, g.l, accT, gi * g.kg * g.og, true);
      }
    }
  }
  const out = alloc(x.dtype, accT.length);
  for (let gi = 0; gi < p.groups; gi++) {
    for (let oc = 0; oc < g.og; oc++) {
      const dst = (gi * g.og + oc) * g.kg;
      const src = gi * g.kg * g.og + oc;
      for (let t = 0; t < g.kg; t++) out[dst + t] = accT[src + t * g.og]!;
    }
  }
  return out;
}

export const convKernels: Pick<FusedKernels<Data>, 'conv2d' | 'conv2dGradInput' | 'conv2dGradWeight'> = {
  conv2d,
  conv2dGradInput,
  conv2dGradWeight,
};
