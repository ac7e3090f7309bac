/**
 * What went wrong, and for which tensors. WebGPU reports errors asynchronously (error scopes
 * resolve later, `device.lost` is a promise), so failures are recorded per batch and per buffer
 * and checked when a tensor is read:
 *
 * - a buffer whose creation hit an out-of-memory scope is *bad*: reads of it reject with
 *   OutOfMemoryError, and the pool never reuses it;
 * - a batch whose submit hit a validation, out-of-memory or internal scope has *failed*: reads of
 *   tensors it wrote reject (OutOfMemoryError when an allocation of that batch failed, else
 *   BackendError), and kernels that read those tensors pass the failure on;
 * - a lost device fails everything, at once and from then on.
 */
import { BackendError, OutOfMemoryError, type TorchError } from '@proj/tensor';
import { type GpuHandle, fmt } from './buffers.js';

export class Failures {
  private readonly pending = new Map<number, Promise<TorchError | null>>();
  private readonly failed = new Map<number, TorchError>();
  private readonly oomBatches = new Set<number>();
  private readonly badBuffers = new WeakMap<GPUBuffer, TorchError>();
  lostError: BackendError | null = null;

  constructor(device: GPUDevice) {
    void device.lost.then((info) => {
      this.lostError = new BackendError(
        `webgpu: the GPU device was lost (reason: ${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}). Tensors on this backend are gone; create a new backend with await webgpu() and recreate them from host data`,
      );
    });
  }

  /** Records the outcome of a buffer creation (its out-of-memory scope) in batch `seq`. */
  watchAllocation(buffer: GPUBuffer, size: number, seq: number, scope: Promise<GPUError | null>): void {
    void scope.then((e) => {
      if (!e) return;
      this.oomBatches.add(seq);
      this.badBuffers.set(buffer, new OutOfMemoryError(`webgpu: out of GPU memory allocating ${fmt(size)}: ${e.message}`));
    });
  }

  /** Records the outcome of batch `seq` from its validation, out-of-memory and internal scopes. */
  watchBatch(seq: number, scopes: Promise<GPUError | null>[]): void {
    const outcome = Promise.all(scopes).then(
      ([validation, oom, internal]) => this.classify(seq, validation ?? null, oom ?? null, internal ?? null),
      () => this.lostError,
    );
    this.pending.set(seq, outcome);
    void outcome.then((err) => {
      this.pending.delete(seq);
      if (err) {
        this.failed.set(seq, err);
        if (this.failed.size > 256) this.failed.delete(this.failed.keys().next().value!);
      }
    });
  }

  isBad(b: GPUBuffer): boolean {
    return this.badBuffers.has(b);
  }

  /** The failure an input already carries (known now, without waiting), to pass on to outputs. */
  known(h: GpuHandle): TorchError | null {
    return h.poison ?? this.badBuffers.get(h.buffer) ?? this.failed.get(h.batch) ?? null;
  }

  /** Why a read of `h` (last written in batch `writer`, copied out in batch `copy`) cannot be trusted. */
  async ofRead(h: GpuHandle, writer: number, copy: number): Promise<TorchError | null> {
    if (this.lostError) return this.lostError;
    const err = this.known(h) ?? (await this.outcome(writer)) ?? (await this.outcome(copy));
    return this.badBuffers.get(h.buffer) ?? err ?? this.lostError;
  }

  private async outcome(seq: number): Promise<TorchError | null> {
    return this.failed.get(seq) ?? (await this.pending.get(seq)) ?? null;
  }

  private classify(seq: number, validation: GPUError | null, oom: GPUError | null, internal: GPUError | null): TorchError | null {
    if (this.lostError) return this.lostError;
    if (oom || (validation && this.oomBatches.has(seq))) {
      return new OutOfMemoryError(`webgpu: out of GPU memory: ${(oom ?? validation)!.message}`);
    }
    const e = validation ?? internal;
    return e ? new BackendError(`webgpu: a kernel failed on the GPU: ${e.message}`) : null;
  }
}
