import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnxWorkload } from './graphs.js';
import { encodeModel } from './model.js';

async function run(spec: Parameters<typeof onnxWorkload>[0]): Promise<{ out: Float32Array; feeds: Float32Array[] }> {
  const o = onnxWorkload(spec);
  if (typeof o === 'string') throw new Error(o);
  const session = await ort.InferenceSession.create(encodeModel(o.graph));
  const feeds = Object.fromEntries(o.feeds.map((f) => [f.name, new ort.Tensor('float32', f.data, f.shape)]));
  const result = await session.run(feeds);
  const y = result.y;
  if (!y) throw new Error('no output y');
  const out = y.data as Float32Array;
  await session.release();
  return { out, feeds: o.feeds.map((f) => f.data) };
}

describe('the hand-encoded ONNX models load and compute', () => {
  it('Add', async () => {
    const { out, feeds } = await run({ kind: 'add', numel: 10 });
    const [a, b] = feeds as [Float32Array, Float32Array];
    expect([...out]).toEqual([...a].map((x, i) => Math.fround(x + (b[i] as number))));
  });

  it('MatMul', async () => {
    const { out, feeds } = await run({ kind: 'matmul', n: 3 });
    const [a, b] = feeds as [Float32Array, Float32Array];
    let y01 = 0;
    for (let k = 0; k < 3; k++) y01 += (a[k] as number) * (b[k * 3 + 1] as number);
    expect(out[1]).toBeCloseTo(y01, 5);
  });

  it('Softmax rows sum to one', async () => {
    const { out } = await run({ kind: 'softmax', rows: 2, cols: 5 });
    expect(out.slice(0, 5).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
  });

  it('the classic CNN gives (batch, 10)', async () => {
    const { out } = await run({ kind: 'cnn', batch: 2, train: false });
    expect(out.length).toBe(20);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('Conv with padding keeps the spatial size', async () => {
    const { out } = await run({ kind: 'conv2d', batch: 1, cin: 2, size: 5, cout: 3, k: 3, padding: 1, backward: false });
    expect(out.length).toBe(3 * 5 * 5);
  });

  it('training workloads say why they are not available', () => {
    expect(onnxWorkload({ kind: 'cnn', batch: 2, train: true })).toMatch(/inference only/);
  });
});
