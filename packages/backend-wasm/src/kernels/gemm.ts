/**
 * The GEMM descriptor (assembly/gemm.ts) and its tiling, shared by matmul and the convolutions.
 */
import type { Runtime } from '../runtime.js';

/** An operand of the GEMM. All addresses and strides in bytes. */
export interface GemmA {
  base: number;
  b1: number;
  b2: number;
  rs: number;
  cs: number;
  /** K split as (k / kdiv, k % kdiv): element (i, k) is at base + i·rs + (k % kdiv)·cs + ⌊k / kdiv⌋·ks2. */
  kdiv?: number;
  ks2?: number;
}

export type GemmB =
  | { kind: 'strided'; base: number; b1: number; b2: number; rs: number; cs: number }
  | {
      /**
       * Over an image that is already padded (see conv.ts): im2col has k = (c, kh, kw) and
       * j = (oh, ow); im2colT has k = (n, oh, ow) and j = (c, kh, kw).
       */
      kind: 'im2col' | 'im2colT';
      base: number;
      b1: number;
      b2: number;
      /** The padded image's height and width. */
      hp: number;
      wp: number;
      kh: number;
      kw: number;
      stride: readonly [number, number];
      dilation: readonly [number, number];
      outH: number;
      outW: number;
      /** Elements between images (im2colT). */
      img?: number;
    };

/** Where col2im puts rows (c, kh, kw) × columns (oh, ow) of A·B: into a [C, h, w] image. */
export interface Col2im {
  h: number;
  w: number;
  kh: number;
  kw: number;
  stride: readonly [number, number];
  padding: readonly [number, number];
  dilation: readonly [number, number];
  outW: number;
}

export interface GemmC {
  base: number;
  b1: number;
  b2: number;
  ldc: number;
  /**
   * 'zero': C = A·B; 'bias': C = bias[i] + A·B; 'add': C += A·B; 'col2im': A·B scattered by
   * `col2im` into the image at C (whose channels each task zeroes first).
   */
  init?: 'zero' | 'bias' | 'add' | 'col2im';
  col2im?: Col2im;
  bias?: number;
  /** Bias byte offset per batch-2 step. */
  biasB2?: number;
}

export interface GemmProblem {
  dtype: 'float32' | 'float64';
  /**
   * Tiles chosen by the caller (col2im needs whole-channel M tiles and one N tile), with the
   * micro-kernel's rows `mr` (default 4): MC must be a multiple of it.
   */
  tile?: { mc: number; nc: number; kc: number; mr?: 4 | 5 };
  m: number;
  n: number;
  k: number;
  batch1: number;
  batch2: number;
  a: GemmA;
  b: GemmB;
  c: GemmC;
}

const KC = 256;

/**
 * Rows of the micro-kernel's tile (assembly/gemm.ts), and of A's packed strips: 5, whose kernel
 * does about 5 % more per flop than the 4-row one, unless padding M to a multiple of 5 wastes
 * more than that (M = 16: 20 rows against 16).
 */
export function gemmMR(m: number): 4 | 5 {
  return Math.ceil(m / 5) * 5 <= 1.05 * Math.ceil(m / 4) * 4 ? 5 : 4;
}

/**
 * Picks MC×NC tiles: as large as the packing scratch allows (MC·KC elements of A: 80 f32 or 64
 * f64 rows), M split into tiles of equal size, smaller when threads would idle.
 */
function tiles(rt: Runtime, p: GemmProblem, mr: number): [number, number] {
  const f32 = p.dtype === 'float32';
  const cap = Math.floor((f32 ? 80 : 64) / mr) * mr;
  let mc = Math.ceil(p.m / Math.ceil(p.m / cap) / mr) * mr;
  let nc = Math.min(f32 ? 256 : 128, Math.ceil(p.n / 8) * 8);
  const batch = p.batch1 * p.batch2;
  const count = () => batch * Math.ceil(p.m / mc) * Math.ceil(p.n / nc);
  while (rt.threads > 1 && count() < 2 * rt.threads && (mc > 4 * mr || nc > 32)) {
    if (nc >= mc && nc > 32) nc = Math.ceil(nc / 2 / 8) * 8;
    else if (mc > 4 * mr) mc = Math.ceil(mc / 2 / mr) * mr;
    else nc = Math.ceil(nc / 2 / 8) * 8;
  }
  return [mc, nc];
}

