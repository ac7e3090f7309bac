/**
 * Every backend this process can create: cpu always; wasm and webgpu when their packages load
 * and (for webgpu) an adapter exists. Unavailable ones are reported with the reason.
 */
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import type { Backend } from '@proj/tensor';

export interface Available {
  names: string[];
  skipped: { name: string; reason: string }[];
}

const FACTORIES: Record<string, () => Promise<Backend>> = {
  cpu: async () => cpu(),
  wasm: async () => (await import('@proj/backend-wasm')).wasm(),
  webgpu: async () => (await import('@proj/backend-webgpu')).webgpu(),
};

/** Creates and registers the backends (all, or those in `only`); cpu stays the current one. */
export async function createBackends(only?: readonly string[]): Promise<Available> {
  const out: Available = { names: [], skipped: [] };
  for (const [name, create] of Object.entries(FACTORIES)) {
    if (only && !only.includes(name)) continue;
    try {
      torch.registerBackend(await create());
      out.names.push(name);
    } catch (e) {
      out.skipped.push({ name, reason: (e as Error).message });
    }
  }
  torch.setBackend(out.names[0] ?? 'cpu');
  return out;
}
