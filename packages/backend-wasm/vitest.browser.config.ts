// The wasm backend's tests again, in headless Chromium. The page is served cross-origin isolated
// (COOP/COEP), so the backend gets shared memory and Web Worker threads there too. The root
// vitest.config.ts adds this project when /usr/bin/chromium (or CHROMIUM_PATH) exists.
import type { Plugin } from 'vite';
import { defineProject } from 'vitest/config';
import { CHROMIUM, alias } from '../../vitest.config.ts';

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Sends the isolation headers on every response of the test server, iframes and assets included. */
const crossOriginIsolation: Plugin = {
  name: 'cross-origin-isolation',
  configureServer(server) {
    server.middlewares.use((_req, res, next) => {
      for (const [k, v] of Object.entries(ISOLATION)) res.setHeader(k, v);
      next();
    });
  },
};

export default defineProject({
  resolve: { alias },
  plugins: [crossOriginIsolation],
  server: { headers: ISOLATION },
  test: {
    name: 'wasm-chromium',
    include: ['src/**/*.test.ts'],
    // The soak needs Node's forced garbage collection; it runs in the node project.
    exclude: ['src/soak.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    browser: {
      enabled: true,
      provider: 'playwright',
      headless: true,
      screenshotFailures: false,
      instances: [
        {
          browser: 'chromium',
          launch: {
            executablePath: CHROMIUM,
            args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
          },
        },
      ],
    },
  },
});
