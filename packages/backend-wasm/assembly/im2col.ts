// Implicit im2col operands of the GEMM: B is packed straight from an image, never materialised.
//
// The image is already padded (and, for input gradients, has its zeros inserted: conv_pad), so
// every tap is inside it: B(k, j) = X[koff(k) + joff(j)] with
//   kind 1 (im2col):            k = (c, kh, kw), j = (oh, ow)      (conv forward, input gradient)
//   kind 2 (im2col transposed): k = (n, oh, ow), j = (c, kh, kw)   (weight gradient)
// where (c, kh, kw) ↦ c·Hp·Wp + kh·dh·Wp + kw·dw and (n, oh, ow) ↦ n·img + oh·sh·Wp + ow·sw.
// Kind 1 with stride 1 reads NR consecutive pixels per k: two vector loads, or two pairs blended
// when a strip wraps to the next output row. Kind 2 copies runs of consecutive pixels.
//
// Descriptor slots (after the strided ones in gemm.ts): Hp, Wp, KH, KW, sh, sw, dh, dw, Ho, Wo, img.

import { G_N, g } from './gemm';
import { S_MISC } from './scratch';
import { SCRATCH } from './threads';

const B_H = 39;
const B_W = 40;
const B_KH = 41;
const B_KW = 42;
const B_SH = 43;
const B_SW = 44;
const B_DH = 45;
const B_DW = 46;
const B_HO = 47;
const B_WO = 48;
const B_IMG = 49;

// Scratch tables: per-k offsets (≤ 256 k per slice), per-strip column offsets, and kind 2's runs.
const TK: usize = 0;
const TJ: usize = 1024;
const TRUN: usize = 1088; // (kk, len, rowOffset) × ≤ 256

/** (c, kh, kw) ↦ offset, for `count` consecutive indices from `first`, into `dst`. */
function tapOffsets(p: usize, first: i32, count: i32, dst: usize): void {
  const KH = g(p, B_KH), KW = g(p, B_KW), Wp = g(p, B_W), plane = g(p, B_H) * Wp;
  const dh = g(p, B_DH) * Wp, dw = g(p, B_DW);
  const per = KH * KW;
  let c = first / per;
  const r = first % per;
  let kh = r / KW;
  let kw = r % KW;
  for (let i = 0; i < count; i++) {
    store<i32>(dst + (<usize>i << 2), c * plane + kh * dh + kw * dw);
    if (++kw == KW) {
      kw = 0;
      if (++kh == KH) {
        kh = 0;
        c++;
      }
    }
  }
}

function packKind1<T>(p: usize, base: usize, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const NR = <i32>(32 / sizeof<T>());
  const sz = sizeof<T>();
  const N = min(g(p, G_N), j0 + nc);
  const Wp = g(p, B_W), sh = g(p, B_SH) * Wp, sw = g(p, B_SW), Wo = g(p, B_WO);
  const tk = SCRATCH + S_MISC + TK;
  const tj = SCRATCH + S_MISC + TJ;
  tapOffsets(p, k0, kc, tk);
  const strips = (nc + NR - 1) / NR;
  for (let s = 0; s < strips; s++) {
    const j = j0 + s * NR;
    const strip = dst + <usize>(s * kc * NR) * sz;
    const oh = j / Wo;
    const ow = j % Wo;
    const first = Wo - ow; // columns of this strip in its first output row
    if (sw == 1 && j + NR <= N && (first >= NR || NR - first <= Wo)) {
      const a = base + <usize>(oh * sh + ow) * sz;
      if (first >= NR) {
        for (let k = 0; k < kc; k++) {
          const src = a + <usize>load<i32>(tk + (<usize>k << 2)) * sz;
          const q = strip + <usize>(k * NR) * sz;
          v128.store(q, v128.load(src));
          v128.store(q, v128.load(src, 16), 16);
        }
      } else {
        // The strip wraps: lanes < first come from this row, the rest from the next one.
        const b = base + <usize>((oh + 1) * sh - first) * sz;
        const lim = i32x4.splat(first);
        const m0 = sz == 4 ? i32x4.lt_s(i32x4(0, 1, 2, 3), lim) : i32x4.lt_s(i32x4(0, 0, 1, 1), lim);
        const m1 = sz == 4 ? i32x4.lt_s(i32x4(4, 5, 6, 7), lim) : i32x4.lt_s(i32x4(2, 2, 3, 3), lim);
        for (let k = 0; k < kc; k++) {
          const off = <usize>load<i32>(tk + (<usize>k << 2)) * sz;
          const q = strip + <usize>(k * NR) * sz;
          v128.store(q, v128.bitselect(v128.load(a + off), v128.load(b + off), m0));
          v128.store(q, v128.bitselect(v128.load(a + off, 16), v128.load(b + off, 16), m1), 16);
        }
      }
      continue;
    }
    // General: any stride, short rows, the ragged last strip.
    let y = oh;
    let x = ow;
    for (let c = 0; c < NR; c++) {
      store<i32>(tj + (<usize>c << 2), j + c < N ? y * sh + x * sw : -1);
      if (++x == Wo) {
        x = 0;
        y++;
      }
    }
    gatherColumns<T>(base, tk, tj, kc, NR, strip);
  }
}

