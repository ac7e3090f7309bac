/**
 * f32 matmul GFLOP/s at 256/512/1024: @proj/backend-wasm on 1 and 2 threads, and tfjs-wasm (SIMD,
 * 1 thread: its threaded build does not load in Node).
 *   npx tsx --conditions=@proj/source packages/backend-wasm/bench/matmul.ts
 */
import * as torch from '@proj/tensor';
import { wasm } from '../src/index.js';
import { tfjsWasm } from './tfjs.js';
import { fmt, time } from './util.js';

const sizes = [256, 512, 1024];
const reps = (n: number) => (n >= 1024 ? 6 : 15);
// Untimed runs first: about 0.1 s of them, so that V8 has compiled the kernels with its optimizing
// tier (a fresh module starts on the baseline one, and compiles in the background meanwhile).
const warm = (n: number) => (n >= 1024 ? 3 : n >= 512 ? 10 : 60);
const rows: string[] = [];
for (const threads of [1, 2]) {
  torch.registerBackend(await wasm({ threads, name: `wasm${threads}` }));
  torch.setBackend(`wasm${threads}`);
  for (const n of sizes) {
    const a = torch.randn(n, n);
    const b = torch.randn(n, n);
    const t = time(() => a.matmul(b).dispose(), reps(n), warm(n));
    rows.push(`ours ${threads}T  ${n}: ${((2 * n ** 3) / t.median / 1e6).toFixed(1)} GFLOP/s by wall median (best ${((2 * n ** 3) / t.best / 1e6).toFixed(1)}), ${((2 * n ** 3) / t.cpu / 1e6).toFixed(1)} by cpu`);
    a.dispose();
    b.dispose();
  }
}
const tf = await tfjsWasm();
for (const n of sizes) {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const t = time(() => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  }, reps(n), warm(n));
  rows.push(`tfjs-wasm 1T ${n}: ${((2 * n ** 3) / t.median / 1e6).toFixed(1)} GFLOP/s by wall median (best ${((2 * n ** 3) / t.best / 1e6).toFixed(1)}), ${((2 * n ** 3) / t.cpu / 1e6).toFixed(1)} by cpu`);
}
console.log(rows.join('\n'));
process.exit(0);
