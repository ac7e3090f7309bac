import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runSoak } from '@proj/conformance';
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as optim from '@proj/optim';
import { describe } from 'vitest';
import { probeGpu, testBackend } from './testing/gpu.js';

const probe = await probeGpu();
setFlagsFromString('--expose-gc');

describe.skipIf(!probe.gpu)(probe.gpu ? `webgpu soak on ${probe.reason}` : `webgpu soak (skipped: no WebGPU adapter: ${probe.reason})`, () => {
  // Each readback on software Vulkan waits for the whole queue (about a tenth of a second), so the
  // readback loop is shorter here; the scoped and unscoped loops run the full 2,000 steps.
  runSoak({ backend: () => testBackend({ name: 'webgpu-soak' }), F, nn, optim, readbackSteps: 200, gc: runInNewContext('gc') as () => void });
});
