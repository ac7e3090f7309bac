/**
 * Elementwise kernels: unary, binary, where, cast and copy, as plain loops over strided operands.
 */
import type { BinaryOp, DType, Operand, StridedView, UnaryOp } from '@proj/tensor';
import { erf, floorDiv, fmod, remainder, roundHalfEven, sigmoid } from './math.js';
import { type Data, alloc, convert } from './storage.js';
import { walk } from './strided.js';

/** A scalar operand as a one-element buffer with zero strides. */
function asView(o: Operand<Data>, shape: readonly number[], dtype: DType): StridedView<Data> {
  if (typeof o !== 'number') return o;
  const data = alloc(dtype, 1);
  data[0] = convert(dtype, o);
  return { handle: data, dtype, shape, strides: shape.map(() => 0), offset: 0 };
}

const UNARY: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  trunc: Math.trunc,
  reciprocal: (x) => 1 / x,
  log1p: Math.log1p,
  expm1: Math.expm1,
  erf,
};

export function unary(op: UnaryOp, x: StridedView<Data>): Data {
  const n = x.shape.reduce((a, b) => a * b, 1);
  const out = alloc(x.dtype, n);
  const f = UNARY[op];
  const src = x.handle;
  const int64 = x.dtype === 'int64';
  walk(x.shape, [x], (len, offs, steps, o) => {
    let i = offs[0]!;
    const d = steps[0]!;
    for (let k = 0; k < len; k++, i += d) out[o + k] = f(src[i]!);
  });
  if (int64) for (let i = 0; i < n; i++) out[i] = Math.trunc(out[i]!) || 0;
  return out;
}

type Fn2 = (a: number, b: number) => number;

/** C's pow, which PyTorch follows: unlike `**`, pow(1, y) = 1 and pow(−1, ±∞) = 1. */
function cpow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)) return 1;
  return a ** b;
}

function binaryFn(op: BinaryOp, dtype: DType): Fn2 {
  const int = dtype === 'int32' || dtype === 'int64' || dtype === 'bool';
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return dtype === 'int32' ? Math.imul : (a, b) => a * b;
    case 'div': return int ? (a, b) => (b === 0 ? 0 : Math.trunc(a / b)) : (a, b) => a / b;
    case 'floor_divide': return int ? (a, b) => (b === 0 ? 0 : Math.floor(a / b)) : floorDiv;
    case 'remainder': return int ? (a, b) => (b === 0 ? 0 : remainder(a, b)) : remainder;
    case 'fmod': return int ? (a, b) => (b === 0 ? 0 : fmod(a, b)) : fmod;
    case 'pow': return int ? (a, b) => Math.trunc(cpow(a, b)) : cpow;
    case 'maximum': return (a, b) => (a !== a || b !== b ? Number.NaN : a > b ? a : b);
    case 'minimum': return (a, b) => (a !== a || b !== b ? Number.NaN : a < b ? a : b);
    case 'atan2': return Math.atan2;
    case 'eq': return (a, b) => (a === b ? 1 : 0);
    case 'ne': return (a, b) => (a !== b ? 1 : 0);
    case 'lt': return (a, b) => (a < b ? 1 : 0);
    case 'le': return (a, b) => (a <= b ? 1 : 0);
    case 'gt': return (a, b) => (a > b ? 1 : 0);
    case 'ge': return (a, b) => (a >= b ? 1 : 0);
    case 'logical_and': return (a, b) => (a !== 0 && b !== 0 ? 1 : 0);
    case 'logical_or': return (a, b) => (a !== 0 || b !== 0 ? 1 : 0);
    case 'logical_xor': return (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0);
  }
}

type Row = (A: Data, i: number, di: number, B: Data, j: number, dj: number, out: Data, o: number, len: number) => void;

/**
 * Float rows for the ops training runs most, each its own loop so that V8 inlines the arithmetic
 * (a call through `binaryFn` per element costs several times more).
 */
