// Blocked, packed matrix multiply C = A·B for f32 (f32x4) and f64 (f64x2), with operands that are
// plain strided matrices or implicit im2col views of an image (so convolutions need no im2col
// buffer). One task computes one MC×NC tile of C over all of K for one batch entry:
//   for each KC slice of K: pack A's MC×KC block and B's KC×NC block into this thread's scratch,
//   then run the MR×NR register-tiled micro-kernel (MR = 4 or 5 rows, per descriptor) over the
//   packed strips.
// Packing absorbs any strides, transposes, padding and dilation, and zero-pads edge strips.
//
// Descriptor (i32 slots, see the G_* constants): sizes, tiling, batch, then the A, B and C
// operand descriptions. The JS side (src/kernels/gemm.ts) writes it.

import { F32 } from './codes';
import { S_CTILE, S_PACK_A, S_PACK_B, S_TILE } from './scratch';
import { col2imScatter, col2imZero } from './conv';
import { SCRATCH } from './threads';
import { packBIm2col } from './im2col';
import { packA, packBStrided } from './pack';

// Descriptor slots (i32 index).
const G_DTYPE = 0;
export const G_M = 1;
export const G_N = 2;
const G_K = 3;
const G_MC = 4;
const G_NC = 5;
const G_KC = 6;
const G_B1 = 7;
const G_B2 = 8;
const G_MT = 9;
const G_NT = 10;
const G_CINIT = 11; // 0: C = A·B, 1: C = bias[i] + A·B, 2: C += A·B, 3: col2im(A·B) added into C (conv.ts)
const G_BIAS = 12;
const G_BIAS_B2 = 13; // bias byte offset per batch-2 step (groups)
/** Rows of the micro-kernel's tile, and of A's packed strips: 4 or 5 (see micro4, micro5). */
export const G_MR = 14;
/** 1: tasks ordered with the M tile fastest (each N tile's B panel stays in L2), 0: N fastest. */
const G_MFIRST = 15;
// A: strided, with K optionally split as (k / kdiv, k % kdiv)
const A_BASE = 17;
const A_B1 = 18;
const A_B2 = 19;
export const A_RS = 20;
export const A_CS = 21;
export const A_KDIV = 22;
export const A_KS2 = 23;
const A_PACKED = 24; // address of A pre-packed by gemm_prepack (0: pack per tile)
const B_PACKED = 25; // address of B (strided) pre-packed by gemm_prepack (0: pack per tile)
// B
export const B_KIND = 32; // 0: strided, 1: im2col, 2: im2col transposed (see im2col.ts)
const B_BASE = 33;
const B_B1 = 34;
const B_B2 = 35;
export const B_RS = 36;
export const B_CS = 37;
// C
const C_BASE = 56;
const C_B1 = 57;
const C_B2 = 58;
const C_LDC = 59;

export const GEMM_DESC_SLOTS: i32 = 80;

@inline export function g(p: usize, slot: i32): i32 {
  return load<i32>(p + (<usize>slot << 2));
}

// ------------------------------------------------------------------------------------------------
// Micro-kernel: acc(MR×NR) = Σ_k a[k][0..MR) ⊗ b[k][0..NR), added into C (row stride ldc bytes).

// With relaxed SIMD (the kernels-relaxed.wasm build) this is one fused multiply-add: about a
// third faster where the engine has it (Chromium, Node ≥ 22).
@inline function fmadd<T>(c: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(c, v128.mul<T>(a, b));
}

/**
 * acc = Σ_k a[k] ⊗ b[k] over a 5×NR tile, then into C (row stride ldc bytes): added when `add`,
 * else stored, plus bias[row] when `bias` ≠ 0 (the first K slice needs no prior pass over C to
 * zero it or fill the bias in).
 *
 * 5×NR is the largest tile whose 10 accumulators, 2 B vectors, the A splat and a product fit in
 * the 15 xmm registers V8 allocates on x64 (6×8 spills). Register pressure is that tight, so the
 * accumulators start at zero and each epilogue is its own branch: merging them (a bias-or-zero
 * start, `acc = add ? C + acc : acc`) makes TurboFan spill in the loop, at about half the speed.
 */
