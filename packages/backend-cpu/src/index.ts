/**
 * `@proj/backend-cpu`: the reference backend, plain TypeScript loops over strided inputs.
 *
 * @example
 * ```ts
 * import { registerBackend } from '@proj/tensor';
 * import { cpu } from '@proj/backend-cpu';
 * registerBackend(cpu());
 * ```
 */
export { cpu, type CpuBackendOptions } from './backend.js';
export { gemm, type Mat } from './matmul.js';
export type { Data as CpuData } from './storage.js';
