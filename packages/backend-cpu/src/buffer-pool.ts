/**
 * A pool of freed typed arrays, keyed by dtype and length. Allocating small typed arrays costs
 * more than the arithmetic on them, and training loops free and reallocate the same sizes every
 * step, so disposed buffers are kept (up to a byte cap) and handed out again, zero-filled.
 */
import type { DType } from '@proj/tensor';
import type { Data } from './storage.js';

export class BufferPool {
  private readonly free = new Map<string, Data[]>();
  private pooledBytes = 0;

  constructor(private readonly capBytes: number) {}

  /** A zero-filled buffer of `dtype` and length `n`. */
  take(dtype: DType, n: number, create: (dtype: DType, n: number) => Data): Data {
    const list = this.free.get(key(kindOf(dtype), n));
    const d = list?.pop();
    if (!d) return create(dtype, n);
    this.pooledBytes -= d.byteLength;
    d.fill(0);
    return d;
  }

  /** Returns a buffer to the pool, or drops it when the pool is full. */
  give(d: Data): void {
    if (this.pooledBytes + d.byteLength > this.capBytes) return;
    const k = key(d.constructor.name, d.length);
    const list = this.free.get(k);
    if (list) list.push(d);
    else this.free.set(k, [d]);
    this.pooledBytes += d.byteLength;
  }

  get bytes(): number {
    return this.pooledBytes;
  }

  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }
}

// Keyed by the array class: float64 and int64 share Float64Array storage, so they share buffers.
const KIND: Record<DType, string> = {
  float16: 'Float32Array',
  float32: 'Float32Array',
  float64: 'Float64Array',
  int64: 'Float64Array',
  int32: 'Int32Array',
  bool: 'Uint8Array',
};
const kindOf = (dtype: DType) => KIND[dtype];
const key = (kind: string, n: number) => `${kind}:${n}`;
