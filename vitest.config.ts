import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from source (no build first): `@proj/<dir>` → packages/<dir>/src.
const packagesDir = fileURLToPath(new URL('./packages', import.meta.url));
export const alias = readdirSync(packagesDir).map((dir) => ({
  find: new RegExp(`^@proj/${dir}$`),
  replacement: `${packagesDir}/${dir}/src/index.ts`,
}));

/** Headless Chromium for the browser projects (Debian's package; never downloaded). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserConfigs = existsSync(CHROMIUM)
  ? readdirSync(packagesDir)
      .map((dir) => `packages/${dir}/vitest.browser.config.ts`)
      .filter((f) => existsSync(fileURLToPath(new URL(`./${f}`, import.meta.url))))
  : [];
if (!browserConfigs.length) {
  // Said, never silent: these projects need Debian's chromium (`apt-get install chromium`).
  console.warn(`vitest: the browser projects (webgpu-chromium and the others) are skipped: ${CHROMIUM} not found`);
}

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/**/*.test.ts', 'docs/**/*.test.ts'],
          pool: 'forks',
        },
      },
      ...browserConfigs,
    ],
  },
});
