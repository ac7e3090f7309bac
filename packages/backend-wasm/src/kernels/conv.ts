/**
 * conv2d and its gradients on the GEMM with implicit im2col operands (no column buffer). The
 * image is first copied with its zero padding (a small pass: C·H·W against the C·kH·kW·Ho·Wo
 * columns it stands for), so that packing needs no bounds checks:
 * - forward: per image and group, `y = W · im2col(x)`, with the bias as the accumulator's start;
 * - input gradient: a stride-1 convolution, by the flipped and transposed weight, of `gy` with
 *   stride − 1 zeros inserted between its pixels and `dilation·(k − 1) − padding` around them;
 * - weight gradient: `gW = gy · im2col(x)ᵀ` with K running over images × output pixels, split
 *   across threads by images when the output alone has too few tiles.
 */
import type { Conv2dParams, StridedView } from '@proj/tensor';
import { ITEMSIZE } from '../codes.js';
import { tasksFor, writeInts } from '../params.js';
import type { WasmBuffer } from '../storage.js';
import type { Ctx } from './context.js';
import { gemmMR, runGemm } from './gemm.js';
import { reduce } from './reduce.js';

type Float = 'float32' | 'float64';

const addr = (v: StridedView<WasmBuffer>) => v.handle.ptr + v.offset * ITEMSIZE[v.dtype];

function outSize(size: number, k: number, pad: number, s: number, d: number): number {
  return Math.floor((size + 2 * pad - d * (k - 1) - 1) / s) + 1;
}

interface Padded {
  ptr: number;
  hp: number;
  wp: number;
  /** A temporary to free, or null when the source was used as it is. */
  temp: number | null;
}

/**
 * `planes` planes of `hs × ws` at `src`, as `hp × wp` planes with `insert − 1` zeros between
 * pixels and the source's pixel (0, 0) at (top, left) (negative: cropped).
 */
function pad(ctx: Ctx, src: number, size: number, planes: number, hs: number, ws: number, insert: readonly [number, number],
  top: number, left: number, hp: number, wp: number): Padded {
  if (top === 0 && left === 0 && insert[0] === 1 && insert[1] === 1 && hp === hs && wp === ws) return { ptr: src, hp, wp, temp: null };
  const rt = ctx.rt;
  const ptr = ctx.temp(planes * hp * wp * size, 'a padded convolution input');
  const ntasks = Math.min(planes, tasksFor(rt, planes * hp * wp));
  writeInts(rt, 0, [size, planes, hs, ws, insert[0], insert[1], top, left, hp, wp, src, ptr, ntasks]);
  rt.check(rt.exports.conv_pad(rt.params, ntasks), 'conv2d padding');
  return { ptr, hp, wp, temp: ptr };
}

function done(ctx: Ctx, p: Padded): void {
  if (p.temp !== null) ctx.freeTemp(p.temp);
}

export function conv2d(ctx: Ctx, x: StridedView<WasmBuffer>, w: StridedView<WasmBuffer>, bias: StridedView<WasmBuffer> | null, p: Conv2dParams): WasmBuffer {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const ho = outSize(h, kh, p.padding[0], p.stride[0], p.dilation[0]);
  const wo = outSize(wd, kw, p.padding[1], p.stride[1], p.dilation[1]);
  const out = ctx.alloc(x.dtype, n * o * ho * wo);
  if (out.bytes === 0) return out;
  const sz = ITEMSIZE[x.dtype];
  const g = p.groups;
  const og = o / g;
  const k = cg * kh * kw;
  const pix = ho * wo;
  let xp: Padded | null = null;
  try {
    xp = pad(ctx, addr(x), sz, n * c, h, wd, [1, 1], p.padding[0], p.padding[1], h + 2 * p.padding[0], wd + 2 * p.padding[1]);
    runGemm(ctx.rt, {
      dtype: x.dtype as Float,
      m: og, n: pix, k,
      batch1: n, batch2: g,
      a: { base: addr(w), b1: 0, b2: og * k * sz, rs: k * sz, cs: sz },
      b: {
        kind: 'im2col', base: xp.ptr, b1: c * xp.hp * xp.wp * sz, b2: cg * xp.hp * xp.wp * sz,
        hp: xp.hp, wp: xp.wp, kh, kw, stride: p.stride, dilation: p.dilation, outH: ho, outW: wo,
      },
      c: {
        base: out.ptr, b1: o * pix * sz, b2: og * pix * sz, ldc: pix * sz,
        init: bias ? 'bias' : 'zero', bias: bias ? addr(bias) : 0, biasB2: og * sz,
      },
    });
  } catch (e) {
    ctx.release(out);
    throw e;
  } finally {
    if (xp) done(ctx, xp);
  }
  return out;
}

