import { runProperties } from '@proj/conformance';
import * as F from '@proj/functional';
import { describe } from 'vitest';
import { probeGpu, testBackend } from './testing/gpu.js';

const probe = await probeGpu();

describe.skipIf(!probe.gpu)(
  probe.gpu ? `webgpu properties on ${probe.reason}` : `webgpu properties (skipped: no WebGPU adapter: ${probe.reason})`,
  () => {
    // Software Vulkan is slow: fewer runs per property than on the CPU backends.
    runProperties({ backend: () => testBackend({ name: 'webgpu-properties' }), F: F as unknown as Record<string, unknown>, numRuns: 15 });
  },
);