/** dst[k][c] = X[tk[k] + tj[c]] (0 where tj[c] < 0), k-major strips of NR. */
function gatherColumns<T>(base: usize, tk: usize, tj: usize, kc: i32, NR: i32, strip: usize): void {
  const sz = sizeof<T>();
  const row = <usize>NR * sz;
  for (let c = 0; c < NR; c++) {
    const jo = load<i32>(tj + (<usize>c << 2));
    let q = strip + <usize>c * sz;
    if (jo < 0) {
      for (let k = 0; k < kc; k++) {
        store<T>(q, <T>0);
        q += row;
      }
      continue;
    }
    const b = base + <usize>jo * sz;
    for (let k = 0; k < kc; k++) {
      store<T>(q, load<T>(b + <usize>load<i32>(tk + (<usize>k << 2)) * sz));
      q += row;
    }
  }
}

function packKind2<T>(p: usize, base: usize, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const NR = <i32>(32 / sizeof<T>());
  const sz = sizeof<T>();
  const N = min(g(p, G_N), j0 + nc);
  const Wp = g(p, B_W), sh = g(p, B_SH) * Wp, sw = g(p, B_SW), Ho = g(p, B_HO), Wo = g(p, B_WO), img = g(p, B_IMG);
  const tj = SCRATCH + S_MISC + TJ;
  const runs = SCRATCH + S_MISC + TRUN;
  // Runs of consecutive output pixels within one output row: the same for every strip.
  const P = Ho * Wo;
  let n = k0 / P;
  let oh = (k0 % P) / Wo;
  let ow = k0 % Wo;
  let nruns = 0;
  for (let kk = 0; kk < kc; nruns++) {
    const len = min(Wo - ow, kc - kk);
    const r = runs + <usize>(nruns * 12);
    store<i32>(r, kk);
    store<i32>(r, len, 4);
    store<i32>(r, n * img + oh * sh + ow * sw, 8);
    kk += len;
    ow += len;
    if (ow == Wo) {
      ow = 0;
      if (++oh == Ho) {
        oh = 0;
        n++;
      }
    }
  }
  const rowBytes = <usize>NR * sz;
  const step = <usize>sw * sz;
  const strips = (nc + NR - 1) / NR;
  for (let s = 0; s < strips; s++) {
    const j = j0 + s * NR;
    const strip = dst + <usize>(s * kc * NR) * sz;
    tapOffsets(p, j, NR, tj);
    for (let c = 0; c < NR; c++) {
      if (j + c >= N) {
        let q = strip + <usize>c * sz;
        for (let k = 0; k < kc; k++) {
          store<T>(q, <T>0);
          q += rowBytes;
        }
        continue;
      }
      // f32, stride 1, a quad of valid columns: 4 pixels × 4 columns at a time, transposed in registers.
      if (sz == 4 && sw == 1 && (c & 3) == 0 && j + c + 3 < N) {
        packQuad(base, tj + (<usize>c << 2), runs, nruns, strip + <usize>c * 4);
        c += 3;
        continue;
      }
      const col = base + <usize>load<i32>(tj + (<usize>c << 2)) * sz;
      for (let r = 0; r < nruns; r++) {
        const rr = runs + <usize>(r * 12);
        let q = strip + (<usize>load<i32>(rr) * rowBytes) + <usize>c * sz;
        let src = col + <usize>load<i32>(rr, 8) * sz;
        const len = load<i32>(rr, 4);
        for (let i = 0; i < len; i++) {
          store<T>(q, load<T>(src));
          q += rowBytes;
          src += step;
        }
      }
    }
  }
}