function micro5<T>(kc: i32, a: usize, b: usize, c: usize, ldc: usize, add: bool, bias: usize): void {
  const sz = sizeof<T>();
  let c00 = v128.splat<T>(0), c10 = c00, c20 = c00, c30 = c00, c40 = c00;
  let c01 = c00, c11 = c00, c21 = c00, c31 = c00, c41 = c00;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = v128.load_splat<T>(a);
    c00 = fmadd<T>(c00, av, b0);
    c01 = fmadd<T>(c01, av, b1);
    av = v128.load_splat<T>(a, sz);
    c10 = fmadd<T>(c10, av, b0);
    c11 = fmadd<T>(c11, av, b1);
    av = v128.load_splat<T>(a, 2 * sz);
    c20 = fmadd<T>(c20, av, b0);
    c21 = fmadd<T>(c21, av, b1);
    av = v128.load_splat<T>(a, 3 * sz);
    c30 = fmadd<T>(c30, av, b0);
    c31 = fmadd<T>(c31, av, b1);
    av = v128.load_splat<T>(a, 4 * sz);
    c40 = fmadd<T>(c40, av, b0);
    c41 = fmadd<T>(c41, av, b1);
    a += 5 * sz;
    b += 32;
  }
  if (add) {
    v128.store(c, v128.add<T>(v128.load(c), c00));
    v128.store(c, v128.add<T>(v128.load(c, 16), c01), 16);
    c += ldc;
    v128.store(c, v128.add<T>(v128.load(c), c10));
    v128.store(c, v128.add<T>(v128.load(c, 16), c11), 16);
    c += ldc;
    v128.store(c, v128.add<T>(v128.load(c), c20));
    v128.store(c, v128.add<T>(v128.load(c, 16), c21), 16);
    c += ldc;
    v128.store(c, v128.add<T>(v128.load(c), c30));
    v128.store(c, v128.add<T>(v128.load(c, 16), c31), 16);
    c += ldc;
    v128.store(c, v128.add<T>(v128.load(c), c40));
    v128.store(c, v128.add<T>(v128.load(c, 16), c41), 16);
  } else if (bias) {
    let v = v128.load_splat<T>(bias);
    v128.store(c, v128.add<T>(v, c00));
    v128.store(c, v128.add<T>(v, c01), 16);
    c += ldc;
    v = v128.load_splat<T>(bias, sz);
    v128.store(c, v128.add<T>(v, c10));
    v128.store(c, v128.add<T>(v, c11), 16);
    c += ldc;
    v = v128.load_splat<T>(bias, 2 * sz);
    v128.store(c, v128.add<T>(v, c20));
    v128.store(c, v128.add<T>(v, c21), 16);
    c += ldc;
    v = v128.load_splat<T>(bias, 3 * sz);
    v128.store(c, v128.add<T>(v, c30));
    v128.store(c, v128.add<T>(v, c31), 16);
    c += ldc;
    v = v128.load_splat<T>(bias, 4 * sz);
    v128.store(c, v128.add<T>(v, c40));
    v128.store(c, v128.add<T>(v, c41), 16);
  } else {
    v128.store(c, c00);
    v128.store(c, c01, 16);
    c += ldc;
    v128.store(c, c10);
    v128.store(c, c11, 16);
    c += ldc;
    v128.store(c, c20);
    v128.store(c, c21, 16);
    c += ldc;
    v128.store(c, c30);
    v128.store(c, c31, 16);
    c += ldc;
    v128.store(c, c40);
    v128.store(c, c41, 16);
  }
}

/**
 * micro5 with 4 rows: for M that 5-row strips would pad more than they gain (M = 16: 20 rows
 * against 16). Written the same way, for the same reason.
 */
