/// <reference types="@webgpu/types" />
/**
 * Finding a GPU: the user's device, the user's `GPU` object, the browser's `navigator.gpu`, or in
 * Node the `webgpu` package (Dawn), an optional peer dependency imported only when needed.
 */
import { BackendError } from '@proj/tensor';

/** What the backend runs on. */
export interface Acquired {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter | null;
  /** The `GPU` object the adapter came from; held for the backend's lifetime (see below). */
  readonly gpu: GPU | null;
  /** True when the backend created the device (and so destroys it on `destroy()`). */
  readonly owned: boolean;
}

/**
 * Dawn in Node crashes inside `mapAsync` if the object `create()` returned is garbage-collected,
 * so every GPU object the backend uses stays referenced here until `destroy()`.
 */
const held = new Set<unknown>();

export function hold(o: unknown): void {
  held.add(o);
}
export function release(o: unknown): void {
  held.delete(o);
}

async function nodeGpu(): Promise<GPU | null> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return null;
  // A variable specifier keeps bundlers from resolving the native package for browsers.
  const name = 'webgpu';
  let mod: { create(flags: string[]): GPU };
  try {
    mod = (await import(/* @vite-ignore */ name)) as typeof mod;
  } catch (e) {
    throw new BackendError(
      `webgpu: no WebGPU in this Node process: install the 'webgpu' package (npm i webgpu) or pass webgpu({ gpu }) or webgpu({ device }) (${(e as Error).message})`,
    );
  }
  return mod.create([]);
}

/** Finds a GPU object: the given one, the browser's, or Dawn's in Node. */
export async function findGpu(gpu?: GPU): Promise<GPU> {
  if (gpu) return gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const g = await nodeGpu();
  if (g) return g;
  throw new BackendError('webgpu: this environment has no WebGPU (navigator.gpu is undefined); use a browser with WebGPU enabled or pass webgpu({ device })');
}

export interface DeviceRequest {
  device?: GPUDevice;
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
}

export async function acquire(req: DeviceRequest): Promise<Acquired> {
  if (req.device) return { device: req.device, adapter: null, gpu: req.gpu ?? null, owned: false };
  const gpu = await findGpu(req.gpu);
  hold(gpu);
  const adapter = await gpu.requestAdapter(req.powerPreference ? { powerPreference: req.powerPreference } : undefined);
  if (!adapter) {
    release(gpu);
    const linux = typeof process !== 'undefined' && process.platform === 'linux';
    throw new BackendError(
      `webgpu: no WebGPU adapter was found${linux ? ' (on Linux without a GPU, install a Vulkan driver such as Mesa lavapipe from bookworm-backports and set VK_DRIVER_FILES; see tools/setup-vulkan.sh)' : ''}`,
    );
  }
  const l = adapter.limits;
  const device = await adapter.requestDevice({
    // float16 tensors need it; an adapter without it (SwiftShader) still runs everything else.
    requiredFeatures: adapter.features.has('shader-f16') ? ['shader-f16'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
    },
  });
  hold(device);
  return { device, adapter, gpu, owned: true };
}

/** A one-line description of the adapter, e.g. `mesa llvmpipe (Mesa 25.0.7)`. */
export function describe(a: Acquired): string {
  const info = a.adapter?.info ?? (a.device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  if (!info) return 'unknown adapter';
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
}
