/**
 * CPU buffers are typed arrays: float32 → Float32Array, float64 and int64 → Float64Array (int64
 * values are exact below 2^53), int32 → Int32Array, bool → Uint8Array.
 */
import type { DType, HostArray } from '@proj/tensor';
import { BufferPool } from './buffer-pool.js';

export type Data = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Freed buffers waiting for reuse (shared by every CPU backend instance in the process). */
export const pool = new BufferPool(256 * 1024 * 1024);

/** A zero-filled buffer for `n` elements of `dtype`, reused from the pool when possible. */
export function alloc(dtype: DType, n: number): Data {
  return pool.take(dtype, n, create);
}

function create(dtype: DType, n: number): Data {
  switch (dtype) {
    case 'float16': // not stored by this backend (its `dtypes` leave it out); never reached
    case 'float32':
      return new Float32Array(n);
    case 'float64':
    case 'int64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
  }
}

export function fromHost(data: HostArray, dtype: DType): Data {
  if (data instanceof BigInt64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  const out = alloc(dtype, data.length);
  out.set(data as ArrayLike<number>);
  return out;
}

export function toHost(data: Data, dtype: DType, numel: number): HostArray {
  if (dtype === 'int64') {
    const out = new BigInt64Array(numel);
    for (let i = 0; i < numel; i++) out[i] = BigInt(data[i]!);
    return out;
  }
  return data.slice(0, numel) as HostArray;
}

/** Converts a number to what a buffer of `dtype` stores (ints truncate, bools test non-zero). */
export function convert(dtype: DType, v: number): number {
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int64') return Math.trunc(v) || 0;
  return v;
}
