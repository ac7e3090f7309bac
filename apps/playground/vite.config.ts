import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

/** Cross-origin isolation: without it the page gets no SharedArrayBuffer and wasm runs on one thread. */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Workspace packages are served from their TypeScript sources (their exports' `@proj/source`).
  resolve: { conditions: ['@proj/source', ...defaultClientConditions] },
  server: { headers: ISOLATION },
  preview: { headers: ISOLATION },
  // Nothing here needs pre-bundling; discovering a dependency late would reload the page mid-run.
  optimizeDeps: { noDiscovery: true, include: [] },
  // Module.toString() prints class names, as PyTorch's repr does: minifying must keep them.
  esbuild: { keepNames: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
