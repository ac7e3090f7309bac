/**
 * The plain tensor record that checkpoint readers produce and writers take, and the policy that
 * maps on-disk element types to `@proj` dtypes.
 *
 * Loading converts every supported on-disk type to the nearest `DType` that holds it exactly:
 *
 * | on disk (safetensors / torch storage)         | loads as  |
 * | --------------------------------------------- | --------- |
 * | `F32` / FloatStorage                          | `float32` |
 * | `F64` / DoubleStorage                         | `float64` |
 * | `F16` / HalfStorage, `BF16` / BFloat16Storage | `float32` (widened, exact) |
 * | `I64` / LongStorage                           | `int64`   |
 * | `I32` / IntStorage                            | `int32`   |
 * | `I16` / ShortStorage, `I8` / CharStorage, `U8` / ByteStorage | `int32` (widened, exact) |
 * | `BOOL` / BoolStorage                          | `bool`    |
 *
 * Anything else (U16, U32, U64, the F8 types, complex, quantized) raises a `DTypeError` naming it.
 * A float16 tensor is written as `F16` (half patterns), and loads back as float32.
 */

import { DTypeError, ArgumentError } from '../errors.js';
import type { DType, HostArray } from '../dtype.js';
import { float16Bits } from '../float16.js';

/** A dense tensor as plain data: `data` holds `shape`'s elements in row-major (C) order. */
export interface TensorRecord {
  dtype: DType;
  shape: number[];
  data: HostArray;
}

/** The on-disk element types that can be loaded, named as safetensors names them. */
export type StorageDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** How one on-disk element type is stored and what it loads as. */
export interface StorageDTypeInfo {
  name: StorageDType;
  /** Bytes per element on disk. */
  itemsize: number;
  /** The `DType` it loads as (see the table in this module's docs). */
  dtype: DType;
}

const INFO = new Map<string, StorageDTypeInfo>(
  (
    [
      ['F64', 8, 'float64'],
      ['F32', 4, 'float32'],
      ['F16', 2, 'float32'],
      ['BF16', 2, 'float32'],
      ['I64', 8, 'int64'],
      ['I32', 4, 'int32'],
      ['I16', 2, 'int32'],
      ['I8', 1, 'int32'],
      ['U8', 1, 'int32'],
      ['BOOL', 1, 'bool'],
    ] as const
  ).map(([name, itemsize, dtype]) => [name, { name, itemsize, dtype }]),
);

/** The safetensors name under which each `DType` is written. */
export const DTYPE_TO_STORAGE: Readonly<Record<DType, StorageDType>> = {
  float16: 'F16',
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  int64: 'I64',
  bool: 'BOOL',
};

/**
 * The storage info of an on-disk type name, or a `DTypeError` naming it and `where` it was found
 * (e.g. `safetensors: tensor 'w'`).
 */
export function storageDType(name: string, where: string): StorageDTypeInfo {
  const info = INFO.get(name);
  if (info === undefined) {
    throw new DTypeError(
      `${where}: unsupported dtype '${name}' (supported: ${[...INFO.keys()].join(', ')})`,
    );
  }
  return info;
}

/** The number of elements of `shape` (1 for a scalar). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let halfTable: Float32Array | undefined;

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

// A 256 KiB table built on first use: decoding half checkpoints is then one lookup per element.
function halves(): Float32Array {
  if (halfTable === undefined) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
  }
  return halfTable;
}

/**
 * Decodes little-endian elements of on-disk type `src` into a fresh host array of the dtype it
 * loads as. `bytes.length` must be a multiple of the item size (the caller checks it).
 */
