/**
 * Batched matmul over strided operands (transposes arrive as strides and cost nothing), on the
 * tiled GEMM. Batch dims are collapsed and decomposed per workgroup (z); more batches than the
 * device's z limit are split across dispatches.
 */
import { BackendError, type StridedView } from '@proj/tensor';
import type { GpuHandle } from '../buffers.js';
import type { Engine } from '../engine.js';
import type { KernelSpec } from '../pipelines.js';
import { collapse, numelOf, offsets } from '../wgsl.js';
import { output } from './elementwise.js';
import { type TileSize, gemmGroups, gemmSource, tileFor } from './gemm.js';

type View = StridedView<GpuHandle>;

// Params: [M, N, K, a_m, a_k, b_k, b_n, zBase, batch, ...bshape, aOff, ...aStrides, bOff, ...bStrides]
// float16 operands (spec `t: 'f16'`) are read as f32 and the f32 sums rounded to half on store.
export function matmulSource(s: KernelSpec): string {
  const br = s.br as number;
  const t = s.t === 'f16' ? 'f16' : 'f32';
  const v = t === 'f16' ? 'to_f16_(v)' : 'v';
  return gemmSource({
    bindings: [{ name: 'A', type: t }, { name: 'B', type: t }, { name: 'O', type: t, write: true }],
    decls: `
var<private> aBase: u32;
var<private> bBase: u32;
var<private> oBase: u32;
fn loadA(m: u32, k: u32) -> f32 { return f32(A[aBase + m * P[3] + k * P[4]]); }
fn loadB(k: u32, n: u32) -> f32 { return f32(B[bBase + k * P[5] + n * P[6]]); }
fn store(m: u32, n: u32, v: f32) { O[oBase + m * P[1] + n] = ${v}; }`,
    prologue: `  let zz = z + P[7];
${offsets(br, 2, 'zz', 8, 'bo')}
  aBase = bo0;
  bBase = bo1;
  oBase = zz * P[0] * P[1];`,
    M: 'P[0]',
    N: 'P[1]',
    kStart: '0u',
    kEnd: 'P[2]',
  }, (s.bm ?? 64) as TileSize, (s.bn ?? 64) as TileSize);
}

export function matmul(e: Engine, a: View, b: View): GpuHandle {
  const r = a.shape.length;
  const m = a.shape[r - 2]!;
  const k = a.shape[r - 1]!;
  const n = b.shape[r - 1]!;
  const batchShape = a.shape.slice(0, r - 2);
  const batch = numelOf(batchShape);
  const out = output(e, batch * m * n, 'matmul', a.dtype);
  if (batch * m * n === 0) return out;
  if (k === 0) {
    e.clear(out);
    return out;
  }
  const c = collapse(batchShape, [
    { strides: a.strides.slice(0, r - 2), offset: 0 },
    { strides: b.strides.slice(0, r - 2), offset: 0 },
  ]);
  const bm = tileFor(m);
  const bn = tileFor(n);
  const [gx, gy] = gemmGroups(m, n, bm, bn);
  if (gx > e.maxWorkgroups || gy > e.maxWorkgroups) {
    throw new BackendError(`matmul: a ${m}×${n} output needs more workgroups than this device allows per dimension (${e.maxWorkgroups}); split the product`);
  }
  const tail = [batch, ...c.shape, a.offset, ...c.strides[0]!, b.offset, ...c.strides[1]!];
  const spec = { kind: 'matmul', br: c.shape.length, bm, bn, ...(a.dtype === 'float16' ? { t: 'f16' } : {}) };
  const strides = [a.strides[r - 2]!, a.strides[r - 1]!, b.strides[r - 2]!, b.strides[r - 1]!];
  for (let z0 = 0; z0 < batch; z0 += e.maxWorkgroups) {
    const gz = Math.min(e.maxWorkgroups, batch - z0);
    e.dispatch(spec, [m, n, k, ...strides, z0, ...tail], [a.handle, b.handle], [out], [gx, gy, gz]);
  }
  return out;
}
