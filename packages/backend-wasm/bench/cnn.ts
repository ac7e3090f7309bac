/**
 * The seed CNN at batch 64 (Conv2d(1,16,5) → ReLU → MaxPool2d(2) → Conv2d(16,32,5) → ReLU →
 * MaxPool2d(2) → Linear(512,10)): forward and SGD training step on 1 and 2 threads, tfjs-wasm's
 * forward (NHWC, 1 thread), and a 3×3 conv2d (8,64,56,56)→64, padding 1, on both.
 *   npx tsx --conditions=@proj/source packages/backend-wasm/bench/cnn.ts [reps]
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as optim from '@proj/optim';
import * as torch from '@proj/tensor';
import { wasm } from '../src/index.js';
import { tfjsWasm } from './tfjs.js';
import { fmt, time } from './util.js';

const reps = Number(process.argv[2] ?? 20);
const out: string[] = [];


for (const threads of [1, 2]) {
  const name = `wasm${threads}`;
  torch.registerBackend(await wasm({ threads, name }));
  torch.setBackend(name);
  torch.manual_seed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(512, 10),
  );
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const x = torch.randn([64, 1, 28, 28]);
  const y = torch.randint(0, 10, [64]);
  const fwd = time(() => torch.no_grad(() => torch.scope(() => void model.forward(x).dataSync())), reps, 5);
  out.push(`ours ${threads}T  CNN forward:    ${fmt(fwd)}`);
  const step = time(() => torch.scope(() => {
    opt.zero_grad();
    const loss = F.cross_entropy(model.forward(x), y);
    loss.backward();
    opt.step();
    loss.item();
  }), reps, 5);
  out.push(`ours ${threads}T  CNN train step: ${fmt(step)}`);
  const cx = torch.randn([8, 64, 56, 56]);
  const cw = torch.randn([64, 64, 3, 3]).mul(0.05);
  const cb = torch.randn([64]);
  const conv = time(() => torch.no_grad(() => torch.scope(() => void F.conv2d(cx, cw, cb, { padding: 1 }).dataSync())), Math.max(5, reps / 4), 2);
  out.push(`ours ${threads}T  conv 3×3 (8,64,56,56)→64: ${fmt(conv)} (${((2 * 8 * 64 * 64 * 9 * 56 * 56) / conv.median / 1e6).toFixed(1)} GFLOP/s by wall median, ${((2 * 8 * 64 * 64 * 9 * 56 * 56) / conv.cpu / 1e6).toFixed(1)} by cpu)`);
}

const tf = await tfjsWasm();
{
  const w1 = tf.randomNormal([5, 5, 1, 16]);
  const b1 = tf.randomNormal([16]);
  const w2 = tf.randomNormal([5, 5, 16, 32]);
  const b2 = tf.randomNormal([32]);
  const w3 = tf.randomNormal([512, 10]);
  const b3 = tf.randomNormal([10]);
  const x = tf.randomNormal([64, 28, 28, 1]);
  const fwd = time(() => {
    const r = tf.tidy(() => {
      let h = tf.fused.conv2d({ x, filter: w1, strides: 1, pad: 'valid', bias: b1, activation: 'relu' });
      h = tf.maxPool(h, 2, 2, 'valid');
      h = tf.fused.conv2d({ x: h, filter: w2, strides: 1, pad: 'valid', bias: b2, activation: 'relu' });
      h = tf.maxPool(h, 2, 2, 'valid');
      return tf.fused.matMul({ a: h.reshape([64, 512]), b: w3, bias: b3 });
    });
    r.dataSync();
    r.dispose();
  }, reps, 5);
  out.push(`tfjs-wasm 1T CNN forward:    ${fmt(fwd)}`);
  const cx = tf.randomNormal([8, 56, 56, 64]);
  const cw = tf.randomNormal([3, 3, 64, 64]);
  const cb = tf.randomNormal([64]);
  const conv = time(() => {
    const r = tf.fused.conv2d({ x: cx, filter: cw, strides: 1, pad: 'same', bias: cb });
    r.dataSync();
    r.dispose();
  }, Math.max(5, reps / 4), 2);
  out.push(`tfjs-wasm 1T conv 3×3 (8,56,56,64)→64: ${fmt(conv)} (${((2 * 8 * 64 * 64 * 9 * 56 * 56) / conv.median / 1e6).toFixed(1)} GFLOP/s by wall median, ${((2 * 8 * 64 * 64 * 9 * 56 * 56) / conv.cpu / 1e6).toFixed(1)} by cpu)`);
}
console.log(out.join('\n'));
process.exit(0);
