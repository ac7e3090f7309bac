/**
 * Softmax and log-softmax, forward and backward (assembly/softmax.ts).
 */
import type { StridedView } from '@proj/tensor';
import { ITEMSIZE } from '../codes.js';
import { writeInts } from '../params.js';
import type { WasmBuffer } from '../storage.js';
import type { Ctx } from './context.js';

const CHUNK = 512;
const addr = (v: StridedView<WasmBuffer>) => v.handle.ptr + v.offset * ITEMSIZE[v.dtype];

function run(ctx: Ctx, mode: 0 | 1 | 2 | 3, x: StridedView<WasmBuffer>, gy: StridedView<WasmBuffer> | null, axis: number): WasmBuffer {
  const shape = x.shape;
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const n = shape[axis]!;
  const out = ctx.alloc(x.dtype, outer * n * inner);
  if (outer * n * inner === 0) return out;
  const rt = ctx.rt;
  const units = outer * Math.ceil(inner / CHUNK);
  const ntasks = rt.threads > 1 && outer * n * inner >= 32768 ? Math.min(units, rt.threads * 4) : 1;
  writeInts(rt, 0, [x.dtype === 'float32' ? 0 : 1, outer, n, inner, addr(x), gy ? addr(gy) : 0, out.ptr, mode, ntasks]);
  rt.check(rt.exports.softmax(rt.params, ntasks), 'softmax');
  return out;
}

export const softmax = (ctx: Ctx, x: StridedView<WasmBuffer>, axis: number) => run(ctx, 0, x, null, axis);
export const logSoftmax = (ctx: Ctx, x: StridedView<WasmBuffer>, axis: number) => run(ctx, 1, x, null, axis);
export const softmaxGrad = (ctx: Ctx, y: StridedView<WasmBuffer>, gy: StridedView<WasmBuffer>, axis: number) => run(ctx, 2, y, gy, axis);
export const logSoftmaxGrad = (ctx: Ctx, y: StridedView<WasmBuffer>, gy: StridedView<WasmBuffer>, axis: number) => run(ctx, 3, y, gy, axis);