/**
 * The input gradient by col2im: per image, `cols = Wᵀ · gy` (rows (c, kh, kw), columns the output
 * pixels) computed tile by tile and added into the gradient straight from the tile. Costs the
 * forward's flops whatever the stride and padding, where the transposed convolution below also
 * multiplies the zeros it pads and inserts. Needs one tile to hold all output pixels of some
 * whole channels; returns false when they do not fit.
 */
function gradInputCol2im(ctx: Ctx, gy: StridedView<WasmBuffer>, w: StridedView<WasmBuffer>, p: Conv2dParams, xShape: readonly number[], out: WasmBuffer): boolean {
  const [n, c, h, wd] = xShape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , ho, wo] = gy.shape as [number, number, number, number];
  const sz = ITEMSIZE[gy.dtype];
  const g = p.groups;
  const og = o / g;
  const taps = kh * kw;
  const pix = ho * wo;
  const ncPad = Math.ceil(pix / 8) * 8;
  const tileRows = Math.floor((ctx.rt.exports.CTILE_BYTES.value as number) / (ncPad * sz));
  const rows = cg * taps;
  // 4-row strips where 5-row ones would make the unit too tall for the tile.
  const mr = tileRows >= lcm(5, taps) ? gemmMR(rows) : 4;
  const unit = lcm(mr, taps);
  if (tileRows < unit) return false;
  const kc = Math.min(256, Math.max(1, Math.floor((ctx.rt.exports.PACK_B_BYTES.value as number) / (ncPad * sz))));
  let mc = Math.min(Math.floor(tileRows / unit), Math.ceil(rows / unit)) * unit;
  // Several tiles per image when images alone would leave threads idle.
  const threads = ctx.rt.threads;
  while (mc > unit && n * g * Math.ceil(rows / mc) < 2 * threads) mc = Math.max(unit, Math.floor(mc / 2 / unit) * unit);
  runGemm(ctx.rt, {
    dtype: gy.dtype as Float,
    m: rows, n: pix, k: og,
    batch1: n, batch2: g,
    tile: { mc, nc: pix, kc, mr },
    a: { base: addr(w), b1: 0, b2: og * rows * sz, rs: sz, cs: rows * sz },
    b: { kind: 'strided', base: addr(gy), b1: o * pix * sz, b2: og * pix * sz, rs: pix * sz, cs: sz },
    c: {
      base: out.ptr, b1: c * h * wd * sz, b2: cg * h * wd * sz, ldc: 0, init: 'col2im',
      col2im: { h, w: wd, kh, kw, stride: p.stride, padding: p.padding, dilation: p.dilation, outW: wo },
    },
  });
  return true;
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return (a / x) * b;
}

