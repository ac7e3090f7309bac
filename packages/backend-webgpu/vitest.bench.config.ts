// Runs bench/chromium.bench-test.ts in headless Chromium (not part of `vitest run`):
//   npx vitest run -c packages/backend-webgpu/vitest.bench.config.ts
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import browser from './vitest.browser.config.ts';

export default defineProject({
  ...browser,
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { ...browser.test, name: 'webgpu-bench', include: ['bench/**/*.bench-test.ts'], testTimeout: 600_000 },
});
