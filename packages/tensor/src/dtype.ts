/**
 * Element types, their host arrays, and PyTorch's type-promotion rules.
 */
import { DTypeError } from './errors.js';
import { roundToFloat16 } from './float16.js';

/**
 * The element types of a tensor. `float32` is the default, as in PyTorch. `float16` (IEEE half)
 * is stored only by backends that list it (WebGPU on an adapter with `shader-f16`); they compute
 * in float32 and round each result to half.
 */
export type DType = 'float16' | 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

/** All dtypes, in promotion order (a later dtype wins over an earlier one of the same category). */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'int64', 'float16', 'float32', 'float64'];

/**
 * The typed array that holds a dtype's values on the host, as `data()` returns them and as
 * `Backend.upload` receives them: float32 → Float32Array, float64 → Float64Array,
 * int32 → Int32Array, int64 → BigInt64Array, bool → Uint8Array (0 or 1), and float16 →
 * Float32Array holding values that half represents exactly (JavaScript engines before
 * `Float16Array` have no half array; see `float16.ts` for the conversions).
 */
export type HostArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** Maps a dtype to its host array type. */
export interface HostArrayOf {
  float16: Float32Array;
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int64: BigInt64Array;
  bool: Uint8Array;
}

/** Bytes per element. */
export function itemsize(dtype: DType): number {
  switch (dtype) {
    case 'float64':
    case 'int64':
      return 8;
    case 'float32':
    case 'int32':
      return 4;
    case 'float16':
      return 2;
    case 'bool':
      return 1;
  }
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
}

export function isIntegral(dtype: DType, includeBool = false): boolean {
  return dtype === 'int32' || dtype === 'int64' || (includeBool && dtype === 'bool');
}

/** Allocates a zero-filled host array for `dtype`. */
export function allocHost(dtype: DType, n: number): HostArray {
  switch (dtype) {
    case 'float16':
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'bool':
      return new Uint8Array(n);
  }
}

/**
 * Converts plain numbers into the host array of `dtype` (ints truncate toward zero, bools test
 * non-zero, float16 rounds to the nearest half, ties to even).
 */
export function toHost(dtype: DType, values: ArrayLike<number | boolean | bigint>, op = 'tensor'): HostArray {
  const n = values.length;
  const out = allocHost(dtype, n);
  if (dtype === 'int64' || dtype === 'int32') {
    // NaN and infinities have no integer value (BigInt() would throw a RangeError, Int32Array write 0).
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (typeof v === 'number' && !Number.isFinite(v)) throw new DTypeError(`${op}: value ${v} cannot be converted to ${dtype} without overflow`);
    }
  }
  if (dtype === 'int64') {
    const o = out as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      o[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    }
  } else if (dtype === 'bool') {
    for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0;
  } else if (dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = roundToFloat16(Number(values[i]));
  } else {
    const o = out as Float32Array | Float64Array | Int32Array;
    for (let i = 0; i < n; i++) o[i] = Number(values[i]);
  }
  return out;
}

/** The host array of `dtype` as plain numbers (int64 through `Number`, exact below 2^53). */
export function hostToNumbers(data: HostArray): number[] {
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  return out;
}

/** The dtype whose host array `data` is. */
export function dtypeOfHost(data: HostArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'bool';
}

const rank: Record<DType, number> = { bool: 0, int32: 1, int64: 2, float16: 3, float32: 4, float64: 5 };
const category = (d: DType): number => (d === 'bool' ? 0 : isFloating(d) ? 2 : 1);

/** `torch.promote_types`: the smallest dtype to which both convert without losing category. */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/** An operand of type promotion: a tensor's dtype and rank, or a JavaScript scalar. */
export type PromotionOperand = { dtype: DType; ndim: number } | number | boolean | bigint;

/**
 * `torch.result_type` over tensors and scalars. Dimensioned tensors outrank zero-dim tensors,
 * which outrank scalars, unless a lower class brings a higher category
 * (bool < integer < floating): `int32 tensor + 2.5` is float32, `float32 tensor + float64
 * zero-dim tensor` stays float32. A float scalar counts as the default dtype (float32) and an int
 * scalar as int64.
 */
export function resultType(...operands: readonly PromotionOperand[]): DType {
  let dim: DType | undefined;
  let zero: DType | undefined;
  let wrapped: DType | undefined;
  const merge = (acc: DType | undefined, d: DType) => (acc === undefined ? d : promoteTypes(acc, d));
  for (const o of operands) {
    if (typeof o === 'object') {
      if (o.ndim > 0) dim = merge(dim, o.dtype);
      else zero = merge(zero, o.dtype);
    } else {
      const d: DType =
        typeof o === 'boolean' ? 'bool' : typeof o === 'bigint' || Number.isInteger(o) ? 'int64' : 'float32';
      wrapped = merge(wrapped, d);
    }
  }
  return combine(dim, combine(zero, wrapped)) ?? 'float32';
}

function combine(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (isFloating(higher)) return higher;
  if (higher === 'bool' || category(lower) > category(higher)) return promoteTypes(higher, lower);
  return higher;
}
