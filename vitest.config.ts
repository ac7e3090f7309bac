import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from source (no build first): `@proj/<dir>` → packages/<dir>/src.
const packagesDir = fileURLToPath(new URL('./packages', import.meta.url));
const alias = readdirSync(packagesDir).map((dir) => ({
  find: new RegExp(`^@proj/${dir}$`),
  replacement: `${packagesDir}/${dir}/src/index.ts`,
}));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
