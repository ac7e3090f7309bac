/**
 * GPU buffers for tensors: handles, size classes and the pool that recycles them.
 *
 * A disposed tensor's buffer goes back to the pool under its size class and is handed to the
 * next allocation of that class, so a training loop stops creating GPU buffers after its first
 * step. Reuse is safe without waiting for the GPU: WebGPU orders every command on the queue, so
 * the new owner's writes run after the old owner's reads. Destroying a buffer is deferred until
 * the batch that may still use it has been submitted.
 */
import { OutOfMemoryError, type TorchError } from '@proj/tensor';

/** GPUBufferUsage flags (numeric: Node's Dawn does not define the GPUBufferUsage global). */
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const TENSOR_USAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

/** The handle of a tensor buffer on this backend. */
export interface GpuHandle {
  readonly buffer: GPUBuffer;
  /** Bytes allocated (the size class), ≥ 4 × numel. */
  readonly size: number;
  /** Sequence number of the batch that last wrote this buffer (see `Engine`). */
  batch: number;
  /** Set when the work that produced this buffer failed; reading it rejects with this error. */
  poison: TorchError | null;
  disposed: boolean;
}

/**
 * The size class of a request: powers of two up to 4 KiB, then eight classes per octave, so a
 * pooled buffer wastes at most 1/8 of its size while shapes that differ slightly still share.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 16) return 16;
  if (bytes <= 4096) return 2 ** Math.ceil(Math.log2(bytes));
  const step = 2 ** Math.floor(Math.log2(bytes)) / 8;
  return Math.ceil(bytes / step) * step;
}

export interface PoolOptions {
  /** Live + pooled bytes this backend may hold; allocations beyond it raise OutOfMemoryError. */
  memoryLimit: number;
  /** Pooled (free, cached) bytes kept for reuse; beyond it, released buffers are destroyed. */
  poolLimit: number;
  /** The device's largest storage binding: a tensor must fit in one. */
  maxBinding: number;
}

export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  liveBuffers = 0;
  liveBytes = 0;
  pooledBuffers = 0;
  pooledBytes = 0;
  /** GPU buffers ever created (pool misses), for tests and stats. */
  created = 0;

  constructor(
    private readonly opts: PoolOptions,
    /** Destroys a buffer once the batch that may use it has been submitted. */
    private readonly destroyLater: (b: GPUBuffer) => void,
    /** Creates a GPU buffer inside an out-of-memory error scope (see `Engine.createBuffer`). */
    private readonly create: (size: number, usage: number) => GPUBuffer,
    /** True for a buffer whose allocation failed: it is destroyed, never pooled. */
    private readonly isBad: (b: GPUBuffer) => boolean,
  ) {}

  /** A buffer for `bytes` bytes, from the pool when one of its class is free. */
  acquire(bytes: number, op: string): GpuHandle {
    const size = sizeClass(bytes);
    if (size > this.opts.maxBinding) {
      throw new OutOfMemoryError(
        `${op}: a tensor of ${fmt(bytes)} exceeds this device's largest storage buffer binding (${fmt(this.opts.maxBinding)}); split it into smaller tensors`,
      );
    }
    const list = this.free.get(size);
    let buffer = list?.pop();
    if (buffer) {
      this.pooledBuffers--;
      this.pooledBytes -= size;
    } else {
      if (this.liveBytes + this.pooledBytes + size > this.opts.memoryLimit) this.trim(0);
      if (this.liveBytes + size > this.opts.memoryLimit) {
        throw new OutOfMemoryError(
          `${op}: out of GPU memory: allocating ${fmt(size)} would exceed the webgpu backend's memory limit of ${fmt(this.opts.memoryLimit)} (${fmt(this.liveBytes)} held by ${this.liveBuffers} live tensors' buffers). Dispose tensors you no longer need (scope(), dispose()) or raise webgpu({ memoryLimit })`,
        );
      }
      buffer = this.create(size, TENSOR_USAGE);
      this.created++;
    }
    this.liveBuffers++;
    this.liveBytes += size;
    return { buffer, size, batch: 0, poison: null, disposed: false };
  }

  /** Returns a handle's buffer to the pool (or destroys it when the pool is full or it is poisoned). */
  release(h: GpuHandle): void {
    if (h.disposed) return;
    h.disposed = true;
    this.liveBuffers--;
    this.liveBytes -= h.size;
    if (h.poison || this.isBad(h.buffer) || this.pooledBytes + h.size > this.opts.poolLimit) {
      this.destroyLater(h.buffer);
      return;
    }
    let list = this.free.get(h.size);
    if (!list) this.free.set(h.size, (list = []));
    list.push(h.buffer);
    this.pooledBuffers++;
    this.pooledBytes += h.size;
  }

  /** Destroys pooled buffers until at most `keepBytes` remain pooled (largest classes first). */
  trim(keepBytes: number): void {
    const sizes = [...this.free.keys()].sort((a, b) => b - a);
    for (const size of sizes) {
      const list = this.free.get(size)!;
      while (list.length && this.pooledBytes > keepBytes) {
        this.destroyLater(list.pop()!);
        this.pooledBuffers--;
        this.pooledBytes -= size;
      }
      if (!list.length) this.free.delete(size);
    }
  }
}

/** A byte count for messages: `12.0 MiB`. */
export function fmt(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