export function decodeElements(src: StorageDType, bytes: Uint8Array): HostArray {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const itemsize = storageDType(src, 'decode').itemsize;
  const n = Math.floor(bytes.length / itemsize);
  // A copy into a fresh, aligned buffer: the typed-array views below need that alignment. (Not
  // `bytes.slice()`: on a Node Buffer, slice() is a view of the shared pool, not a copy.)
  const aligned = (): ArrayBuffer => new Uint8Array(bytes.subarray(0, n * itemsize)).buffer;
  switch (src) {
    case 'F32':
      if (LITTLE_ENDIAN) return new Float32Array(aligned());
      return Float32Array.from({ length: n }, (_, i) => dv.getFloat32(i * 4, true));
    case 'F64':
      if (LITTLE_ENDIAN) return new Float64Array(aligned());
      return Float64Array.from({ length: n }, (_, i) => dv.getFloat64(i * 8, true));
    case 'I32':
      if (LITTLE_ENDIAN) return new Int32Array(aligned());
      return Int32Array.from({ length: n }, (_, i) => dv.getInt32(i * 4, true));
    case 'I64': {
      if (LITTLE_ENDIAN) return new BigInt64Array(aligned());
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getBigInt64(i * 8, true);
      return out;
    }
    case 'F16': {
      const table = halves();
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = table[dv.getUint16(i * 2, true)]!;
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = dv.getUint16(i * 2, true) << 16;
      return out;
    }
    case 'I16':
      return Int32Array.from({ length: n }, (_, i) => dv.getInt16(i * 2, true));
    case 'I8':
      return Int32Array.from({ length: n }, (_, i) => dv.getInt8(i));
    case 'U8':
      return Int32Array.from(bytes.subarray(0, n));
    case 'BOOL':
      // Any non-zero byte is true; the host array of a bool tensor holds only 0 and 1.
      return Uint8Array.from(bytes.subarray(0, n), (b) => (b === 0 ? 0 : 1));
  }
}

/** The little-endian bytes of a record's data, as safetensors stores them (bool as 0/1 bytes). */
export function encodeElements(record: TensorRecord): Uint8Array {
  const { data } = record;
  if (record.dtype === 'bool') return Uint8Array.from(data as Uint8Array, (b) => (b === 0 ? 0 : 1));
  if (record.dtype === 'float16') {
    const out = new Uint8Array(data.length * 2);
    const dv = new DataView(out.buffer);
    for (let i = 0; i < data.length; i++) dv.setUint16(i * 2, float16Bits(data[i] as number), true);
    return out;
  }
  const out = new Uint8Array(data.byteLength);
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return out;
  }
  const dv = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) dv.setFloat32(i * 4, data[i]!, true);
    else if (data instanceof Float64Array) dv.setFloat64(i * 8, data[i]!, true);
    else if (data instanceof Int32Array) dv.setInt32(i * 4, data[i]!, true);
    else if (data instanceof BigInt64Array) dv.setBigInt64(i * 8, data[i]!, true);
  }
  return out;
}

const HOST_CTOR: Record<DType, new (length: number) => HostArray> = {
  float16: Float32Array,
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: BigInt64Array,
  bool: Uint8Array,
};

/**
 * Checks that `record` is well formed: a known dtype, the matching host array, non-negative
 * integer dims, and exactly `numel(shape)` elements. Throws `DTypeError` or `ArgumentError`
 * naming `where`.
 */
export function validateRecord(record: TensorRecord, where: string): void {
  if (typeof record !== 'object' || record === null) {
    throw new ArgumentError(`${where}: expected a TensorRecord { dtype, shape, data }, got ${String(record)}`);
  }
  const ctor = Object.hasOwn(HOST_CTOR, record.dtype) ? HOST_CTOR[record.dtype] : undefined;
  if (ctor === undefined) throw new DTypeError(`${where}: unsupported dtype '${String(record.dtype)}'`);
  if (!(record.data instanceof ctor) || record.data.constructor !== ctor) {
    const got = (record.data as object | undefined)?.constructor?.name ?? typeof record.data;
    throw new DTypeError(`${where}: dtype ${record.dtype} needs a ${ctor.name} of data, got ${got}`);
  }
  if (!Array.isArray(record.shape) || !record.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ArgumentError(`${where}: shape must be non-negative integers, got ${JSON.stringify(record.shape)}`);
  }
  const n = numel(record.shape);
  if (n !== record.data.length) {
    throw new ArgumentError(
      `${where}: shape [${record.shape.join(', ')}] has ${n} elements but data holds ${record.data.length}`,
    );
  }
}
