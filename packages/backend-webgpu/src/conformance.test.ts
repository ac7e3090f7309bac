import { runConformance } from '@proj/conformance';
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import { describe } from 'vitest';
import { probeGpu, testBackend } from './testing/gpu.js';

const probe = await probeGpu();

describe.skipIf(!probe.gpu)(
  probe.gpu ? `webgpu on ${probe.reason}` : `webgpu conformance (skipped: no WebGPU adapter: ${probe.reason})`,
  () => {
    runConformance({ backend: () => testBackend(), namespaces: { F: F as unknown as Record<string, unknown>, nn: nn as unknown as Record<string, unknown> } });
  },
);
