/** Loads tfjs with its wasm backend from apps/bench's dependencies (not ours). */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function tfjsWasm(): Promise<typeof import('@tensorflow/tfjs')> {
  const require = createRequire(fileURLToPath(new URL('../../../apps/bench/package.json', import.meta.url)));
  const tf = (await import(require.resolve('@tensorflow/tfjs'))) as typeof import('@tensorflow/tfjs');
  const w = (await import(require.resolve('@tensorflow/tfjs-backend-wasm'))) as typeof import('@tensorflow/tfjs-backend-wasm');
  w.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}/`);
  tf.enableProdMode();
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}
