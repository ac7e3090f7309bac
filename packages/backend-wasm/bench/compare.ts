/**
 * Ours against tfjs-wasm (both on one thread), interleaved round by round so that the load of a
 * shared machine hits both alike: per round, each side's median process CPU time over a few runs;
 * the report gives each side's best round and the median of the per-round ratios.
 *   npx tsx --conditions=@proj/source packages/backend-wasm/bench/compare.ts [rounds]
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as torch from '@proj/tensor';
import { wasm } from '../src/index.js';
import { tfjsWasm } from './tfjs.js';
import { time } from './util.js';

const rounds = Number(process.argv[2] ?? 7);
const be = await wasm({ threads: 1 });
torch.registerBackend(be);
const tf = await tfjsWasm();

interface Pair {
  name: string;
  ours: () => void;
  theirs: () => void;
  reps: number;
}
const pairs: Pair[] = [];

for (const n of [256, 512, 1024]) {
  const a = torch.randn([n, n]);
  const ta = tf.randomNormal([n, n]);
  pairs.push({
    name: `matmul ${n}`,
    reps: n >= 1024 ? 2 : 6,
    ours: () => a.matmul(a).dispose(),
    theirs: () => {
      const c = tf.matMul(ta, ta);
      c.dataSync();
      c.dispose();
    },
  });
}
{
  torch.manual_seed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(512, 10),
  );
  const x = torch.randn([64, 1, 28, 28]);
  const w1 = tf.randomNormal([5, 5, 1, 16]);
  const b1 = tf.randomNormal([16]);
  const w2 = tf.randomNormal([5, 5, 16, 32]);
  const b2 = tf.randomNormal([32]);
  const w3 = tf.randomNormal([512, 10]);
  const b3 = tf.randomNormal([10]);
  const tx = tf.randomNormal([64, 28, 28, 1]);
  pairs.push({
    name: 'CNN forward b64',
    reps: 6,
    ours: () => torch.no_grad(() => torch.scope(() => void model.forward(x).dataSync())),
    theirs: () => {
      const r = tf.tidy(() => {
        let h = tf.fused.conv2d({ x: tx, filter: w1, strides: 1, pad: 'valid', bias: b1, activation: 'relu' });
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.fused.conv2d({ x: h, filter: w2, strides: 1, pad: 'valid', bias: b2, activation: 'relu' });
        h = tf.maxPool(h, 2, 2, 'valid');
        return tf.fused.matMul({ a: h.reshape([64, 512]), b: w3, bias: b3 });
      });
      r.dataSync();
      r.dispose();
    },
  });
}
{
  const cx = torch.randn([8, 64, 56, 56]);
  const cw = torch.randn([64, 64, 3, 3]).mul(0.05);
  const cb = torch.randn([64]);
  const tx = tf.randomNormal([8, 56, 56, 64]);
  const tw = tf.randomNormal([3, 3, 64, 64]);
  const tb = tf.randomNormal([64]);
  pairs.push({
    name: 'conv 3×3 (8,64,56,56)→64 pad 1',
    reps: 2,
    ours: () => torch.no_grad(() => torch.scope(() => void F.conv2d(cx, cw, cb, { padding: 1 }).dataSync())),
    theirs: () => {
      const r = tf.fused.conv2d({ x: tx, filter: tw, strides: 1, pad: 'same', bias: tb });
      r.dataSync();
      r.dispose();
    },
  });
}

for (const p of pairs) {
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = time(p.ours, p.reps, 1).cpu;
    const b = time(p.theirs, p.reps, 1).cpu;
    ours.push(a);
    theirs.push(b);
    ratios.push(b / a);
  }
  ratios.sort((x, y) => x - y);
  const med = ratios[Math.floor(ratios.length / 2)]!;
  console.log(
    `${p.name.padEnd(32)} ours ${Math.min(...ours).toFixed(2)} ms, tfjs-wasm ${Math.min(...theirs).toFixed(2)} ms (best rounds, cpu); speed-up ×${med.toFixed(2)} (median of ${rounds} rounds, range ${ratios[0]!.toFixed(2)}–${ratios[ratios.length - 1]!.toFixed(2)})`,
  );
}
console.log(`relaxed SIMD: ${be.runtime.relaxedSimd}`);
process.exit(0);
