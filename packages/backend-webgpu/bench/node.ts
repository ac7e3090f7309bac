// Node entry of the WebGPU benchmarks: Dawn on the Vulkan driver that the tests pick.
//   node --conditions=@proj/source --import tsx packages/backend-webgpu/bench/node.ts
import { registerBackend } from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';
import { probeGpu, testBackend } from '../src/testing/gpu.js';
import { runBench } from './run.js';

const probe = await probeGpu();
if (!probe.gpu) {
  console.log(`no WebGPU adapter: ${probe.reason}`);
  process.exit(1);
}
registerBackend(cpu());
const be = await testBackend({ name: 'webgpu' });
registerBackend(be);
await runBench(be, (l) => console.log(l));
process.exit(0);