export function runGemm(rt: Runtime, p: GemmProblem): void {
  if (p.m === 0 || p.n === 0 || p.batch1 * p.batch2 === 0) return;
  const mr = p.tile ? (p.tile.mr ?? 4) : gemmMR(p.m);
  let [mc, nc] = p.tile ? [p.tile.mc, p.tile.nc] : tiles(rt, p, mr);
  const mt = Math.ceil(p.m / mc);
  let nt = Math.ceil(p.n / nc);
  // Operands that several tiles share are packed once, not once per tile: A when every image
  // (batch 1) and N tile uses it, B when several M tiles do.
  const sz = p.dtype === 'float32' ? 4 : 8;
  const reuseA = p.a.b1 === 0 ? p.batch1 * nt : 0;
  const aBytes = p.batch2 * Math.ceil(p.m / mr) * mr * p.k * sz;
  const bBytes = p.batch1 * p.batch2 * Math.ceil(p.n / (32 / sz)) * 32 * p.k;
  const packA = reuseA > 1 && p.k > 0 && p.m * p.k >= 1024;
  const packB = p.b.kind === 'strided' && mt > 1 && p.k > 0 && bBytes <= 1 << 28;
  // With both packed and a B panel (K × NC) past half an L2 (1 MiB on the CPUs measured): panels
  // half as wide, in one K slice up to 4·KC long, with the M tile fastest, so that the M tiles
  // pass over one panel while it stays in L2 (A streams from the packed copy instead): about
  // 3–5 % at 1024³ on one thread, where B's panels otherwise come from L3 for every M tile.
  const big = !p.tile && packA && packB && p.k * nc * sz > 512 * 1024;
  if (big) {
    nc = Math.max(32, Math.ceil(nc / 2 / 8) * 8);
    nt = Math.ceil(p.n / nc);
  }
  // K slices of equal length: a short last slice would pay a full pass over C for little work.
  // Twice as long when both operands are packed beforehand, as the scratch then holds neither:
  // half the passes over C, and longer runs of the micro-kernel (about 3 % at 512³ and 1024³).
  const kmax = big ? 4 * KC : packA && packB ? 2 * KC : KC;
  const kc = p.tile?.kc ?? Math.ceil(p.k / Math.max(1, Math.ceil(p.k / kmax)));
  const s = new Int32Array(80);
  s[0] = p.dtype === 'float32' ? 0 : 1;
  s[1] = p.m;
  s[2] = p.n;
  s[3] = p.k;
  s[4] = mc;
  s[5] = nc;
  s[6] = kc;
  s[7] = p.batch1;
  s[8] = p.batch2;
  s[9] = mt;
  s[10] = nt;
  s[11] = { zero: 0, bias: 1, add: 2, col2im: 3 }[p.c.init ?? 'zero'];
  s[12] = p.c.bias ?? 0;
  s[13] = p.c.biasB2 ?? 0;
  s[14] = mr;
  s[15] = big ? 1 : 0;
  s[17] = p.a.base;
  s[18] = p.a.b1;
  s[19] = p.a.b2;
  s[20] = p.a.rs;
  s[21] = p.a.cs;
  s[22] = Math.max(1, p.a.kdiv ?? p.k);
  s[23] = p.a.ks2 ?? 0;
  const b = p.b;
  s[33] = b.base;
  s[34] = b.b1;
  s[35] = b.b2;
  if (b.kind === 'strided') {
    s[32] = 0;
    s[36] = b.rs;
    s[37] = b.cs;
  } else {
    s[32] = b.kind === 'im2col' ? 1 : 2;
    s.set([b.hp, b.wp, b.kh, b.kw, b.stride[0], b.stride[1], b.dilation[0], b.dilation[1], b.outH, b.outW, b.img ?? 0], 39);
  }
  s[56] = p.c.base;
  s[57] = p.c.b1;
  s[58] = p.c.b2;
  s[59] = p.c.ldc;
  const g = p.c.col2im;
  if (g) s.set([g.h, g.w, g.kh, g.kw, g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1], g.outW], 64);
  let aPacked = 0;
  let bPacked = 0;
  try {
    if (packA) aPacked = rt.alloc(aBytes, 'a packed GEMM operand');
    if (packB) bPacked = rt.alloc(bBytes, 'a packed GEMM operand');
    s[24] = aPacked;
    s[25] = bPacked;
    rt.i32.set(s, rt.params >> 2);
    if (aPacked || bPacked) rt.check(rt.exports.gemm_prepack(rt.params), 'gemm');
    rt.check(rt.exports.gemm(rt.params), 'gemm');
  } finally {
    if (aPacked) rt.free(aPacked);
    if (bPacked) rt.free(bPacked);
  }
}
