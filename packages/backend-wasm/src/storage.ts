/**
 * Buffers in wasm memory: the handle type, and moving data between the host and the memory.
 */
import type { DType, HostArray } from '@proj/tensor';
import { ITEMSIZE } from './codes.js';
import type { Runtime } from './runtime.js';

/** A backend handle: one allocation in wasm memory. */
export class WasmBuffer {
  constructor(
    /** Byte address in wasm memory. */
    public ptr: number,
    /** Bytes requested (numel × itemsize). */
    readonly bytes: number,
    readonly dtype: DType,
  ) {}
}

/** A typed view of `numel` elements of `dtype` at `ptr`, over the memory as it is now. */
export function typedView(rt: Runtime, dtype: DType, ptr: number, numel: number): HostArray {
  const buf = rt.memory.buffer;
  switch (dtype) {
    case 'float16': // not stored by this backend; never reached
    case 'float32': return new Float32Array(buf, ptr, numel);
    case 'float64': return new Float64Array(buf, ptr, numel);
    case 'int32': return new Int32Array(buf, ptr, numel);
    case 'int64': return new BigInt64Array(buf, ptr, numel);
    case 'bool': return new Uint8Array(buf, ptr, numel);
  }
}

export function writeHost(rt: Runtime, buf: WasmBuffer, data: HostArray): void {
  const view = typedView(rt, buf.dtype, buf.ptr, data.length);
  if (view instanceof BigInt64Array) {
    if (data instanceof BigInt64Array) view.set(data);
    else for (let i = 0; i < data.length; i++) view[i] = BigInt(Math.trunc(Number(data[i])));
  } else if (data instanceof BigInt64Array) {
    for (let i = 0; i < data.length; i++) view[i] = Number(data[i]);
  } else if (buf.dtype === 'bool' && !(data instanceof Uint8Array)) {
    for (let i = 0; i < data.length; i++) view[i] = data[i] ? 1 : 0;
  } else {
    (view as Float32Array).set(data as Float32Array);
  }
}

/** A copy of the buffer's first `numel` elements (never a view into wasm memory). */
export function readHost(rt: Runtime, buf: WasmBuffer, dtype: DType, numel: number): HostArray {
  return typedView(rt, dtype, buf.ptr, numel).slice();
}

export function fillBuffer(rt: Runtime, buf: WasmBuffer, numel: number, value: number): void {
  if (numel === 0) return;
  const view = typedView(rt, buf.dtype, buf.ptr, numel);
  if (view instanceof BigInt64Array) view.fill(BigInt(Number.isFinite(value) ? Math.trunc(value) : 0));
  else if (buf.dtype === 'bool') (view as Uint8Array).fill(value !== 0 ? 1 : 0);
  else (view as Float32Array).fill(value);
}

export function bytesOf(dtype: DType, numel: number): number {
  return numel * ITEMSIZE[dtype];
}