export function conv2dGradInput(ctx: Ctx, gy: StridedView<WasmBuffer>, w: StridedView<WasmBuffer>, p: Conv2dParams, xShape: readonly number[]): WasmBuffer {
  const [n, c, h, wd] = xShape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , ho, wo] = gy.shape as [number, number, number, number];
  const out = ctx.alloc(gy.dtype, n * c * h * wd);
  if (out.bytes === 0) return out;
  const sz = ITEMSIZE[gy.dtype];
  const g = p.groups;
  const og = o / g;
  const [dh, dw] = p.dilation;
  let flipped: number | null = null;
  let gp: Padded | null = null;
  try {
    // The transposed convolution multiplies h·w pixels per tap, col2im ho·wo (plus a scatter).
    if (h * wd > 1.25 * ho * wo && gradInputCol2im(ctx, gy, w, p, xShape, out)) return out;
    flipped = ctx.temp(o * cg * kh * kw * sz, 'the flipped weight of a conv2d input gradient');
    gp = pad(ctx, addr(gy), sz, n * o, ho, wo, p.stride, dh * (kh - 1) - p.padding[0], dw * (kw - 1) - p.padding[1],
      h + dh * (kh - 1), wd + dw * (kw - 1));
    ctx.rt.exports.conv_flip_weight(flipped, addr(w), g, og, cg, kh, kw, sz);
    const k = og * kh * kw;
    runGemm(ctx.rt, {
      dtype: gy.dtype as Float,
      m: cg, n: h * wd, k,
      batch1: n, batch2: g,
      a: { base: flipped, b1: 0, b2: cg * k * sz, rs: k * sz, cs: sz },
      b: {
        kind: 'im2col', base: gp.ptr, b1: o * gp.hp * gp.wp * sz, b2: og * gp.hp * gp.wp * sz,
        hp: gp.hp, wp: gp.wp, kh, kw, stride: [1, 1], dilation: p.dilation, outH: h, outW: wd,
      },
      c: { base: out.ptr, b1: c * h * wd * sz, b2: cg * h * wd * sz, ldc: h * wd * sz },
    });
  } catch (e) {
    ctx.release(out);
    throw e;
  } finally {
    if (flipped !== null) ctx.freeTemp(flipped);
    if (gp) done(ctx, gp);
  }
  return out;
}

export function conv2dGradWeight(ctx: Ctx, x: StridedView<WasmBuffer>, gy: StridedView<WasmBuffer>, p: Conv2dParams, wShape: readonly number[]): WasmBuffer {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = wShape as [number, number, number, number];
  const [, , ho, wo] = gy.shape as [number, number, number, number];
  const sz = ITEMSIZE[x.dtype];
  const g = p.groups;
  const og = o / g;
  const cols = cg * kh * kw;
  const pix = ho * wo;
  // Too few output tiles to keep every thread busy: give each thread a share of the images and
  // sum the partial gradients afterwards.
  const tiles = g * Math.ceil(og / 16) * Math.ceil(cols / 32);
  const threads = ctx.rt.threads;
  let split = 1;
  if (threads > 1 && tiles < 2 * threads && n * pix >= 4096) {
    for (let s = threads; s > 1; s--) {
      if (n % s === 0) {
        split = s;
        break;
      }
    }
  }
  const per = n / split;
  const out = ctx.alloc(x.dtype, split * o * cols);
  if (out.bytes === 0) return out;
  let xp: Padded | null = null;
  try {
    xp = pad(ctx, addr(x), sz, n * c, h, wd, [1, 1], p.padding[0], p.padding[1], h + 2 * p.padding[0], wd + 2 * p.padding[1]);
    const img = c * xp.hp * xp.wp;
    runGemm(ctx.rt, {
      dtype: x.dtype as Float,
      m: og, n: cols, k: per * pix,
      batch1: split, batch2: g,
      a: { base: addr(gy), b1: per * o * pix * sz, b2: og * pix * sz, rs: pix * sz, cs: sz, kdiv: pix, ks2: o * pix * sz },
      b: {
        kind: 'im2colT', base: xp.ptr, b1: per * img * sz, b2: cg * xp.hp * xp.wp * sz,
        hp: xp.hp, wp: xp.wp, kh, kw, stride: p.stride, dilation: p.dilation, outH: ho, outW: wo, img,
      },
      c: { base: out.ptr, b1: o * cols * sz, b2: og * cols * sz, ldc: cols * sz },
    });
  } catch (e) {
    ctx.release(out);
    throw e;
  } finally {
    if (xp) done(ctx, xp);
  }
  if (split === 1) return out;
  try {
    return reduce(ctx, 'sum', { handle: out, dtype: x.dtype, shape: [split, o * cols], strides: [o * cols, 1], offset: 0 }, [0]);
  } finally {
    ctx.release(out);
  }
}
