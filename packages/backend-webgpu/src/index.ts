/**
 * `@proj/backend-webgpu`: the WebGPU backend of @proj, WGSL kernels for browsers and Node.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from '@proj/tensor';
 * import { webgpu } from '@proj/backend-webgpu';
 * registerBackend(await webgpu());
 * setBackend('webgpu');
 * ```
 */
export { webgpu, type WebGPUBackend, type WebGPUOptions } from './backend.js';
export type { GpuHandle } from './buffers.js';
export type { KernelSpec } from './pipelines.js';
export { WEBGPU_DTYPES } from './dtypes.js';
