/**
 * Reductions over axes and argmax/argmin (assembly/reduce.ts).
 */
import type { ArgReduceOp, ReduceOp, StridedView } from '@proj/tensor';
import { DTYPE_CODE, ITEMSIZE } from '../codes.js';
import { collapse, numelOf, outOperand, tasksFor, writeInts, writeWalk } from '../params.js';
import type { WasmBuffer } from '../storage.js';
import type { Ctx } from './context.js';

const HDR = 32;
const REDUCE_CODE: Record<ReduceOp, number> = { sum: 0, prod: 1, max: 2, min: 3 };

function split(x: StridedView<WasmBuffer>, axes: readonly number[]) {
  const size = ITEMSIZE[x.dtype];
  const kept: number[] = [];
  const keptStrides: number[] = [];
  const red: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((s, d) => {
    if (axes.includes(d)) {
      red.push(s);
      redStrides.push(x.strides[d]! * size);
    } else {
      kept.push(s);
      keptStrides.push(x.strides[d]! * size);
    }
  });
  return { kept, keptStrides, red, redStrides, base: x.handle.ptr + x.offset * size };
}

export function reduce(ctx: Ctx, op: ReduceOp, x: StridedView<WasmBuffer>, axes: readonly number[]): WasmBuffer {
  const { kept, keptStrides, red, redStrides, base } = split(x, axes);
  const nOut = numelOf(kept);
  const out = ctx.alloc(x.dtype, nOut);
  if (nOut === 0) return out;
  const rt = ctx.rt;
  const size = ITEMSIZE[x.dtype];
  const nRed = numelOf(red);
  const keptOps = [outOperand(out, kept), { ptr: base, strides: keptStrides }];
  const k = collapse(kept, keptOps);
  const r = collapse(red, [{ ptr: 0, strides: redStrides }]);
  const keptStep = k.strides[1]![k.shape.length - 1]!;
  const redStep = r.strides[0]![r.shape.length - 1]!;
  const outer = nOut > 1 && nRed > 1 && keptStep === size && redStep !== size ? 1 : 0;
  const ntasks = Math.min(nOut, tasksFor(rt, nOut * Math.max(1, nRed)));
  const keptBytes = writeWalk(rt, HDR, kept, keptOps);
  const redAt = HDR + keptBytes;
  writeWalk(rt, redAt, red, [{ ptr: 0, strides: redStrides }]);
  writeInts(rt, 0, [REDUCE_CODE[op], DTYPE_CODE[x.dtype], nOut, ntasks, outer, redAt, 0, 0]);
  rt.check(rt.exports.reduce(rt.params, ntasks), 'reduce');
  return out;
}

export function argReduce(ctx: Ctx, op: ArgReduceOp, x: StridedView<WasmBuffer>, axis: number): WasmBuffer {
  const { kept, keptStrides, base } = split(x, [axis]);
  const nOut = numelOf(kept);
  const out = ctx.alloc('int64', nOut);
  if (nOut === 0) return out;
  const rt = ctx.rt;
  const n = x.shape[axis]!;
  const ntasks = Math.min(nOut, tasksFor(rt, nOut * n));
  writeWalk(rt, HDR, kept, [outOperand(out, kept), { ptr: base, strides: keptStrides }]);
  writeInts(rt, 0, [op === 'argmax' ? 0 : 1, DTYPE_CODE[x.dtype], nOut, ntasks, n, x.strides[axis]! * ITEMSIZE[x.dtype], 0, 0]);
  rt.check(rt.exports.arg_reduce(rt.params, ntasks), 'argReduce');
  return out;
}
