/**
 * `memory()`: what is alive on a backend, for leak checks.
 */
import { getBackend } from '../backend/registry.js';
import { liveTensors } from './lifecycle.js';

export interface MemoryInfo {
  /** Tensors created and not yet disposed (or collected). */
  tensors: number;
  /** Backend buffers alive. */
  buffers: number;
  /** Bytes those buffers hold. */
  bytes: number;
  [extra: string]: unknown;
}

/**
 * Live tensors, buffers and bytes on a backend (the current one by default).
 *
 * @example
 * ```ts
 * const before = memory();
 * scope(() => trainStep());
 * console.assert(memory().buffers === before.buffers);
 * ```
 */
export function memory(backend?: string): MemoryInfo {
  const be = getBackend(backend);
  return { ...be.memory(), tensors: liveTensors(be) };
}
