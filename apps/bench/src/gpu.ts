/**
 * One WebGPU `GPU` object for the whole run, shared by @proj webgpu and tfjs-webgpu. In Node it is
 * Dawn's (the `webgpu` package) on whatever Vulkan driver the loader finds; `VK_DRIVER_FILES`
 * picks one (Mesa lavapipe: /usr/share/vulkan/icd.d/lvp_icd.json) and must be set before Dawn
 * starts, so before this runs. The object is published as `navigator.gpu`, where tfjs-backend-webgpu
 * looks for it and where @proj/backend-webgpu finds it before creating a second Dawn instance.
 *
 * Dawn crashes if the object `create()` returned is garbage-collected while work is in flight, so
 * it stays referenced here (and on `navigator`) until the process ends. Dawn's constants
 * (`GPUBufferUsage`...) become globals too, as in a browser.
 */
export interface GpuProbe {
  /** A GPU object that gave an adapter, or null. */
  gpu: GPU | null;
  /** The adapter's description, or why there is none. */
  reason: string;
}

type Load = () => Promise<{ create(flags: string[]): GPU; globals?: object }>;
type Global = { navigator?: unknown; [name: string]: unknown };

// A variable specifier, as in @proj/backend-webgpu: the native package loads only when needed.
const DAWN = 'webgpu';
const loadDawn: Load = () => import(/* @vite-ignore */ DAWN) as ReturnType<Load>;

const held: GPU[] = [];

/**
 * Finds a WebGPU adapter: `navigator.gpu` if the runtime has one, otherwise Dawn. When there is an
 * adapter the GPU object is published as `navigator.gpu`; when there is none, nothing is published
 * and `reason` says why.
 */
export async function probeGpu(load: Load = loadDawn, g: Global = globalThis as Global, env: NodeJS.ProcessEnv = process.env): Promise<GpuProbe> {
  let gpu = navigatorGpu(g);
  if (!gpu) {
    try {
      const dawn = await load();
      gpu = dawn.create([]);
      // tfjs-backend-webgpu uses the browser's constants (GPUBufferUsage, GPUMapMode...) as globals.
      for (const [k, v] of Object.entries(dawn.globals ?? {})) if (!(k in g)) g[k] = v;
    } catch (e) {
      return { gpu: null, reason: `the 'webgpu' package (Dawn) does not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
    }
  }
  held.push(gpu);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { gpu: null, reason: `requestAdapter() failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  if (!adapter) {
    const icd = env.VK_DRIVER_FILES;
    return {
      gpu: null,
      reason: `no WebGPU adapter (${icd ? `VK_DRIVER_FILES=${icd}` : 'VK_DRIVER_FILES unset'}; without a GPU, point VK_DRIVER_FILES at Mesa lavapipe, /usr/share/vulkan/icd.d/lvp_icd.json)`,
    };
  }
  exposeGpu(gpu, g);
  const info = adapter.info;
  const name = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  return { gpu, reason: name };
}

function navigatorGpu(g: Global): GPU | null {
  const nav = g.navigator as { gpu?: GPU } | undefined;
  return nav && typeof nav === 'object' && nav.gpu ? nav.gpu : null;
}

/**
 * Sets `navigator.gpu` to `gpu`: creates `navigator` where the runtime has none (Node 20), or adds
 * the property to the existing object (Node 21+ has a `navigator` without `gpu`, as a getter that
 * plain assignment cannot replace).
 */
export function exposeGpu(gpu: GPU, g: Global = globalThis as Global): void {
  const nav = g.navigator;
  if (nav && typeof nav === 'object') {
    if ((nav as { gpu?: GPU }).gpu !== gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, enumerable: true, writable: true });
    return;
  }
  Object.defineProperty(g, 'navigator', { value: { gpu }, configurable: true, enumerable: true, writable: true });
}