/** Kind 2, f32, stride 1: columns c..c+3 of every run, as 4×4 blocks transposed with shuffles. */
function packQuad(base: usize, tj: usize, runs: usize, nruns: i32, dst: usize): void {
  const c0 = base + (<usize>load<i32>(tj) << 2);
  const c1 = base + (<usize>load<i32>(tj, 4) << 2);
  const c2 = base + (<usize>load<i32>(tj, 8) << 2);
  const c3 = base + (<usize>load<i32>(tj, 12) << 2);
  for (let r = 0; r < nruns; r++) {
    const rr = runs + <usize>(r * 12);
    const kk = load<i32>(rr);
    const len = load<i32>(rr, 4);
    const off = <usize>load<i32>(rr, 8) << 2;
    let q = dst + (<usize>kk << 5);
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const o = off + (<usize>i << 2);
      const v0 = v128.load(c0 + o), v1 = v128.load(c1 + o), v2 = v128.load(c2 + o), v3 = v128.load(c3 + o);
      const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
      v128.store(q, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(q, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 32);
      v128.store(q, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 64);
      v128.store(q, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 96);
      q += 128;
    }
    for (; i < len; i++) {
      const o = off + (<usize>i << 2);
      store<f32>(q, load<f32>(c0 + o));
      store<f32>(q, load<f32>(c1 + o), 4);
      store<f32>(q, load<f32>(c2 + o), 8);
      store<f32>(q, load<f32>(c3 + o), 12);
      q += 32;
    }
  }
}

export function packBIm2col<T>(p: usize, kind: i32, base: usize, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  if (kind == 1) packKind1<T>(p, base, k0, kc, j0, nc, dst);
  else packKind2<T>(p, base, k0, kc, j0, nc, dst);
}

/**
 * Padding (and zero insertion) of image planes for the im2col operands. Parameter block (i32):
 * [dtype size, planes, Hs, Ws, lh, lw, top, left, Hp, Wp, src, dst, ntasks]: dst plane pixel
 * (r, c) holds src (u/lh, v/lw) where u = r − top, v = c − left when both divide evenly and fall
 * inside the source, and 0 elsewhere. `top`/`left` may be negative (cropping).
 */
export function padTask(p: usize, t: i32): void {
  const sz = <usize>g(p, 0);
  const planes = g(p, 1), Hs = g(p, 2), Ws = g(p, 3), lh = g(p, 4), lw = g(p, 5);
  const top = g(p, 6), left = g(p, 7), Hp = g(p, 8), Wp = g(p, 9);
  const nt = g(p, 12);
  const p0 = <i32>((<i64>planes * <i64>t) / <i64>nt);
  const p1 = <i32>((<i64>planes * <i64>(t + 1)) / <i64>nt);
  // Destination columns that receive source pixels: c = left + v·lw for v in [v0, v1).
  const v0 = left >= 0 ? 0 : (-left + lw - 1) / lw;
  const v1 = min(Ws, left < Wp ? (Wp - 1 - left) / lw + 1 : 0);
  for (let pl = p0; pl < p1; pl++) {
    const src = <usize>g(p, 10) + <usize>(pl * Hs * Ws) * sz;
    let dst = <usize>g(p, 11) + <usize>(pl * Hp * Wp) * sz;
    for (let r = 0; r < Hp; r++) {
      const u = r - top;
      if (u < 0 || u % lh != 0 || u / lh >= Hs || v0 >= v1) {
        memory.fill(dst, 0, <usize>Wp * sz);
      } else {
        const srow = src + <usize>((u / lh) * Ws) * sz;
        const c0 = left + v0 * lw;
        const c1 = left + (v1 - 1) * lw + 1;
        memory.fill(dst, 0, <usize>c0 * sz);
        if (lw == 1) memory.copy(dst + <usize>c0 * sz, srow + <usize>v0 * sz, <usize>(v1 - v0) * sz);
        else {
          memory.fill(dst + <usize>c0 * sz, 0, <usize>(c1 - c0) * sz);
          for (let v = v0; v < v1; v++) {
            const to = dst + <usize>(left + v * lw) * sz;
            const from = srow + <usize>v * sz;
            if (sz == 4) store<i32>(to, load<i32>(from));
            else store<i64>(to, load<i64>(from));
          }
        }
        memory.fill(dst + <usize>c1 * sz, 0, <usize>(Wp - c1) * sz);
      }
      dst += <usize>Wp * sz;
    }
  }
}