function micro4<T>(kc: i32, a: usize, b: usize, c: usize, ldc: usize, add: bool, bias: usize): void {
  const sz = sizeof<T>();
  let c00 = v128.splat<T>(0), c10 = c00, c20 = c00, c30 = c00;
  let c01 = c00, c11 = c00, c21 = c00, c31 = c00;
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = v128.load_splat<T>(a);
    c00 = fmadd<T>(c00, av, b0);
    c01 = fmadd<T>(c01, av, b1);
    av = v128.load_splat<T>(a, sz);
    c10 = fmadd<T>(c10, av, b0);
    c11 = fmadd<T>(c11, av, b1);
    av = v128.load_splat<T>(a, 2 * sz);
    c20 = fmadd<T>(c20, av, b0);
    c21 = fmadd<T>(c21, av, b1);
    av = v128.load_splat<T>(a, 3 * sz);
    c30 = fmadd<T>(c30, av, b0);
    c31 = fmadd<T>(c31, av, b1);
    a += 4 * sz;
    b += 32;
  }
  if (add) {
    v128.store(c, v128.add<T>(v128.load(c), c00));
    v128.store(c, v128.add<T>(v128.load(c, 16), c01), 16);
    c += ldc;
    v128.store(c, v128.add<T>(v128.load(c), c10));
    v128.store(c, v128.add<T>(v128.load(c, 16), c11), 16);
    c += ldc;
    v128.store(c, v128.add<T>(v128.load(c), c20));
    v128.store(c, v128.add<T>(v128.load(c, 16), c21), 16);
    c += ldc;
    v128.store(c, v128.add<T>(v128.load(c), c30));
    v128.store(c, v128.add<T>(v128.load(c, 16), c31), 16);
  } else if (bias) {
    let v = v128.load_splat<T>(bias);
    v128.store(c, v128.add<T>(v, c00));
    v128.store(c, v128.add<T>(v, c01), 16);
    c += ldc;
    v = v128.load_splat<T>(bias, sz);
    v128.store(c, v128.add<T>(v, c10));
    v128.store(c, v128.add<T>(v, c11), 16);
    c += ldc;
    v = v128.load_splat<T>(bias, 2 * sz);
    v128.store(c, v128.add<T>(v, c20));
    v128.store(c, v128.add<T>(v, c21), 16);
    c += ldc;
    v = v128.load_splat<T>(bias, 3 * sz);
    v128.store(c, v128.add<T>(v, c30));
    v128.store(c, v128.add<T>(v, c31), 16);
  } else {
    v128.store(c, c00);
    v128.store(c, c01, 16);
    c += ldc;
    v128.store(c, c10);
    v128.store(c, c11, 16);
    c += ldc;
    v128.store(c, c20);
    v128.store(c, c21, 16);
    c += ldc;
    v128.store(c, c30);
    v128.store(c, c31, 16);
  }
}

