/**
 * The engine: batched command submission, parameter and upload staging, readback, and the error
 * paths (error scopes, device loss).
 *
 * Kernels are encoded into one open command encoder (consecutive dispatches share one compute
 * pass) and submitted together: when a read needs the results, when `batchSize` dispatches are
 * pending, when the arena is full, or at the next microtask, so the GPU starts while JavaScript
 * waits. Kernel parameters and small uploads go into a host-side arena that is written to one GPU
 * buffer with `queue.writeBuffer` just before the submit: queue order makes that write land
 * before the commands that read it and after the previous batch that used the same buffer.
 *
 * Errors: every submit runs inside validation, out-of-memory and internal error scopes, and every
 * buffer creation inside an out-of-memory scope; `Failures` (failures.ts) turns their
 * asynchronous outcomes into typed errors on the reads they affect.
 */
import { BackendError } from '@proj/tensor';
import { BindGroups, PARAM_BIND } from './bindgroups.js';
import { BufferPool, type GpuHandle, USAGE, sizeClass } from './buffers.js';
import { Failures } from './failures.js';
import { type KernelSpec, PipelineCache, type SourceOf } from './pipelines.js';

export interface EngineOptions {
  batchSize: number;
  memoryLimit: number;
  poolLimit: number;
  onCompileError?: (spec: KernelSpec, message: string) => void;
}

const ARENA_BYTES = 1 << 20;
const MAP_READ = 1;

export class Engine {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  readonly bindGroups: BindGroups;
  readonly maxWorkgroups: number;
  /** Sequence number of the open batch. */
  seq = 1;
  submits = 0;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  private scheduled = false;
  private readonly arenaHost = new ArrayBuffer(ARENA_BYTES);
  private readonly arenaWords = new Uint32Array(this.arenaHost);
  private arenaUsed = 0;
  private readonly arena: GPUBuffer;
  private readonly align: number;
  private toDestroy: GPUBuffer[] = [];
  private readonly staging = new Map<number, GPUBuffer[]>();
  stagingBuffers = 0;
  private readonly failures: Failures;

  constructor(
    readonly device: GPUDevice,
    sourceOf: SourceOf,
    private readonly opts: EngineOptions,
  ) {
    const l = device.limits;
    this.align = l.minStorageBufferOffsetAlignment;
    this.maxWorkgroups = l.maxComputeWorkgroupsPerDimension;
    this.failures = new Failures(device);
    this.arena = device.createBuffer({ size: ARENA_BYTES, usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST });
    this.bindGroups = new BindGroups(device, this.arena);
    this.pipelines = new PipelineCache(device, sourceOf, (i, o) => this.bindGroups.layout(i, o), opts.onCompileError);
    this.pool = new BufferPool(
      { memoryLimit: opts.memoryLimit, poolLimit: opts.poolLimit, maxBinding: Math.min(l.maxStorageBufferBindingSize, l.maxBufferSize) },
      (b) => this.destroyLater(b),
      (size, usage) => this.createBuffer(size, usage),
      (b) => this.failures.isBad(b),
    );
  }

  /** Throws when the device is lost. Every entry point calls it before touching the GPU. */
  check(): void {
    if (this.failures.lostError) throw this.failures.lostError;
  }

  /** `device.createBuffer` inside an out-of-memory error scope; a failure poisons the buffer. */
  createBuffer(size: number, usage: number): GPUBuffer {
    this.device.pushErrorScope('out-of-memory');
    const buffer = this.device.createBuffer({ size, usage });
    this.failures.watchAllocation(buffer, size, this.seq, this.device.popErrorScope());
    return buffer;
  }

