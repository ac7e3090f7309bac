/**
 * Writing kernel parameter blocks: a header of i32 slots, then walk descriptors
 * (assembly/walk.ts): `[rank, nops, shape…, per operand: ptr, byte strides…]`.
 */
import { type DType, type Operand, type StridedView, collapseDims } from '@proj/tensor';
import { ITEMSIZE } from './codes.js';
import type { Runtime } from './runtime.js';
import type { WasmBuffer } from './storage.js';

/** One walk operand: the byte address of its element 0 and its byte strides. */
export interface WalkOperand {
  ptr: number;
  strides: readonly number[];
}

const MAX_RANK = 32;
/** Byte offset of the scalar slots inside the parameter block. */
const SCALARS = 3072;

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of `shape`, in bytes of `itemsize`. */
export function contiguousBytes(shape: readonly number[], itemsize: number): number[] {
  const out = new Array<number>(shape.length);
  let s = itemsize;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d]!;
  }
  return out;
}

/** A view as a walk operand. */
export function viewOperand(v: StridedView<WasmBuffer>): WalkOperand {
  const size = ITEMSIZE[v.dtype];
  return { ptr: v.handle.ptr + v.offset * size, strides: v.strides.map((s) => s * size) };
}

/** A new contiguous buffer as a walk operand over `shape`. */
export function outOperand(out: WasmBuffer, shape: readonly number[]): WalkOperand {
  return { ptr: out.ptr, strides: contiguousBytes(shape, ITEMSIZE[out.dtype]) };
}

/** `collapseDims` (from @proj/tensor) over walk operands, padded to rank ≥ 1 for the kernels. */
export function collapse(shape: readonly number[], ops: readonly WalkOperand[]): { shape: number[]; strides: number[][] } {
  const c = collapseDims(shape, ops.map((o) => o.strides));
  if (c.shape.length === 0) {
    c.shape.push(1);
    for (const s of c.strides) s.push(0);
  }
  return c;
}

/** Writes i32 values at byte offset `at` of the parameter block. */
export function writeInts(rt: Runtime, at: number, values: readonly number[]): void {
  const base = (rt.params + at) >> 2;
  for (let i = 0; i < values.length; i++) rt.i32[base + i] = values[i]!;
}

/**
 * Writes a walk descriptor at byte offset `at` of the parameter block (collapsing first unless
 * told not to); returns the bytes written.
 */
export function writeWalk(rt: Runtime, at: number, shape: readonly number[], ops: readonly WalkOperand[], merge = true): number {
  const c = merge ? collapse(shape, ops) : { shape: shape.length ? [...shape] : [1], strides: ops.map((o) => (shape.length ? [...o.strides] : [0])) };
  const r = c.shape.length;
  if (r > MAX_RANK) throw new RangeError(`wasm: a view of rank ${r} exceeds the kernels' limit of ${MAX_RANK} dims after merging`);
  const vals = [r, ops.length, ...c.shape];
  for (const [k, o] of ops.entries()) vals.push(o.ptr, ...c.strides[k]!);
  writeInts(rt, at, vals);
  return vals.length * 4;
}

/** Puts scalar `value` of `dtype` in scalar slot `slot` and returns it as a stride-0 operand. */
export function scalarOperand(rt: Runtime, slot: number, value: number, dtype: DType, rank: number): WalkOperand {
  const ptr = rt.params + SCALARS + slot * 16;
  switch (dtype) {
    case 'float32': rt.f32[ptr >> 2] = value; break;
    case 'float64': rt.f64[ptr >> 3] = value; break;
    case 'int32': rt.i32[ptr >> 2] = value; break;
    case 'int64': rt.i64[ptr >> 3] = BigInt(Number.isFinite(value) ? Math.trunc(value) : 0); break;
    case 'bool': rt.u8[ptr] = value !== 0 ? 1 : 0; break;
  }
  return { ptr, strides: new Array<number>(rank).fill(0) };
}

/** A kernel operand (view or scalar) as a walk operand. */
export function operand(rt: Runtime, o: Operand<WasmBuffer>, slot: number, dtype: DType, rank: number): WalkOperand {
  return typeof o === 'number' ? scalarOperand(rt, slot, o, dtype, rank) : viewOperand(o);
}

/** How many tasks to split `n` elements into: one below the threading threshold. */
export function tasksFor(rt: Runtime, n: number, grain = 16384): number {
  if (rt.threads <= 1 || n < 2 * grain) return 1;
  return Math.min(rt.threads * 4, Math.ceil(n / grain));
}
