// Helpers of the convolution gradients. The convolutions themselves run on the GEMM with
// implicit im2col operands (gemm.ts).

/**
 * The input gradient's weight: w [G·Og, Cg, KH, KW] → dst [G, Cg, Og, KH, KW] with the kernel
 * flipped (dst[g][c][o][i][j] = w[g·Og + o][c][KH−1−i][KW−1−j]).
 */
export function conv_flip_weight(dst: usize, w: usize, G: i32, Og: i32, Cg: i32, KH: i32, KW: i32, size: i32): void {
  const K = KH * KW;
  for (let g = 0; g < G; g++) {
    for (let c = 0; c < Cg; c++) {
      for (let o = 0; o < Og; o++) {
        const src = w + <usize>((((g * Og + o) * Cg + c) * K) * size);
        const out = dst + <usize>((((g * Cg + c) * Og + o) * K) * size);
        for (let t = 0; t < K; t++) {
          const from = src + <usize>((K - 1 - t) * size);
          const to = out + <usize>(t * size);
          if (size == 4) store<i32>(to, load<i32>(from));
          else store<i64>(to, load<i64>(from));
        }
      }
    }
  }
}

// col2im, the epilogue of the GEMM that computes a conv2d input gradient as
// cols = Wᵀ·gy (rows (c, kh, kw), columns (oh, ow)): each tile row is added into the input
// gradient plane c along the pixels its tap (kh, kw) touched. Tasks own whole channels of one
// image (the JS side aligns MC to kH·kW and takes all columns in one tile), so they never race.
// Geometry slots of the GEMM descriptor: H, W, KH, KW, sh, sw, ph, pw, dh, dw, Wo.

const X_H = 64;

@inline function gs(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>(X_H + i) << 2));
}

/** Zeroes the input-gradient planes that rows [i0, i0+mc) scatter into. */
export function col2imZero<T>(p: usize, gx: usize, i0: i32, mc: i32): void {
  const HW = gs(p, 0) * gs(p, 1);
  const taps = gs(p, 2) * gs(p, 3);
  const c0 = i0 / taps;
  const c1 = (i0 + mc + taps - 1) / taps;
  memory.fill(gx + <usize>(c0 * HW) * sizeof<T>(), 0, <usize>((c1 - c0) * HW) * sizeof<T>());
}

export function col2imScatter<T>(p: usize, tile: usize, ldc: usize, i0: i32, mc: i32, j0: i32, nc: i32, gx: usize): void {
  const H = gs(p, 0), W = gs(p, 1), KH = gs(p, 2), KW = gs(p, 3), sh = gs(p, 4), sw = gs(p, 5);
  const ph = gs(p, 6), pw = gs(p, 7), dh = gs(p, 8), dw = gs(p, 9), Wo = gs(p, 10);
  const sz = sizeof<T>();
  const taps = KH * KW;
  for (let i = 0; i < mc; i++) {
    const ii = i0 + i;
    const c = ii / taps;
    const kh = (ii % taps) / KW;
    const kw = ii % KW;
    const plane = gx + <usize>(c * H * W) * sz;
    const row = tile + <usize>i * ldc;
    const ohEnd = (j0 + nc - 1) / Wo;
    for (let oh = j0 / Wo; oh <= ohEnd; oh++) {
      const ih = oh * sh - ph + kh * dh;
      if (ih < 0 || ih >= H) continue;
      const j = max(j0, oh * Wo);
      const len = min(j0 + nc, (oh + 1) * Wo) - j;
      const iw0 = (j - oh * Wo) * sw - pw + kw * dw;
      // q in [qa, qb) keeps iw0 + q·sw inside [0, W)
      let qa: i32, qb: i32;
      if (sw == 1) {
        qa = max(0, -iw0);
        qb = min(len, W - iw0);
      } else {
        qa = iw0 >= 0 ? 0 : (-iw0 + sw - 1) / sw;
        qb = iw0 >= W ? 0 : min(len, (W - 1 - iw0) / sw + 1);
      }
      const src = row + <usize>(j - j0) * sz;
      const dst = plane + <usize>(ih * W + iw0) * sz;
      let q = qa;
      if (sw == 1) {
        const L = <i32>(16 / <i32>sz);
        for (; q + L <= qb; q += L) {
          const d = dst + <usize>q * sz;
          v128.store(d, v128.add<T>(v128.load(d), v128.load(src + <usize>q * sz)));
        }
      }
      for (; q < qb; q++) {
        const d = dst + <usize>(q * sw) * sz;
        store<T>(d, load<T>(d) + load<T>(src + <usize>q * sz));
      }
    }
  }
}