const FLOAT_ROWS: Partial<Record<BinaryOp, Row>> = {
  add: (A, i, di, B, j, dj, out, o, len) => { for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = A[i]! + B[j]!; },
  sub: (A, i, di, B, j, dj, out, o, len) => { for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = A[i]! - B[j]!; },
  mul: (A, i, di, B, j, dj, out, o, len) => { for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = A[i]! * B[j]!; },
  div: (A, i, di, B, j, dj, out, o, len) => { for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = A[i]! / B[j]!; },
  maximum: (A, i, di, B, j, dj, out, o, len) => {
    for (let k = 0; k < len; k++, i += di, j += dj) {
      const x = A[i]!;
      const y = B[j]!;
      out[o + k] = x > y || x !== x ? x : y;
    }
  },
  minimum: (A, i, di, B, j, dj, out, o, len) => {
    for (let k = 0; k < len; k++, i += di, j += dj) {
      const x = A[i]!;
      const y = B[j]!;
      out[o + k] = x < y || x !== x ? x : y;
    }
  },
  gt: (A, i, di, B, j, dj, out, o, len) => { for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = A[i]! > B[j]! ? 1 : 0; },
  lt: (A, i, di, B, j, dj, out, o, len) => { for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = A[i]! < B[j]! ? 1 : 0; },
  eq: (A, i, di, B, j, dj, out, o, len) => { for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = A[i]! === B[j]! ? 1 : 0; },
};

const COMPARISONS = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'logical_xor']);

export function binary(op: BinaryOp, a0: Operand<Data>, b0: Operand<Data>, shape: readonly number[]): Data {
  const dtype = (typeof a0 === 'number' ? (b0 as StridedView<Data>) : a0).dtype;
  const a = asView(a0, shape, dtype);
  const b = asView(b0, shape, dtype);
  const outDtype = COMPARISONS.has(op) ? 'bool' : dtype;
  const out = alloc(outDtype, shape.reduce((x, y) => x * y, 1));
  const A = a.handle;
  const B = b.handle;
  const f = binaryFn(op, dtype);
  const fast = dtype === 'float32' || dtype === 'float64' ? FLOAT_ROWS[op] : undefined;
  walk(shape, [a, b], (len, offs, steps, o) => {
    if (fast) {
      fast(A, offs[0]!, steps[0]!, B, offs[1]!, steps[1]!, out, o, len);
      return;
    }
    let i = offs[0]!;
    let j = offs[1]!;
    const di = steps[0]!;
    const dj = steps[1]!;
    for (let k = 0; k < len; k++, i += di, j += dj) out[o + k] = f(A[i]!, B[j]!);
  });
  if (outDtype === 'int64') for (let k = 0; k < out.length; k++) out[k] = Math.trunc(out[k]!) || 0;
  if (outDtype === 'bool' && !COMPARISONS.has(op)) for (let k = 0; k < out.length; k++) out[k] = out[k] ? 1 : 0;
  return out;
}

export function where(cond: StridedView<Data>, a0: Operand<Data>, b0: Operand<Data>, shape: readonly number[], dtype: DType): Data {
  const a = asView(a0, shape, dtype);
  const b = asView(b0, shape, dtype);
  const out = alloc(dtype, shape.reduce((x, y) => x * y, 1));
  const C = cond.handle;
  const A = a.handle;
  const B = b.handle;
  walk(shape, [cond, a, b], (len, offs, steps, o) => {
    let c = offs[0]!;
    let i = offs[1]!;
    let j = offs[2]!;
    for (let k = 0; k < len; k++, c += steps[0]!, i += steps[1]!, j += steps[2]!) out[o + k] = C[c] ? A[i]! : B[j]!;
  });
  return out;
}

export function cast(x: StridedView<Data>, dtype: DType): Data {
  const out = alloc(dtype, x.shape.reduce((a, b) => a * b, 1));
  const src = x.handle;
  const exact = dtype === x.dtype || dtype === 'float32' || dtype === 'float64' || dtype === 'int32';
  walk(x.shape, [x], (len, offs, steps, o) => {
    let i = offs[0]!;
    const d = steps[0]!;
    if (exact) for (let k = 0; k < len; k++, i += d) out[o + k] = src[i]!;
    else for (let k = 0; k < len; k++, i += d) out[o + k] = convert(dtype, src[i]!);
  });
  return out;
}

export function copy(dst: StridedView<Data>, src0: Operand<Data>): void {
  const src = asView(src0, dst.shape, dst.dtype);
  const D = dst.handle;
  const S = src.handle;
  walk(dst.shape, [dst, src], (len, offs, steps) => {
    let i = offs[0]!;
    let j = offs[1]!;
    for (let k = 0; k < len; k++, i += steps[0]!, j += steps[1]!) D[i] = S[j]!;
  });
}
