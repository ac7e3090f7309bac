/**
 * Elementwise kernels: unary, binary, where, cast, copy and pad. Each writes a parameter block
 * (assembly/elementwise.ts) and runs the kernel's tasks.
 */
import { type BinaryOp, type DType, type Operand, type StridedView, type UnaryOp, isComparison } from '@proj/tensor';
import { DTYPE_CODE, binaryCode, unaryCode } from '../codes.js';
import { type WalkOperand, numelOf, operand, outOperand, tasksFor, viewOperand, writeInts, writeWalk } from '../params.js';
import { type WasmBuffer, fillBuffer } from '../storage.js';
import type { Ctx } from './context.js';

const HDR = 32;
type Kernel = 'unary' | 'binary' | 'where' | 'cast' | 'copy';

function run(ctx: Ctx, kernel: Kernel, head: readonly number[], n: number, shape: readonly number[], ops: readonly WalkOperand[]): void {
  const rt = ctx.rt;
  const ntasks = tasksFor(rt, n);
  writeInts(rt, 0, [head[0] ?? 0, head[1] ?? 0, n, ntasks, head[2] ?? 0, 0, 0, 0]);
  writeWalk(rt, HDR, shape, ops);
  rt.check(rt.exports[kernel](rt.params, ntasks), kernel);
}

export function unary(ctx: Ctx, op: UnaryOp, x: StridedView<WasmBuffer>): WasmBuffer {
  const n = numelOf(x.shape);
  const out = ctx.alloc(x.dtype, n);
  if (n > 0) run(ctx, 'unary', [unaryCode(op), DTYPE_CODE[x.dtype]], n, x.shape, [outOperand(out, x.shape), viewOperand(x)]);
  return out;
}

export function binary(ctx: Ctx, op: BinaryOp, a: Operand<WasmBuffer>, b: Operand<WasmBuffer>, shape: readonly number[]): WasmBuffer {
  const dtype = (typeof a === 'number' ? (b as StridedView<WasmBuffer>) : a).dtype;
  const n = numelOf(shape);
  const out = ctx.alloc(isComparison(op) ? 'bool' : dtype, n);
  if (n > 0) {
    const r = shape.length;
    const ops = [outOperand(out, shape), operand(ctx.rt, a, 0, dtype, r), operand(ctx.rt, b, 1, dtype, r)];
    run(ctx, 'binary', [binaryCode(op), DTYPE_CODE[dtype]], n, shape, ops);
  }
  return out;
}

export function where(ctx: Ctx, cond: StridedView<WasmBuffer>, a: Operand<WasmBuffer>, b: Operand<WasmBuffer>, shape: readonly number[], dtype: DType): WasmBuffer {
  const n = numelOf(shape);
  const out = ctx.alloc(dtype, n);
  if (n > 0) {
    const r = shape.length;
    const ops = [outOperand(out, shape), viewOperand(cond), operand(ctx.rt, a, 0, dtype, r), operand(ctx.rt, b, 1, dtype, r)];
    run(ctx, 'where', [0, DTYPE_CODE[dtype]], n, shape, ops);
  }
  return out;
}

export function cast(ctx: Ctx, x: StridedView<WasmBuffer>, dtype: DType): WasmBuffer {
  const n = numelOf(x.shape);
  const out = ctx.alloc(dtype, n);
  if (n > 0) {
    const ops = [outOperand(out, x.shape), viewOperand(x)];
    if (dtype === x.dtype) run(ctx, 'copy', [0, DTYPE_CODE[dtype]], n, x.shape, ops);
    else run(ctx, 'cast', [0, DTYPE_CODE[x.dtype], DTYPE_CODE[dtype]], n, x.shape, ops);
  }
  return out;
}

export function copy(ctx: Ctx, dst: StridedView<WasmBuffer>, src: Operand<WasmBuffer>): void {
  const n = numelOf(dst.shape);
  if (n === 0) return;
  const ops = [viewOperand(dst), operand(ctx.rt, src, 0, dst.dtype, dst.shape.length)];
  run(ctx, 'copy', [0, DTYPE_CODE[dst.dtype]], n, dst.shape, ops);
}

export function pad(ctx: Ctx, x: StridedView<WasmBuffer>, pads: readonly (readonly [number, number])[], value: number): WasmBuffer {
  const shape = x.shape.map((s, d) => s + pads[d]![0] + pads[d]![1]);
  const n = numelOf(shape);
  const out = ctx.alloc(x.dtype, n);
  if (n === 0) return out;
  fillBuffer(ctx.rt, out, n, value);
  const inner = outOperand(out, shape);
  const offset = pads.reduce((acc, [before], d) => acc + before * inner.strides[d]!, 0);
  const m = numelOf(x.shape);
  if (m > 0) run(ctx, 'copy', [0, DTYPE_CODE[x.dtype]], m, x.shape, [{ ptr: out.ptr + offset, strides: inner.strides }, viewOperand(x)]);
  return out;
}
