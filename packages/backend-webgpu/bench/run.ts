/**
 * WebGPU backend benchmarks, shared by the Node entry (bench/node.ts) and the Chromium entry
 * (bench/chromium.bench-test.ts). Every figure is a median of timed repetitions after a warm-up,
 * measured from enqueue to `await backend.sync()`, so it includes submission and driver time.
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import { SGD } from '@proj/optim';
import * as torch from '@proj/tensor';
import type { WebGPUBackend } from '../src/backend.js';

type Log = (line: string) => void;

async function time(be: WebGPUBackend, reps: number, f: () => void): Promise<number> {
  f();
  await be.sync();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    await be.sync();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}

/** The kernels `f` launches, counted by wrapping the backend's kernel methods for one call. */
function dispatchesOf(be: WebGPUBackend, f: () => void): number {
  let n = 0;
  const names = Object.keys(be).filter((k) => typeof (be as unknown as Record<string, unknown>)[k] === 'function');
  const saved = new Map<string, unknown>();
  const skip = new Set(['read', 'dispose', 'memory', 'warmup', 'compiled', 'flush', 'sync', 'emptyCache', 'destroy', 'unsupportedDtypeHint', 'upload']);
  for (const k of names) {
    if (skip.has(k)) continue;
    const fn = (be as unknown as Record<string, (...a: unknown[]) => unknown>)[k]!;
    saved.set(k, fn);
    (be as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
      n++;
      return fn(...a);
    };
  }
  try {
    f();
  } finally {
    for (const [k, fn] of saved) (be as unknown as Record<string, unknown>)[k] = fn;
  }
  return n;
}

/** A naive matmul (one thread per output, no shared memory) on the same device, as a yardstick. */
async function naiveMatmul(be: WebGPUBackend, n: number): Promise<number> {
  const d = be.device;
  const code = `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) g: vec3u) {
  let n = ${n}u;
  if (g.x >= n || g.y >= n) { return; }
  var s = 0.0;
  for (var k = 0u; k < n; k++) { s = fma(A[g.y * n + k], B[k * n + g.x], s); }
  C[g.y * n + g.x] = s;
}`;
  const pipeline = d.createComputePipeline({ layout: 'auto', compute: { module: d.createShaderModule({ code }), entryPoint: 'main' } });
  const bufs = [0, 1, 2].map(() => d.createBuffer({ size: n * n * 4, usage: 0x80 }));
  const bg = d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: bufs.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const run = async () => {
    const enc = d.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(Math.ceil(n / 8), Math.ceil(n / 8));
    pass.end();
    d.queue.submit([enc.finish()]);
    await d.queue.onSubmittedWorkDone();
  };
  await run();
  const ts: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    await run();
    ts.push(performance.now() - t0);
  }
  for (const b of bufs) b.destroy();
  return ts.sort((a, b) => a - b)[2]!;
}

export async function runBench(be: WebGPUBackend, log: Log): Promise<void> {
  const dev = be.name;
  torch.manual_seed(0);
  log(`adapter: ${be.adapterName}`);

  for (const n of [128, 256, 512]) {
    await torch.scope(async () => {
      const a = torch.randn([n, n]).to(dev);
      const b = torch.randn([n, n]).to(dev);
      const ms = await time(be, 5, () => a.matmul(b).dispose());
      const naive = await naiveMatmul(be, n);
      log(`matmul ${n}³: ${ms.toFixed(2)} ms, ${((2 * n ** 3) / ms / 1e6).toFixed(2)} GFLOP/s; naive kernel ${naive.toFixed(2)} ms (${(naive / ms).toFixed(1)}× slower)`);
    });
  }

  await torch.scope(async () => {
    const x = torch.randn([32, 16, 28, 28]).to(dev);
    const w = torch.randn([32, 16, 3, 3]).to(dev);
    const flops = 2 * 32 * 32 * 28 * 28 * 16 * 9;
    const fwd = await time(be, 5, () => F.conv2d(x, w, null, { padding: 1 }).dispose());
    log(`conv2d forward [32,16,28,28]*[32,16,3,3] pad 1: ${fwd.toFixed(2)} ms, ${(flops / fwd / 1e6).toFixed(2)} GFLOP/s`);
    const gy = torch.randn([32, 32, 28, 28]).to(dev);
    const p = { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 } as const;
    const gi = await time(be, 5, () => torch.wrap(be, be.conv2dGradInput!(torch.kview(gy) as never, torch.kview(w) as never, p, x.shape), x.shape, 'float32').dispose());
    const gw = await time(be, 5, () => torch.wrap(be, be.conv2dGradWeight!(torch.kview(x) as never, torch.kview(gy) as never, p, w.shape), w.shape, 'float32').dispose());
    log(`conv2d grad input: ${gi.toFixed(2)} ms (${(flops / gi / 1e6).toFixed(2)} GFLOP/s); grad weight: ${gw.toFixed(2)} ms (${(flops / gw / 1e6).toFixed(2)} GFLOP/s)`);
  });

  await torch.scope(async () => {
    const x = torch.randn([1 << 20]).to(dev);
    const one = await time(be, 9, () => x.add(1).dispose());
    const chain = await time(be, 9, () => torch.scope(() => { x.mul(2).add(1).relu(); }));
    log(`elementwise on 1M floats: one op ${one.toFixed(2)} ms; relu(x*2+1) as 3 dispatches ${chain.toFixed(2)} ms (a fused kernel would cost about one op)`);
  });

  await torch.scope(async () => {
    const x = torch.randn([32, 16, 14, 14]).to(dev).requires_grad_(true);
    const weight = torch.ones([16]).to(dev).requires_grad_(true);
    const bias = torch.zeros([16]).to(dev).requires_grad_(true);
    const step = () => torch.scope(() => {
      F.batch_norm(x, null, null, { weight, bias, training: true }).sum().backward();
      x.grad?.dispose();
      x.grad = null;
      weight.grad = null;
      bias.grad = null;
    });
    const kernels = dispatchesOf(be, step);
    const ms = await time(be, 5, step);
    const one = await time(be, 9, () => x.add(1).dispose());
    log(`batch_norm (training) forward+backward on [32,16,14,14]: ${ms.toFixed(2)} ms in ${kernels} kernels; one elementwise pass over the input: ${one.toFixed(2)} ms`);
  });

  torch.manual_seed(7);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 8, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(8, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(16 * 7 * 7, 10),
  ).to(dev);
  const x = torch.randn([32, 1, 28, 28]).to(dev);
  const y = torch.randint(0, 10, [32]).to(dev);
  const opt = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const step = () => torch.scope(() => {
    opt.zero_grad();
    F.cross_entropy(model.forward(x), y).backward();
    opt.step();
  });
  for (let i = 0; i < 3; i++) step();
  const kernels = dispatchesOf(be, step);
  const ms = await time(be, 10, step);
  log(`CNN training step (2 conv + 2 pool + linear, batch 32 of 28×28, SGD momentum): ${ms.toFixed(1)} ms, ${kernels} kernels`);
  x.dispose();
  y.dispose();
}
