/**
 * Refcounted storage: one backend buffer shared by a tensor and all its views. The buffer is
 * disposed when the last tensor holding it lets go. The version counter (for autograd's in-place
 * checks) lives here because views share it, as in PyTorch.
 */
import type { Backend } from './backend/backend.js';
import type { DType } from './dtype.js';

export class Storage {
  refs = 1;
  version = 0;

  constructor(
    readonly backend: Backend,
    readonly handle: unknown,
    readonly dtype: DType,
    readonly numel: number,
  ) {}

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs === 0) this.backend.dispose(this.handle);
  }
}
