// The WebGPU tests again, in headless Chromium (SwiftShader's WebGPU adapter). The root
// vitest.config.ts adds this project when /usr/bin/chromium (or CHROMIUM_PATH) exists.
import { defineProject } from 'vitest/config';
import { CHROMIUM, alias } from '../../vitest.config.ts';

export default defineProject({
  resolve: { alias },
  test: {
    name: 'webgpu-chromium',
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
            args: [
              '--enable-unsafe-webgpu',
              '--no-sandbox',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
              '--disable-quic',
            ],
          },
        },
      ],
    },
  },
});
