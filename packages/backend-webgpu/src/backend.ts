/**
 * The WebGPU backend object: storage on GPU buffers, the primitive and fused kernels from
 * `kernels/`, and the engine's batching, pooling and error handling.
 */
import { type Backend, type DType, type HostArray, SPEC_VERSION } from '@proj/tensor';
import type { GpuHandle } from './buffers.js';
import { type Acquired, acquire, describe, release } from './device.js';
import { bufferBytes, dtypesOf, fromDevice, toDevice, unsupportedDtypeHint } from './dtypes.js';
import { withHalf } from './half.js';
import { Engine } from './engine.js';
import * as conv from './kernels/conv.js';
import * as ew from './kernels/elementwise.js';
import * as ix from './kernels/gather.js';
import { matmul } from './kernels/matmul.js';
import * as pool from './kernels/pool.js';
import { argReduce, reduce } from './kernels/reduce.js';
import * as sm from './kernels/softmax.js';
import type { KernelSpec } from './pipelines.js';
import { defaultWarmup, sourceOf } from './sources.js';

export interface WebGPUOptions {
  /** Run on this device (the backend then never destroys it). */
  device?: GPUDevice;
  /** Request the adapter from this `GPU` object (default: `navigator.gpu`, or Dawn in Node). */
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
  /** The registry name; default `'webgpu'`. */
  name?: string;
  /** Dispatches encoded per command buffer before it is submitted; default 64. */
  batchSize?: number;
  /**
   * GPU bytes (live tensors plus the pool) the backend may hold; an allocation beyond it raises
   * OutOfMemoryError after the pool is emptied. Default: unlimited (the device decides).
   */
  memoryLimit?: number;
  /** Bytes of freed buffers kept for reuse; default 256 MiB. */
  poolLimit?: number;
  /** Called with the WGSL and the compiler's messages when a generated shader fails to compile. */
  onCompileError?: (spec: KernelSpec, message: string) => void;
}

/** The backend plus what only a GPU backend has. */
export interface WebGPUBackend extends Backend<GpuHandle> {
  readonly device: GPUDevice;
  /** The adapter, e.g. `mesa llvmpipe …` on lavapipe. */
  readonly adapterName: string;
  /** Compiles pipelines ahead of use: the given specs, or a typical training step's. */
  warmup(specs?: readonly KernelSpec[]): Promise<void>;
  /** The specs of every pipeline compiled so far, to pass to a later `warmup()`. */
  compiled(): KernelSpec[];
  /** Submits the encoded work now. */
  flush(): void;
  /** Resolves once the GPU has finished all work submitted so far. */
  sync(): Promise<void>;
  /** Destroys pooled (free) buffers. */
  emptyCache(): void;
  /** Destroys the device if the backend created it; tensors on it become unusable. */
  destroy(): void;
}

/**
 * Creates the WebGPU backend. In browsers it uses `navigator.gpu`; in Node the `webgpu` package
 * (Dawn), which needs a Vulkan, Metal or D3D12 driver (on a Linux machine without a GPU: Mesa
 * lavapipe, see the README).
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend, tensor } from '@proj/tensor';
 * import { webgpu } from '@proj/backend-webgpu';
 * registerBackend(await webgpu());
 * setBackend('webgpu');
 * const y = tensor([1, 2, 3], { dtype: 'float32' }).mul(2);
 * console.log(await y.data()); // Float32Array [2, 4, 6]
 * ```
 */
export async function webgpu(opts: WebGPUOptions = {}): Promise<WebGPUBackend> {
  const acquired = await acquire(opts);
  return createBackend(acquired, opts);
}

function createBackend(a: Acquired, opts: WebGPUOptions): WebGPUBackend {
  const e = new Engine(a.device, sourceOf, {
    batchSize: opts.batchSize ?? 64,
    memoryLimit: opts.memoryLimit ?? Number.POSITIVE_INFINITY,
    poolLimit: opts.poolLimit ?? 256 * 2 ** 20,
    onCompileError: opts.onCompileError,
  });
  // Kernels check for a lost device before allocating, so a failure leaves nothing half-made.
  const k = <A extends unknown[], R>(f: (e: Engine, ...args: A) => R) => (...args: A): R => {
    e.check();
    return f(e, ...args);
  };
  const dtypes = dtypesOf(a.device);
  const kernels = {
    fill: k(ew.fill),
    unary: k(ew.unary),
    binary: k(ew.binary),
    where: k(ew.where),
    cast: k(ew.cast),
    copy: k(ew.copy),
    reduce: k(reduce),
    argReduce: k(argReduce),
    matmul: k(matmul),
    gather: k(ix.gather),
    scatterAdd: k(ix.scatterAdd),
    pad: k(ix.pad),

    conv2d: k(conv.conv2d),
    conv2dGradInput: k(conv.conv2dGradInput),
    conv2dGradWeight: k(conv.conv2dGradWeight),
    maxPool2d: k(pool.maxPool2d),
    maxPool2dGrad: k(pool.maxPool2dGrad),
    avgPool2d: k(pool.avgPool2d),
    avgPool2dGrad: k(pool.avgPool2dGrad),
    softmax: k(sm.softmax),
    logSoftmax: k(sm.logSoftmax),
    softmaxGrad: k(sm.softmaxGrad),
    logSoftmaxGrad: k(sm.logSoftmaxGrad),
  };
  return {
    name: opts.name ?? 'webgpu',
    specVersion: SPEC_VERSION,
    dtypes,
    unsupportedDtypeHint,
    device: a.device,
    adapterName: describe(a),

    upload(data: HostArray, dtype: DType) {
      e.check();
      const words = toDevice(data, dtype);
      const h = e.pool.acquire(Math.max(words.byteLength, 4), 'tensor');
      e.write(h, words);
      return h;
    },
    async read(h, dtype, numel) {
      return fromDevice(await e.read(h, bufferBytes(dtype, numel)), dtype, numel);
    },
    dispose(h) {
      e.pool.release(h);
    },
    memory: () => ({
      buffers: e.pool.liveBuffers,
      bytes: e.pool.liveBytes,
      pooledBuffers: e.pool.pooledBuffers,
      pooledBytes: e.pool.pooledBytes,
      stagingBuffers: e.stagingBuffers,
      createdBuffers: e.pool.created,
      pipelines: e.pipelines.size,
      bindGroups: e.bindGroups.size,
      submits: e.submits,
    }),

    ...(dtypes.includes('float16') ? withHalf(e, kernels) : kernels),

    warmup: (specs) => e.pipelines.warmup(specs ?? defaultWarmup()),
    compiled: () => e.pipelines.compiled(),
    flush: () => e.flush(),
    sync: () => e.onSubmittedWorkDone(),
    emptyCache: () => e.emptyCache(),
    // This closure keeps `a` (the GPU object, adapter and device) reachable for the backend's
    // lifetime, which Dawn needs; device.ts also holds them until here.
    destroy() {
      e.flush();
      if (a.owned) a.device.destroy();
      release(a.device);
      if (a.gpu) release(a.gpu);
    },
  };
}
