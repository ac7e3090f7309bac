/**
 * The CPU backend object: storage bookkeeping plus the kernels from the sibling files.
 */
import { type Backend, type DType, type HostArray, SPEC_VERSION } from '@proj/tensor';
import { convKernels } from './conv.js';
import { binary, cast, copy, unary, where } from './elementwise.js';
import { gather, pad, scatterAdd } from './gather.js';
import { matmul } from './matmul.js';
import { poolKernels } from './pool.js';
import { argReduce, reduce } from './reduce.js';
import { softmaxKernels } from './softmax.js';
import { type Data, alloc, fromHost, pool, toHost } from './storage.js';

export interface CpuBackendOptions {
  /** The registry name; default `'cpu'`. */
  name?: string;
}

/** Creates the reference CPU backend. Register it with `registerBackend(cpu())`. */
export function cpu(opts: CpuBackendOptions = {}): Backend<Data> {
  let buffers = 0;
  let bytes = 0;
  const track = (d: Data): Data => {
    buffers++;
    bytes += d.byteLength;
    return d;
  };
  return {
    name: opts.name ?? 'cpu',
    specVersion: SPEC_VERSION,
    dtypes: ['float32', 'float64', 'int32', 'int64', 'bool'] as const,
    unsupportedDtypeHint: (d: DType) =>
      d === 'float16' ? 'float16 is stored by the webgpu backend on adapters with shader-f16; on cpu compute in float32 (.float())' : undefined,
    upload: (data: HostArray, dtype: DType) => track(fromHost(data, dtype)),
    fill: (numel, value, dtype) => {
      const d = alloc(dtype, numel);
      if (value !== 0) d.fill(dtype === 'bool' ? (value ? 1 : 0) : value);
      return track(d);
    },
    read: async (h, dtype, numel) => toHost(h, dtype, numel),
    readSync: (h, dtype, numel) => toHost(h, dtype, numel),
    dispose: (h) => {
      buffers--;
      bytes -= h.byteLength;
      pool.give(h);
    },
    memory: () => ({ buffers, bytes, pooledBytes: pool.bytes }),
    unary: (op, x) => track(unary(op, x)),
    binary: (op, a, b, shape) => track(binary(op, a, b, shape)),
    where: (c, a, b, shape, dtype) => track(where(c, a, b, shape, dtype)),
    cast: (x, dtype) => track(cast(x, dtype)),
    copy,
    reduce: (op, x, axes) => track(reduce(op, x, axes)),
    argReduce: (op, x, axis) => track(argReduce(op, x, axis)),
    matmul: (a, b) => track(matmul(a, b)),
    gather: (x, axis, index) => track(gather(x, axis, index)),
    scatterAdd: (shape, axis, index, src) => track(scatterAdd(shape, axis, index, src)),
    pad: (x, pads, value) => track(pad(x, pads, value)),
    ...withTracking(convKernels, track),
    ...withTracking(poolKernels, track),
    ...withTracking(softmaxKernels, track),
  };
}

/** Wraps fused kernels so that every buffer they return is counted by `memory()`. */
function withTracking<K extends object>(kernels: K, track: (d: Data) => Data): K {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(kernels)) {
    out[name] = (...args: unknown[]) => {
      const r = (fn as (...a: unknown[]) => unknown)(...args);
      if (ArrayBuffer.isView(r)) return track(r as Data);
      const o = r as Record<string, Data>;
      for (const v of Object.values(o)) track(v);
      return o;
    };
  }
  return out as K;
}
