/**
 * Batched matmul over strided operands, on the packed SIMD GEMM.
 */
import type { StridedView } from '@proj/tensor';
import { ITEMSIZE } from '../codes.js';
import { collapse, numelOf } from '../params.js';
import type { WasmBuffer } from '../storage.js';
import type { Ctx } from './context.js';
import { runGemm } from './gemm.js';

export function matmul(ctx: Ctx, a: StridedView<WasmBuffer>, b: StridedView<WasmBuffer>): WasmBuffer {
  const r = a.shape.length;
  const m = a.shape[r - 2]!;
  const k = a.shape[r - 1]!;
  const n = b.shape[r - 1]!;
  const batch = a.shape.slice(0, r - 2);
  const out = ctx.alloc(a.dtype, numelOf(batch) * m * n);
  if (m === 0 || n === 0 || numelOf(batch) === 0) return out;
  const size = ITEMSIZE[a.dtype];
  const cStrides: number[] = [];
  let s = m * n * size;
  for (let d = batch.length - 1; d >= 0; d--) {
    cStrides[d] = s;
    s *= batch[d]!;
  }
  const bt = collapse(batch, [
    { ptr: 0, strides: a.strides.slice(0, r - 2).map((x) => x * size) },
    { ptr: 0, strides: b.strides.slice(0, r - 2).map((x) => x * size) },
    { ptr: 0, strides: cStrides },
  ]);
  // Up to two batch dims go to the kernel; any further (outer) ones are looped here.
  const rb = bt.shape.length;
  const inner = rb >= 2 ? [bt.shape[rb - 2]!, bt.shape[rb - 1]!] : [1, bt.shape[0]!];
  const st = (q: number, d: number) => (d < 0 ? 0 : bt.strides[q]![d]!);
  const outerShape = bt.shape.slice(0, Math.max(0, rb - 2));
  const base = [a.handle.ptr + a.offset * size, b.handle.ptr + b.offset * size, out.ptr];
  try {
    for (let o = 0; o < numelOf(outerShape); o++) {
      const off = [...base];
      let rem = o;
      for (let d = outerShape.length - 1; d >= 0; d--) {
        const i = rem % outerShape[d]!;
        rem = Math.floor(rem / outerShape[d]!);
        for (let q = 0; q < 3; q++) off[q]! += i * bt.strides[q]![d]!;
      }
      runGemm(ctx.rt, {
        dtype: a.dtype as 'float32' | 'float64',
        m, n, k,
        batch1: inner[0]!,
        batch2: inner[1]!,
        a: { base: off[0]!, b1: st(0, rb - 2), b2: st(0, rb - 1), rs: a.strides[r - 2]! * size, cs: a.strides[r - 1]! * size },
        b: { kind: 'strided', base: off[1]!, b1: st(1, rb - 2), b2: st(1, rb - 1), rs: b.strides[r - 2]! * size, cs: b.strides[r - 1]! * size },
        c: { base: off[2]!, b1: st(2, rb - 2), b2: st(2, rb - 1), ldc: n * size },
      });
    }
  } catch (e) {
    // e.g. OutOfMemoryError for a packing buffer: the output must not leak.
    ctx.release(out);
    throw e;
  }
  return out;
}
