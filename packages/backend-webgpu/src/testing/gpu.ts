/**
 * Finding a WebGPU adapter for the tests, in Node (Dawn on a Vulkan driver) and in browsers
 * (navigator.gpu). Not part of the package's API.
 *
 * In Node the Vulkan driver is picked before Dawn starts: an already set `VK_DRIVER_FILES` wins;
 * otherwise Mesa lavapipe from bookworm-backports (installed by tools/setup-vulkan.sh), then the
 * SwiftShader that Debian's chromium ships. Mesa 22's lavapipe (plain bookworm) is rejected by
 * Dawn, so an ICD that gives no adapter is skipped.
 */
import { type WebGPUBackend, type WebGPUOptions, webgpu } from '../backend.js';

const ICDS = [
  '/usr/share/vulkan/icd.d/lvp_icd.json',
  '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json',
  '/usr/share/vulkan/icd.d/lvp_icd.aarch64.json',
  '/usr/lib/chromium/vk_swiftshader_icd.json',
];

export interface Probe {
  /** A GPU object with a working adapter, or null. */
  readonly gpu: GPU | null;
  /** Why there is no adapter, or which one there is. */
  readonly reason: string;
}

const isNode = () => typeof process !== 'undefined' && typeof process.versions?.node === 'string' && !('gpu' in (globalThis.navigator ?? {}));

async function nodeProbe(): Promise<Probe> {
  const fs = 'node:fs';
  const { existsSync } = (await import(/* @vite-ignore */ fs)) as typeof import('node:fs');
  const name = 'webgpu';
  let create: (flags: string[]) => GPU;
  try {
    ({ create } = (await import(/* @vite-ignore */ name)) as { create: typeof create });
  } catch (e) {
    return { gpu: null, reason: `the 'webgpu' package does not load: ${(e as Error).message}` };
  }
  const preset = process.env.VK_DRIVER_FILES;
  const candidates = preset ? [preset] : ICDS.filter((f) => existsSync(f));
  if (!candidates.length) return { gpu: null, reason: 'no Vulkan driver found (run tools/setup-vulkan.sh as root, or set VK_DRIVER_FILES)' };
  for (const icd of candidates) {
    process.env.VK_DRIVER_FILES = icd;
    const gpu = create([]);
    const adapter = await gpu.requestAdapter();
    if (adapter) return { gpu, reason: `${adapter.info.description || adapter.info.device} via ${icd}` };
  }
  if (!preset) delete process.env.VK_DRIVER_FILES;
  return { gpu: null, reason: `Dawn found no adapter with ${candidates.join(', ')}` };
}

let probe: Promise<Probe> | null = null;

/** Finds an adapter once per test file. */
export function probeGpu(): Promise<Probe> {
  return (probe ??= (async () => {
    if (!isNode()) {
      const gpu = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
      if (!gpu) return { gpu: null, reason: 'navigator.gpu is undefined (is --enable-unsafe-webgpu set?)' };
      const adapter = await gpu.requestAdapter();
      return adapter ? { gpu, reason: adapter.info?.description || 'browser adapter' } : { gpu: null, reason: 'navigator.gpu.requestAdapter() returned null' };
    }
    return nodeProbe();
  })());
}

/** A backend on the probed adapter (throws when there is none: guard with `probeGpu()`). */
export async function testBackend(opts: WebGPUOptions = {}): Promise<WebGPUBackend> {
  const { gpu, reason } = await probeGpu();
  if (!gpu) throw new Error(`no WebGPU adapter: ${reason}`);
  return webgpu({
    gpu,
    onCompileError: (spec, message) => {
      throw new Error(`WGSL for ${JSON.stringify(spec)} failed to compile:\n${message}`);
    },
    ...opts,
  });
}
