/**
 * The seed CNN's convolution kernels one by one (batch 64), with their GFLOP/s, on one thread.
 *   npx tsx --conditions=@proj/source packages/backend-wasm/bench/convparts.ts
 */
import * as torch from '@proj/tensor';
import type { Conv2dParams, StridedView } from '@proj/tensor';
import { wasm } from '../src/index.js';
import type { WasmBuffer } from '../src/storage.js';
import { fmt, time } from './util.js';

const threads = Number(process.argv[2] ?? 1);
const be = await wasm({ threads });
torch.registerBackend(be);
const view = (t: torch.Tensor): StridedView<WasmBuffer> => ({
  handle: (t as unknown as { _storage: { handle: WasmBuffer } })._storage.handle,
  dtype: t.dtype, shape: t.shape, strides: t.stride(), offset: 0,
});
const p: Conv2dParams = { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 };
const cases = [
  { name: 'conv1', x: [64, 1, 28, 28], w: [16, 1, 5, 5], y: [64, 16, 24, 24] },
  { name: 'conv2', x: [64, 16, 12, 12], w: [32, 16, 5, 5], y: [64, 32, 8, 8] },
];
for (const c of cases) {
  const x = view(torch.randn(c.x));
  const w = view(torch.randn(c.w));
  const gy = view(torch.randn(c.y));
  const flops = 2 * c.y.reduce((a, b) => a * b, 1) * c.w[1]! * c.w[2]! * c.w[3]!;
  const rate = (t: { cpu: number; median: number }) => `${(flops / (threads > 1 ? t.median : t.cpu) / 1e6).toFixed(1)} GFLOP/s`;
  const f = time(() => be.dispose(be.conv2d!(x, w, null, p)), 20);
  console.log(`${c.name} forward      ${fmt(f)}  ${rate(f)}`);
  const gi = time(() => be.dispose(be.conv2dGradInput!(gy, w, p, c.x)), 20);
  console.log(`${c.name} grad input   ${fmt(gi)}  ${rate(gi)}`);
  const gw = time(() => be.dispose(be.conv2dGradWeight!(x, gy, p, c.w)), 20);
  console.log(`${c.name} grad weight  ${fmt(gw)}  ${rate(gw)}`);
}
const a = torch.randn([256, 256]);
const mm = time(() => a.matmul(a).dispose(), 20);
console.log(`mm256 ${fmt(mm)} ${((2 * 256 ** 3) / (threads > 1 ? mm.median : mm.cpu) / 1e6).toFixed(1)} GFLOP/s`);
process.exit(0);
