import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: { compilerOptions: { customConditions: [] } },
  sourcemap: true,
  clean: true,
  tsconfig: '../../tsconfig.build.json',
  // The kernels ship next to index.js, where `new URL('./kernels.wasm', import.meta.url)` finds them.
  onSuccess: async () => {
    for (const f of ['kernels.wasm', 'kernels-relaxed.wasm']) copyFileSync(`src/${f}`, `dist/${f}`);
  },
});
