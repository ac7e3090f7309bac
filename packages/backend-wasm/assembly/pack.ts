// Packing the strided GEMM operands into the micro-kernel's layouts (gemm.ts): A into MR-row
// strips (k-major, MR values per k) and B into NR-column strips (k-major, NR values per k),
// zero-padded at the edges. Strides (transposes, broadcasts) are absorbed here.

import { A_CS, A_KDIV, A_KS2, A_RS, B_CS, B_RS, G_M, G_MR, G_N, g } from './gemm';

/** Packs rows [i0, i0+mc) × k [k0, k0+kc) of the strided A into MR-row strips (zero-padded). */
export function packA<T>(p: usize, base: usize, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  const M = g(p, G_M);
  const rs = <usize>g(p, A_RS);
  const cs = <usize>g(p, A_CS);
  const kdiv = g(p, A_KDIV);
  const ks2 = <usize>g(p, A_KS2);
  const MR = g(p, G_MR);
  const strips = (mc + MR - 1) / MR;
  const sz = sizeof<T>();
  for (let s = 0; s < strips; s++) {
    const strip = dst + <usize>(s * kc * MR) * sz;
    const first = i0 + s * MR;
    if (sz == 4 && cs == 4 && first + MR <= M && first + MR <= i0 + mc) {
      if (MR == 5) packStrip5F32(base + <usize>first * rs, rs, k0, kc, kdiv, ks2, strip);
      else packStripF32(base + <usize>first * rs, rs, k0, kc, kdiv, ks2, strip);
      continue;
    }
    for (let r = 0; r < MR; r++) {
      const i = i0 + s * MR + r;
      let q = strip + <usize>r * sz;
      if (i >= M || i >= i0 + mc) {
        for (let k = 0; k < kc; k++) {
          store<T>(q, <T>0);
          q += <usize>MR * sz;
        }
        continue;
      }
      const row = base + <usize>i * rs;
      let kq = k0 / kdiv;
      let kr = k0 % kdiv;
      let src = row + <usize>kq * ks2 + <usize>kr * cs;
      for (let k = 0; k < kc; k++) {
        store<T>(q, load<T>(src));
        q += <usize>MR * sz;
        if (++kr == kdiv) {
          kr = 0;
          kq++;
          src = row + <usize>kq * ks2;
        } else {
          src += cs;
        }
      }
    }
  }
}

/** packA for 4 full f32 rows with contiguous k: 4×4 blocks transposed in registers. */
function packStripF32(row0: usize, rs: usize, k0: i32, kc: i32, kdiv: i32, ks2: usize, dst: usize): void {
  let kq = k0 / kdiv;
  let kr = k0 % kdiv;
  let k = 0;
  let q = dst;
  while (k < kc) {
    const len = min(kdiv - kr, kc - k);
    const a0 = row0 + <usize>kq * ks2 + (<usize>kr << 2);
    const a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const o = <usize>i << 2;
      const v0 = v128.load(a0 + o), v1 = v128.load(a1 + o), v2 = v128.load(a2 + o), v3 = v128.load(a3 + o);
      const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
      v128.store(q, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(q, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
      v128.store(q, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
      v128.store(q, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
      q += 64;
    }
    for (; i < len; i++) {
      const o = <usize>i << 2;
      store<f32>(q, load<f32>(a0 + o));
      store<f32>(q, load<f32>(a1 + o), 4);
      store<f32>(q, load<f32>(a2 + o), 8);
      store<f32>(q, load<f32>(a3 + o), 12);
      q += 16;
    }
    k += len;
    kr += len;
    if (kr == kdiv) {
      kr = 0;
      kq++;
    }
  }
}

/** packStripF32 for 5 rows: rows 0–3 as there, row 4 stored lane by lane after them. */
function packStrip5F32(row0: usize, rs: usize, k0: i32, kc: i32, kdiv: i32, ks2: usize, dst: usize): void {
  let kq = k0 / kdiv;
  let kr = k0 % kdiv;
  let k = 0;
  let q = dst;
  while (k < kc) {
    const len = min(kdiv - kr, kc - k);
    const a0 = row0 + <usize>kq * ks2 + (<usize>kr << 2);
    const a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const o = <usize>i << 2;
      const v0 = v128.load(a0 + o), v1 = v128.load(a1 + o), v2 = v128.load(a2 + o), v3 = v128.load(a3 + o);
      const v4 = v128.load(a4 + o);
      const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
      v128.store(q, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store32_lane(q, v4, 0, 16);
      v128.store(q, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 20);
      v128.store32_lane(q, v4, 1, 36);
      v128.store(q, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 40);
      v128.store32_lane(q, v4, 2, 56);
      v128.store(q, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 60);
      v128.store32_lane(q, v4, 3, 76);
      q += 80;
    }
    for (; i < len; i++) {
      const o = <usize>i << 2;
      store<f32>(q, load<f32>(a0 + o));
      store<f32>(q, load<f32>(a1 + o), 4);
      store<f32>(q, load<f32>(a2 + o), 8);
      store<f32>(q, load<f32>(a3 + o), 12);
      store<f32>(q, load<f32>(a4 + o), 16);
      q += 20;
    }
    k += len;
    kr += len;
    if (kr == kdiv) {
      kr = 0;
      kq++;
    }
  }
}

/** Packs k [k0, k0+kc) × cols [j0, j0+nc) of the strided B into NR-column strips (zero-padded). */
export function packBStrided<T>(p: usize, base: usize, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const NR = <i32>(32 / sizeof<T>());
  const N = min(g(p, G_N), j0 + nc);
  const rs = <usize>g(p, B_RS);
  const cs = <usize>g(p, B_CS);
  const sz = sizeof<T>();
  const strips = (nc + NR - 1) / NR;
  for (let t = 0; t < strips; t++) {
    const j = j0 + t * NR;
    const cols = min(NR, N - j);
    let q = dst + <usize>(t * kc * NR) * sz;
    let src = base + <usize>k0 * rs + <usize>j * cs;
    if (cols == NR && cs == sz) {
      for (let k = 0; k < kc; k++) {
        v128.store(q, v128.load(src));
        v128.store(q, v128.load(src, 16), 16);
        q += 32;
        src += rs;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let c = 0; c < NR; c++) store<T>(q + <usize>c * sz, c < cols ? load<T>(src + <usize>c * cs) : <T>0);
        q += 32;
        src += rs;
      }
    }
  }
}

