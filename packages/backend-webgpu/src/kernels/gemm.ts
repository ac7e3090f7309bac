/**
 * The tiled GEMM shared by matmul and the three convolution kernels (implicit GEMM: the
 * convolution's im2col matrix is never built; its tiles are gathered straight into shared
 * memory).
 *
 * A workgroup of 8×8 threads computes a bm×bn output tile (16, 32 or 64 each, picked per
 * problem so that a layer with 8 channels does not waste 7/8 of a 64-row tile); each thread owns
 * a (bm/8)×(bn/8) block of accumulators in registers. K advances 16 at a time through two
 * shared-memory tiles (at most 64×16 of A and 16×64 of B, 8 KiB, within SwiftShader's limits).
 * 8×8 threads with 8×8 blocks measured about 1.5× faster on lavapipe than 16×16 threads with
 * 4×4 blocks. The caller supplies how to load A[m, k] and B[k, n] and how to store C[m, n] as
 * WGSL functions, so operands can be strided, transposed or implicit.
 */
import { type Binding, PRELUDE, bindings } from '../wgsl.js';

export interface GemmHooks {
  readonly bindings: readonly Binding[];
  /**
   * Module-scope WGSL defining `fn loadA(m: u32, k: u32) -> f32`, `fn loadB(k: u32, n: u32) -> f32`
   * (called only in range) and `fn store(m: u32, n: u32, v: f32)`, plus any `var<private>` state
   * that `prologue` sets. Optionally `fn prepB(n: u32)`, called once with the one column of B
   * this thread loads (each thread always loads the same column), to hoist the column's index
   * arithmetic out of the K loop; set `prepB: true` then.
   */
  readonly decls: string;
  readonly prepB?: boolean;
  /** Statements run first in `main`; `z` (the workgroup's z index) is in scope. */
  readonly prologue: string;
  /** Expressions for the problem size, valid after the prologue. */
  readonly M: string;
  readonly N: string;
  /** The K range this workgroup sums over: `[kStart, kEnd)`. */
  readonly kStart: string;
  readonly kEnd: string;
}

/** Output tile sizes a GEMM may use: the smallest that covers a small M or N wastes least. */
export type TileSize = 16 | 32 | 64;

export function tileFor(extent: number): TileSize {
  return extent <= 16 ? 16 : extent <= 32 ? 32 : 64;
}

/**
 * The kernel for a `bm × bn` output tile: 8×8 threads, each owning a (bm/8)×(bn/8) block of
 * scalar accumulators (separate variables and unrolled loops: an indexed accumulator array
 * spilled to memory on lavapipe).
 */
export function gemmSource(h: GemmHooks, bm: TileSize = 64, bn: TileSize = 64): string {
  const R = bm / 8;
  const C = bn / 8;
  const acc = (r: number, c: number) => `acc${r}_${c}`;
  const decl: string[] = [];
  const fma: string[] = [];
  const store: string[] = [];
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      decl.push(`  var ${acc(r, c)} = 0.0;`);
      fma.push(`      ${acc(r, c)} = fma(a${r}, b${c}, ${acc(r, c)});`);
    }
    store.push(`  if (m0 + lid.y * ${R}u + ${r}u < M) {`, `    let m = m0 + lid.y * ${R}u + ${r}u;`);
    for (let c = 0; c < C; c++) store.push(`    if (n0 + lid.x * ${C}u + ${c}u < N) { store(m, n0 + lid.x * ${C}u + ${c}u, ${acc(r, c)}); }`);
    store.push('  }');
  }
  const loadsA = Array.from({ length: R }, (_, r) => `      let a${r} = As[kk * ${bm}u + lid.y * ${R}u + ${r}u];`);
  const loadsB = Array.from({ length: C }, (_, c) => `      let b${c} = Bs[kk * ${bn}u + lid.x * ${C}u + ${c}u];`);
  return `${bindings(h.bindings)}${PRELUDE}
${h.decls}
var<workgroup> As: array<f32, ${16 * bm}>;
var<workgroup> Bs: array<f32, ${16 * bn}>;
@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let z = wid.z;
${h.prologue}
  let M = ${h.M};
  let N = ${h.N};
  let kStart = ${h.kStart};
  let kEnd = ${h.kEnd};
  let m0 = wid.y * ${bm}u;
  let n0 = wid.x * ${bn}u;
${h.prepB ? `  prepB(n0 + li % ${bn}u);` : ''}
${decl.join('\n')}
  for (var k0 = kStart; k0 < kEnd; k0 += 16u) {
    // A tile: bm rows × 16; B tile: 16 × bn. Each thread's B column is fixed (64 % bn == 0).
    for (var r = 0u; r < ${bm / 4}u; r++) {
      let e = li + r * 64u;
      let am = m0 + e / 16u;
      let ak = k0 + e % 16u;
      var va = 0.0;
      if (am < M && ak < kEnd) { va = loadA(am, ak); }
      As[(e % 16u) * ${bm}u + e / 16u] = va;
    }
    for (var r = 0u; r < ${bn / 4}u; r++) {
      let e = li + r * 64u;
      let bk = k0 + e / ${bn}u;
      let bc = n0 + e % ${bn}u;
      var vb = 0.0;
      if (bc < N && bk < kEnd) { vb = loadB(bk, bc); }
      Bs[(e / ${bn}u) * ${bn}u + e % ${bn}u] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
${loadsA.join('\n')}
${loadsB.join('\n')}
${fma.join('\n')}
    }
    workgroupBarrier();
  }
${store.join('\n')}
}`;
}

/** Workgroups along x (N) and y (M) for an M×N output in `bm × bn` tiles. */
export function gemmGroups(m: number, n: number, bm: TileSize = 64, bn: TileSize = 64): [number, number] {
  return [Math.ceil(n / bn), Math.ceil(m / bm)];
}
