/**
 * `@proj/backend-wasm`: SIMD, multi-threaded WebAssembly kernels for `@proj/tensor`.
 *
 * @example
 * ```ts
 * import * as torch from '@proj/tensor';
 * import { wasm } from '@proj/backend-wasm';
 *
 * torch.registerBackend(await wasm({ threads: 2 }));
 * const y = torch.randn(512, 512).matmul(torch.randn(512, 512));
 * ```
 */
import { type WasmBackend, type WasmBackendOptions, createWasmBackend } from './backend.js';

export type { WasmBackend, WasmBackendOptions } from './backend.js';
export type { WasmSource } from './loader.js';
export type { WasmBuffer } from './storage.js';
export { Allocator, type AllocatorOptions, type AllocatorStats } from './allocator.js';

/**
 * Creates the wasm backend. Resolves once the kernels are compiled and the worker threads (if
 * any) are running. Register it with `registerBackend`.
 *
 * - `threads`: threads including the calling one (default: the machine's cores, at most 8).
 *   Threads need shared memory: always available in Node; in a browser only on a cross-origin
 *   isolated page. Elsewhere the backend runs on one thread and says why in `memory().threadsNote`.
 * - `maxMemoryMB`: upper bound of the wasm memory (default 4096). Allocations beyond it raise
 *   `OutOfMemoryError`.
 * - `module`: where to get `kernels.wasm` (bytes, a URL, or a compiled module); default next to
 *   this file.
 */
export function wasm(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  return createWasmBackend(opts);
}
