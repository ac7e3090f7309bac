/**
 * The wasm backend object: storage bookkeeping plus the kernel wrappers in ./kernels.
 */
import { type Backend, type BackendMemory, type DType, type HostArray, SPEC_VERSION } from '@proj/tensor';
import { ITEMSIZE } from './codes.js';
import type { Ctx } from './kernels/context.js';
import { binary, cast, copy, pad, unary, where } from './kernels/elementwise.js';
import { fusedKernels } from './kernels/fused.js';
import { gather, scatterAdd } from './kernels/indexing.js';
import { matmul } from './kernels/matmul.js';
import { argReduce, reduce } from './kernels/reduce.js';
import { Runtime, type RuntimeOptions } from './runtime.js';
import { WasmBuffer, fillBuffer, readHost, writeHost } from './storage.js';

export interface WasmBackendOptions extends RuntimeOptions {
  /** The registry name; default `'wasm'`. */
  name?: string;
}

/** The wasm backend: a {@link Backend} plus `close()` to stop its worker threads. */
export interface WasmBackend extends Backend<WasmBuffer> {
  /** Stops the worker threads (kernels keep running on the calling thread). */
  close(): void;
  /** The runtime underneath, for tests and tools. */
  readonly runtime: Runtime;
}

export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  const rt = await Runtime.create(opts);
  let buffers = 0;
  let bytes = 0;
  const ctx: Ctx = {
    rt,
    alloc(dtype: DType, numel: number): WasmBuffer {
      const n = numel * ITEMSIZE[dtype];
      const ptr = rt.alloc(n, `a ${dtype} buffer of ${numel} elements`);
      buffers++;
      bytes += n;
      return new WasmBuffer(ptr, n, dtype);
    },
    release(b: WasmBuffer): void {
      dispose(b);
    },
    temp: (n, what) => rt.alloc(n, what),
    freeTemp: (p) => rt.free(p),
  };
  function dispose(h: WasmBuffer): void {
    if (h.ptr < 0) throw new Error('wasm: buffer disposed twice');
    rt.free(h.ptr);
    h.ptr = -1;
    buffers--;
    bytes -= h.bytes;
  }
  return {
    name: opts.name ?? 'wasm',
    specVersion: SPEC_VERSION,
    dtypes: ['float32', 'float64', 'int32', 'int64', 'bool'] as const,
    unsupportedDtypeHint: (d: DType) =>
      d === 'float16' ? 'float16 is stored by the webgpu backend on adapters with shader-f16; on wasm compute in float32 (.float())' : undefined,
    runtime: rt,
    close: () => rt.close(),
    upload(data: HostArray, dtype: DType) {
      const b = ctx.alloc(dtype, data.length);
      writeHost(rt, b, data);
      return b;
    },
    fill(numel, value, dtype) {
      const b = ctx.alloc(dtype, numel);
      fillBuffer(rt, b, numel, value);
      return b;
    },
    read: async (h, dtype, numel) => readHost(rt, h, dtype, numel),
    readSync: (h, dtype, numel) => readHost(rt, h, dtype, numel),
    dispose,
    memory(): BackendMemory {
      const s = rt.allocator.stats();
      return {
        buffers,
        bytes,
        threads: rt.threads,
        relaxedSimd: rt.relaxedSimd,
        ...(rt.threadsNote ? { threadsNote: rt.threadsNote } : {}),
        heapBytes: s.heapBytes,
        cachedBytes: s.freeBytes,
        wasmMemoryBytes: rt.memory.buffer.byteLength,
      };
    },
    unary: (op, x) => unary(ctx, op, x),
    binary: (op, a, b, shape) => binary(ctx, op, a, b, shape),
    where: (c, a, b, shape, dtype) => where(ctx, c, a, b, shape, dtype),
    cast: (x, dtype) => cast(ctx, x, dtype),
    copy: (dst, src) => copy(ctx, dst, src),
    reduce: (op, x, axes) => reduce(ctx, op, x, axes),
    argReduce: (op, x, axis) => argReduce(ctx, op, x, axis),
    matmul: (a, b) => matmul(ctx, a, b),
    gather: (x, axis, index) => gather(ctx, x, axis, index),
    scatterAdd: (shape, axis, index, src) => scatterAdd(ctx, shape, axis, index, src),
    pad: (x, pads, value) => pad(ctx, x, pads, value),
    ...fusedKernels(ctx),
  };
}
