/**
 * Creates every backend this browser offers (through app-shared's `createBackends`) and describes
 * what each reports: wasm's threads or why it runs on one, webgpu's adapter or why there is none.
 */
import { createBackends } from '@proj/app-shared';
import * as torch from '@proj/tensor';
import type { BackendInfo } from './api.js';

const ORDER = ['cpu', 'wasm', 'webgpu'];

function describe(name: string): BackendInfo {
  const backend = torch.getBackend(name);
  if (name === 'wasm') {
    const m = backend.memory();
    const threads = Number(m.threads ?? 1);
    const simd = m.relaxedSimd ? 'relaxed SIMD' : 'SIMD';
    const note = typeof m.threadsNote === 'string' ? `: ${m.threadsNote}` : '';
    return { name, available: true, threads, detail: `${threads} thread${threads === 1 ? '' : 's'}, ${simd}${note}` };
  }
  if (name === 'webgpu') {
    const adapter = (backend as { adapterName?: string }).adapterName ?? 'unknown adapter';
    return { name, available: true, detail: `adapter: ${adapter}` };
  }
  return { name, available: true, detail: 'reference kernels in plain JavaScript' };
}

export async function setupBackends(): Promise<BackendInfo[]> {
  const found = await createBackends();
  const infos = [
    ...found.names.map(describe),
    ...found.skipped.map((s) => ({ name: s.name, available: false, detail: `unavailable: ${s.reason}` })),
  ];
  return infos.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
}