/** A partial tile (mr < MR or nr < NR): computed in scratch, then its valid part goes into C. */
function microEdge<T>(MR: i32, kc: i32, a: usize, b: usize, c: usize, ldc: usize, mr: i32, nr: i32, add: bool, bias: usize): void {
  const NR = <i32>(32 / sizeof<T>());
  const tile = SCRATCH + S_TILE;
  if (bias && mr < MR) {
    // Rows past mr have no bias entry: copy the valid ones to scratch first.
    const bb = tile + <usize>(MR * NR) * sizeof<T>();
    for (let i = 0; i < MR; i++) store<T>(bb + <usize>i * sizeof<T>(), i < mr ? load<T>(bias + <usize>i * sizeof<T>()) : <T>0);
    bias = bb;
  }
  if (MR == 5) micro5<T>(kc, a, b, tile, <usize>NR * sizeof<T>(), false, bias);
  else micro4<T>(kc, a, b, tile, <usize>NR * sizeof<T>(), false, bias);
  for (let i = 0; i < mr; i++) {
    const src = tile + <usize>(i * NR) * sizeof<T>();
    const dst = c + <usize>i * ldc;
    for (let j = 0; j < nr; j++) {
      const q = dst + <usize>j * sizeof<T>();
      const v = load<T>(src + <usize>j * sizeof<T>());
      store<T>(q, add ? load<T>(q) + v : v);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Tasks

function gemmTile<T>(p: usize, t: i32): void {
  const NR = <i32>(32 / sizeof<T>());
  const sz = sizeof<T>();
  const M = g(p, G_M), N = g(p, G_N), K = g(p, G_K);
  const MC = g(p, G_MC), NC = g(p, G_NC), KC = g(p, G_KC);
  const mt = g(p, G_MT), nt = g(p, G_NT), B2 = g(p, G_B2);
  const mFirst = g(p, G_MFIRST) != 0;
  const it = mFirst ? t % mt : (t / nt) % mt;
  const jt = mFirst ? (t / mt) % nt : t % nt;
  let rest = t / (mt * nt);
  const b2 = rest % B2;
  const b1 = rest / B2;
  const i0 = it * MC, j0 = jt * NC;
  const mc = min(MC, M - i0), nc = min(NC, N - j0);
  const aBase = <usize>(g(p, A_BASE) + b1 * g(p, A_B1) + b2 * g(p, A_B2));
  const bBase = <usize>(g(p, B_BASE) + b1 * g(p, B_B1) + b2 * g(p, B_B2));
  const cBase = <usize>(g(p, C_BASE) + b1 * g(p, C_B1) + b2 * g(p, C_B2));
  const init = g(p, G_CINIT);
  const MR = g(p, G_MR);
  let ldc = <usize>g(p, C_LDC);
  let cTile = cBase + <usize>i0 * ldc + <usize>j0 * sz;
  if (init == 3) {
    // col2im: the tile is computed in scratch, then scattered into the image at cBase.
    ldc = <usize>(((nc + NR - 1) / NR) * NR) * sz;
    cTile = SCRATCH + S_CTILE;
    col2imZero<T>(p, cBase, i0, mc);
    if (K == 0) return;
  } else if (K == 0 && init != 2) {
    // No K slice will write the tile: it is just zero or the bias.
    for (let i = 0; i < mc; i++) {
      const row = cTile + <usize>i * ldc;
      const v = init == 1 ? load<T>(<usize>(g(p, G_BIAS) + b2 * g(p, G_BIAS_B2)) + <usize>(i0 + i) * sz) : <T>0;
      for (let j = 0; j < nc; j++) store<T>(row + <usize>j * sz, v);
    }
  }
  const biasRow = init == 1 ? <usize>(g(p, G_BIAS) + b2 * g(p, G_BIAS_B2)) + <usize>i0 * sz : 0;
  const packed = <usize>g(p, A_PACKED);
  const strips = (M + MR - 1) / MR;
  const bPacked = <usize>g(p, B_PACKED);
  const bStrips = (N + NR - 1) / NR;
  const bBatch = <usize>((b1 * B2 + b2) * bStrips);
  const ap = SCRATCH + S_PACK_A;
  const bp = SCRATCH + S_PACK_B;
  const bKind = g(p, B_KIND);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    // The first slice writes C (from the bias, or from nothing); later ones add to it.
    const add = k0 > 0 || init == 2;
    const bias = k0 == 0 ? biasRow : 0;
    if (!packed) packA<T>(p, aBase, i0, mc, k0, kc, ap);
    if (bPacked) {
      // strips stay where gemm_prepack put them
    } else if (bKind == 0) packBStrided<T>(p, bBase, k0, kc, j0, nc, bp);
    else packBIm2col<T>(p, bKind, bBase, k0, kc, j0, nc, bp);
    for (let jr = 0; jr < nc; jr += NR) {
      const nr = min(NR, nc - jr);
      const bs = bPacked
        ? bPacked + ((bBatch + <usize>((j0 + jr) / NR)) * <usize>K + <usize>k0) * <usize>NR * sz
        : bp + <usize>(jr * kc) * sz;
      for (let ir = 0; ir < mc; ir += MR) {
        const mr = min(MR, mc - ir);
        const as = packed
          ? packed + (<usize>((b2 * strips + (i0 + ir) / MR) * K + k0) * <usize>MR) * sz
          : ap + <usize>(ir * kc) * sz;
        const c = cTile + <usize>ir * ldc + <usize>jr * sz;
        const br = bias ? bias + <usize>ir * sz : 0;
        if (mr == MR && nr == NR) {
          if (MR == 5) micro5<T>(kc, as, bs, c, ldc, add, br);
          else micro4<T>(kc, as, bs, c, ldc, add, br);
        } else microEdge<T>(MR, kc, as, bs, c, ldc, mr, nr, add, br);
      }
    }
  }
  if (init == 3) col2imScatter<T>(p, cTile, ldc, i0, mc, j0, nc, cBase);
}

/**
 * Pre-packs the operands that several tiles share: A for every group (tasks t < groups × A strips,
 * when A_PACKED is set; A must not vary with batch 1), then B for every batch entry (when
 * B_PACKED is set), each over all of K.
 */
export function prepackTask(p: usize, t: i32): void {
  const M = g(p, G_M), N = g(p, G_N), K = g(p, G_K);
  const sz: usize = g(p, G_DTYPE) == F32 ? 4 : 8;
  const MR = g(p, G_MR);
  const aTasks = g(p, A_PACKED) ? g(p, G_B2) * ((M + MR - 1) / MR) : 0;
  if (t < aTasks) {
    const strips = (M + MR - 1) / MR;
    const b2 = t / strips;
    const s = t % strips;
    const base = <usize>(g(p, A_BASE) + b2 * g(p, A_B2));
    const dst = <usize>g(p, A_PACKED) + (<usize>((b2 * strips + s) * K) * <usize>MR) * sz;
    if (sz == 4) packA<f32>(p, base, s * MR, MR, 0, K, dst);
    else packA<f64>(p, base, s * MR, MR, 0, K, dst);
    return;
  }
  const NR = <i32>(32 / sz);
  const strips = (N + NR - 1) / NR;
  const u = t - aTasks;
  const batch = u / strips;
  const s = u % strips;
  const B2 = g(p, G_B2);
  const base = <usize>(g(p, B_BASE) + (batch / B2) * g(p, B_B1) + (batch % B2) * g(p, B_B2));
  const dst = <usize>g(p, B_PACKED) + (<usize>((batch * strips + s) * K) * <usize>NR) * sz;
  if (sz == 4) packBStrided<f32>(p, base, 0, K, s * NR, NR, dst);
  else packBStrided<f64>(p, base, 0, K, s * NR, NR, dst);
}

/** Tasks of gemm_prepack: groups × MR-row strips of A, then batch × NR-column strips of B. */
export function prepackTasks(p: usize): i32 {
  const sz = g(p, G_DTYPE) == F32 ? 4 : 8;
  const MR = g(p, G_MR);
  const a = g(p, A_PACKED) ? g(p, G_B2) * ((g(p, G_M) + MR - 1) / MR) : 0;
  const b = g(p, B_PACKED) ? g(p, G_B1) * g(p, G_B2) * ((g(p, G_N) + 32 / sz - 1) / (32 / sz)) : 0;
  return a + b;
}

export function gemmTask(p: usize, t: i32): void {
  if (g(p, G_DTYPE) == F32) gemmTile<f32>(p, t);
  else gemmTile<f64>(p, t);
}

/** Tasks of a GEMM descriptor: batch × M tiles × N tiles (or × N tiles × M tiles, G_MFIRST). */
export function gemmTasks(p: usize): i32 {
  return g(p, G_B1) * g(p, G_B2) * g(p, G_MT) * g(p, G_NT);
}
