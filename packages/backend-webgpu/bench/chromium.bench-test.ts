// Chromium entry of the WebGPU benchmarks (SwiftShader's adapter in headless Chromium):
//   npx vitest run -c packages/backend-webgpu/vitest.bench.config.ts
// It is a vitest file only to reuse the browser harness; it asserts nothing but that it ran.
import { registerBackend } from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';
import { expect, it } from 'vitest';
import { probeGpu, testBackend } from '../src/testing/gpu.js';
import { runBench } from './run.js';

it('benchmarks', async () => {
  const probe = await probeGpu();
  expect(probe.gpu, probe.reason).toBeTruthy();
  registerBackend(cpu());
  const be = await testBackend({ name: 'webgpu' });
  registerBackend(be);
  const lines: string[] = [];
  await runBench(be, (l) => {
    lines.push(l);
    console.log(l);
  });
  expect(lines.length).toBeGreaterThan(5);
});
