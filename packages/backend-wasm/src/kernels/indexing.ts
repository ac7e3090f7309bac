/**
 * gather and scatterAdd along one axis (assembly/indexing.ts).
 */
import type { StridedView } from '@proj/tensor';
import { DTYPE_CODE, ITEMSIZE } from '../codes.js';
import { contiguousBytes, numelOf, outOperand, tasksFor, viewOperand, writeInts, writeWalk } from '../params.js';
import { type WasmBuffer, fillBuffer } from '../storage.js';
import type { Ctx } from './context.js';

const HDR = 32;

export function gather(ctx: Ctx, x: StridedView<WasmBuffer>, axis: number, index: StridedView<WasmBuffer>): WasmBuffer {
  const n = numelOf(index.shape);
  const out = ctx.alloc(x.dtype, n);
  if (n === 0) return out;
  const rt = ctx.rt;
  const size = ITEMSIZE[x.dtype];
  const xBase = { ptr: x.handle.ptr + x.offset * size, strides: x.strides.map((s, d) => (d === axis ? 0 : s * size)) };
  const ntasks = tasksFor(rt, n);
  writeInts(rt, 0, [0, DTYPE_CODE[x.dtype], n, ntasks, DTYPE_CODE[index.dtype], x.strides[axis]! * size, 0, 0]);
  writeWalk(rt, HDR, index.shape, [outOperand(out, index.shape), viewOperand(index), xBase]);
  rt.check(rt.exports.gather(rt.params, ntasks), 'gather');
  return out;
}

export function scatterAdd(ctx: Ctx, shape: readonly number[], axis: number, index: StridedView<WasmBuffer>, src: StridedView<WasmBuffer>): WasmBuffer {
  const out = ctx.alloc(src.dtype, numelOf(shape));
  const rt = ctx.rt;
  fillBuffer(rt, out, numelOf(shape), 0);
  const n = numelOf(index.shape);
  if (n === 0 || numelOf(shape) === 0) return out;
  const strides = contiguousBytes(shape, ITEMSIZE[src.dtype]);
  const base = { ptr: out.ptr, strides: strides.map((s, d) => (d === axis ? 0 : s)) };
  writeInts(rt, 0, [0, DTYPE_CODE[src.dtype], n, 1, DTYPE_CODE[index.dtype], strides[axis]!, 0, 0]);
  writeWalk(rt, HDR, index.shape, [viewOperand(index), viewOperand(src), base]);
  rt.exports.scatter_add(rt.params);
  return out;
}