  /** Encodes one dispatch: `params` (u32 words) at binding 0, then `inputs`, then `outputs`. */
  dispatch(spec: KernelSpec, params: ArrayLike<number>, inputs: readonly GpuHandle[], outputs: readonly GpuHandle[], groups: readonly [number, number, number]): void {
    this.check();
    if (groups[0] === 0 || groups[1] === 0 || groups[2] === 0) return;
    const { pipeline, layout } = this.pipelines.get(spec);
    if (params.length * 4 > PARAM_BIND) throw new BackendError(`webgpu: ${spec.kind} has ${params.length} parameter words, more than ${PARAM_BIND / 4}`);
    const off = this.reserve(PARAM_BIND, this.align);
    this.arenaWords.set(params, off / 4);
    const buffers = [...inputs, ...outputs].map((h) => h.buffer);
    const bindGroup = this.bindGroups.get(layout, buffers);
    if (!this.pass) this.pass = this.ensureEncoder().beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup, [off]);
    this.pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    let poison = null;
    for (const h of inputs) poison ??= this.failures.known(h);
    for (const h of outputs) {
      h.batch = this.seq;
      if (poison) h.poison = poison;
    }
    this.dispatches++;
    this.afterEncode();
  }

  /** Zeroes a buffer (in queue order). */
  clear(h: GpuHandle): void {
    this.check();
    this.endPass();
    this.ensureEncoder().clearBuffer(h.buffer);
    h.batch = this.seq;
    this.afterEncode();
  }

  /** Writes host words into a buffer (in queue order). */
  write(h: GpuHandle, data: ArrayBufferView): void {
    this.check();
    const bytes = data.byteLength;
    h.batch = this.seq;
    if (bytes === 0) return;
    const src = new Uint8Array(data.buffer, data.byteOffset, bytes);
    if (bytes > ARENA_BYTES / 4) {
      // Large: submit what is pending, then write directly; the queue keeps the order.
      this.flush();
      this.device.queue.writeBuffer(h.buffer, 0, src as Uint8Array<ArrayBuffer>);
      h.batch = 0;
      return;
    }
    const off = this.reserve(bytes, 4);
    new Uint8Array(this.arenaHost, off, bytes).set(src);
    this.endPass();
    this.ensureEncoder().copyBufferToBuffer(this.arena, off, h.buffer, 0, bytes);
    this.afterEncode();
  }

  /** Reads `bytes` bytes of a buffer; submits pending work first and never blocks the queue. */
  async read(h: GpuHandle, bytes: number): Promise<ArrayBuffer> {
    this.check();
    if (h.poison) throw h.poison;
    if (bytes === 0) return new ArrayBuffer(0);
    const writer = h.batch;
    const staging = this.acquireStaging(bytes);
    this.endPass();
    this.ensureEncoder().copyBufferToBuffer(h.buffer, 0, staging, 0, bytes);
    const batch = this.seq;
    this.flush();
    let data: ArrayBuffer;
    try {
      await staging.mapAsync(MAP_READ, 0, bytes);
      data = staging.getMappedRange(0, bytes).slice(0);
      staging.unmap();
      this.releaseStaging(staging);
    } catch (e) {
      staging.destroy();
      this.stagingBuffers--;
      throw (await this.failures.ofRead(h, writer, batch)) ?? new BackendError(`webgpu: reading a tensor back failed: ${(e as Error).message}`);
    }
    const err = await this.failures.ofRead(h, writer, batch);
    if (err) throw err;
    return data;
  }

  /** Submits everything encoded so far. */
  flush(): void {
    this.endPass();
    const enc = this.encoder;
    if (!enc) return;
    this.encoder = null;
    if (this.failures.lostError) {
      this.arenaUsed = 0;
      this.dispatches = 0;
      return;
    }
    const seq = this.seq++;
    const d = this.device;
    d.pushErrorScope('internal');
    d.pushErrorScope('out-of-memory');
    d.pushErrorScope('validation');
    if (this.arenaUsed > 0) d.queue.writeBuffer(this.arena, 0, this.arenaHost, 0, this.arenaUsed);
    d.queue.submit([enc.finish()]);
    const scopes = [d.popErrorScope(), d.popErrorScope(), d.popErrorScope()];
    this.submits++;
    this.arenaUsed = 0;
    this.dispatches = 0;
    for (const b of this.toDestroy) b.destroy();
    this.toDestroy = [];
    this.failures.watchBatch(seq, scopes);
  }

  /** Resolves when the GPU has finished everything submitted so far. */
  async onSubmittedWorkDone(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
  }

  /** Destroys a buffer after the batch that may use it is submitted. */
  destroyLater(b: GPUBuffer): void {
    this.bindGroups.forget(b);
    if (this.encoder) this.toDestroy.push(b);
    else b.destroy();
  }

  /** Frees every cached buffer (pooled tensor buffers and readback staging). */
  emptyCache(): void {
    this.pool.trim(0);
    for (const list of this.staging.values()) for (const b of list) this.destroyLater(b);
    this.stagingBuffers -= [...this.staging.values()].reduce((n, l) => n + l.length, 0);
    this.staging.clear();
  }

  /** Workgroup counts for `n` workgroups, folded into y when x would exceed the device limit. */
  grid(n: number): [number, number, number] {
    if (n <= this.maxWorkgroups) return [n, 1, 1];
    const y = Math.ceil(n / this.maxWorkgroups);
    return [Math.ceil(n / y), y, 1];
  }

  private reserve(bytes: number, align: number): number {
    let off = Math.ceil(this.arenaUsed / align) * align;
    if (off + bytes > ARENA_BYTES) {
      this.flush();
      off = 0;
    }
    this.arenaUsed = off + bytes;
    return off;
  }

  private ensureEncoder(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  private afterEncode(): void {
    if (this.dispatches >= this.opts.batchSize) {
      this.flush();
      return;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  private acquireStaging(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const b = this.staging.get(size)?.pop();
    if (b) return b;
    this.stagingBuffers++;
    return this.createBuffer(size, USAGE.MAP_READ | USAGE.COPY_DST);
  }

  private releaseStaging(b: GPUBuffer): void {
    let list = this.staging.get(b.size);
    if (!list) this.staging.set(b.size, (list = []));
    if (list.length >= 4) {
      b.destroy();
      this.stagingBuffers--;
    } else list.push(b);
  }
}
