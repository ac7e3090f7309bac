/**
 * What every kernel wrapper needs: the runtime and a way to make tracked output buffers.
 */
import type { DType } from '@proj/tensor';
import type { Runtime } from '../runtime.js';
import type { WasmBuffer } from '../storage.js';

export interface Ctx {
  readonly rt: Runtime;
  /** A new tracked buffer of `numel` elements (contents undefined). Throws OutOfMemoryError. */
  alloc(dtype: DType, numel: number): WasmBuffer;
  /** Frees a buffer made by `alloc` (for temporaries). */
  release(b: WasmBuffer): void;
  /** An untracked temporary of `bytes` (freed with `freeTemp`). */
  temp(bytes: number, what: string): number;
  freeTemp(ptr: number): void;
}
