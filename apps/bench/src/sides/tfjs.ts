/**
 * TensorFlow.js on its cpu, wasm (SIMD) and webgpu backends. Convolutions run in NHWC, tfjs's
 * native layout (its NCHW path is partial), with bias and ReLU fused as tf.layers would fuse them.
 * tfjs-webgpu runs only where a WebGPU adapter exists (gpu.ts), on the same GPU object as @proj
 * webgpu; its operations are asynchronous, so each is timed until the GPU has finished it.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { CNN_PARAMS, LEARNING_RATE } from '../cnn.js';
import type { GpuProbe } from '../gpu.js';
import { labels, prod, randn, weights } from '../host-data.js';
import { type MnistSet, batches } from '../mnist-data.js';
import { type Side, type Step, errorMessage, localPrepared, unavailableSide } from '../side.js';
import type { Spec, Workload } from '../workloads.js';

type Tf = typeof TF;

/** Waits until the work queued so far is computed: nothing to wait for on a synchronous backend. */
type Finish = () => void | Promise<void>;

/** The tfjs sides: tfjs-cpu and tfjs-wasm, and tfjs-webgpu where `gpu` found an adapter. */
export async function tfjsSides(mnist: () => MnistSet, gpu: GpuProbe): Promise<Side[]> {
  let tf: Tf;
  try {
    // The full package, not tfjs-core alone: only it registers the gradients training needs.
    tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'))}/`);
    // Production mode drops tfjs's debug-time checks, as a deployment would (and its tfjs-node advert).
    tf.enableProdMode();
  } catch (e) {
    const why = `@tensorflow/tfjs failed to load: ${errorMessage(e)}`;
    return (['cpu', 'wasm', 'webgpu'] as const).map((b) => unavailableSide(`tfjs-${b}`, false, why));
  }
  const sides: Side[] = [];
  for (const backend of ['cpu', 'wasm', 'webgpu'] as const) {
    const name = `tfjs-${backend}`;
    let finish: Finish = () => {};
    let note = '';
    try {
      if (backend === 'webgpu') {
        if (!gpu.gpu) {
          sides.push(unavailableSide(name, false, gpu.reason));
          continue;
        }
        // It registers its backend on import, only if navigator.gpu (set by gpu.ts) exists by then.
        await import('@tensorflow/tfjs-backend-webgpu');
      }
      if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
      await tf.ready();
    } catch (e) {
      sides.push(unavailableSide(name, false, `could not initialise: ${errorMessage(e)}`));
      continue;
    }
    if (backend === 'wasm') {
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      const mt = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
      note = `, ${simd ? 'SIMD' : 'no SIMD'} build${mt ? ', threaded' : '; the threaded build does not load in Node (WASM_HAS_MULTITHREAD_SUPPORT is false), so 1 thread'}`;
    }
    if (backend === 'webgpu') {
      finish = webgpuFinish(tf.backend() as unknown as WebGPUBackend);
      const handoff = tf.env().getBool('WEBGPU_CPU_FORWARD') ? `, ops on CPU-resident inputs under ${tf.env().getNumber('WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD')} elements run on tfjs's CPU kernels (its default)` : '';
      note = `, adapter '${gpu.reason}'${handoff}; asynchronous, so each op is timed until the GPU is done`;
    }
    sides.push({
      name,
      ours: false,
      threads: backend === 'webgpu' ? gpuThreads(gpu.reason) : '1',
      info: `@tensorflow/tfjs ${tf.version.tfjs}, ${backend} backend${note}; prod mode; NHWC convolutions with fused bias/ReLU`,
      async prepare(w: Workload) {
        await tf.setBackend(backend);
        const made: TF.Tensor[] = [];
        const keep = <T extends TF.Tensor>(t: T): T => {
          made.push(t);
          return t;
        };
        const built = build(tf, w.spec, keep, mnist, finish);
        const p = localPrepared(built.step, () => {
          for (const t of made) t.dispose();
        });
        // Sides interleave, and tfjs runs kernels on the active backend: switch before each batch.
        const use = async () => {
          if (tf.getBackend() !== backend) await tf.setBackend(backend);
        };
        return {
          samples: async (count, inner) => {
            await use();
            return p.samples(count, inner);
          },
          dispose: p.dispose,
        };
      },
    });
  }
  return sides;
}

/**
 * Submits what tfjs-webgpu has recorded and waits for the GPU to finish it, as reading a tensor
 * would (`getBufferData`: end the pass, submit) but without copying the result back: the
 * counterpart of @proj webgpu's `sync()`.
 */
export function webgpuFinish(be: Pick<WebGPUBackend, 'ensureCommandEncoderReady' | 'endComputePassEncoder' | 'submitQueue' | 'queue'>): Finish {
  return () => {
    be.ensureCommandEncoderReady();
    be.endComputePassEncoder();
    be.submitQueue();
    return be.queue.onSubmittedWorkDone();
  };
}

/** As @proj webgpu's rows: lavapipe computes on LP_NUM_THREADS CPU threads. */
const gpuThreads = (adapter: string): string => (adapter.includes('llvmpipe') ? `${process.env.LP_NUM_THREADS ?? 'all'} (lavapipe)` : 'GPU');

interface Built {
  step: Step;
}

function build(tf: Tf, spec: Spec, keep: <T extends TF.Tensor>(t: T) => T, mnist: () => MnistSet, finish: Finish): Built {
  const tensor = (shape: number[], seed: number, scale = 1) => keep(tf.tensor(scale === 1 ? randn(prod(shape), seed) : weights(prod(shape), scale, seed), shape));
  // tfjs-cpu and tfjs-wasm kernels run synchronously, so the result is computed on return;
  // tfjs-webgpu's is once `finish` resolves, and the result is freed after that.
  const run =
    (f: () => TF.Tensor | TF.Tensor[]): Step =>
    () => {
      const out = tf.tidy(f);
      const r = finish();
      if (!r) {
        tf.dispose(out);
        return;
      }
      return r.then(() => tf.dispose(out));
    };
  const settled =
    (f: () => void): Step =>
    () => {
      f();
      return finish();
    };
  switch (spec.kind) {
    case 'matmul': {
      const a = tensor([spec.n, spec.n], 1);
      const b = tensor([spec.n, spec.n], 2);
      return { step: run(() => tf.matMul(a, b)) };
    }
    case 'conv2d': {
      const { batch, cin, size, cout, k, padding } = spec;
      const x = tensor([batch, size, size, cin], 1) as TF.Tensor4D;
      const f = tensor([k, k, cin, cout], 2, 1 / Math.sqrt(cin * k * k)) as TF.Tensor4D;
      const b = tensor([cout], 3, 0.1) as TF.Tensor1D;
      const conv = (xx: TF.Tensor, ff: TF.Tensor, bb: TF.Tensor) =>
        tf.fused.conv2d({ x: xx as TF.Tensor4D, filter: ff as TF.Tensor4D, bias: bb, strides: 1, pad: padding });
      if (!spec.backward) return { step: run(() => conv(x, f, b)) };
      const out = size + 2 * padding - k + 1;
      const dy = tensor([batch, out, out, cout], 4);
      const grads = tf.grads((xx, ff, bb) => conv(xx, ff, bb));
      return { step: run(() => grads([x, f, b], dy)) };
    }
    case 'cnn': {
      const model = cnn(tf, keep);
      const x = tensor([spec.batch, 28, 28, 1], 1) as TF.Tensor4D;
      if (!spec.train) return { step: run(() => model.forward(x)) };
      const y = keep(tf.oneHot(tf.tensor1d(labels(spec.batch, 10), 'int32'), 10));
      return { step: settled(() => model.train(x, y)) };
    }
    case 'softmax': {
      const x = tensor([spec.rows, spec.cols], 1);
      return { step: run(() => tf.softmax(x)) };
    }
    case 'add': {
      const a = tensor([spec.numel], 1);
      const b = tensor([spec.numel], 2);
      return { step: run(() => tf.add(a, b)) };
    }
    case 'mnist-epoch': {
      const model = cnn(tf, keep);
      const data = batches(mnist(), spec.batch, spec.samples).map((bt) => ({
        x: keep(tf.tensor4d(bt.images, [bt.size, 28, 28, 1])),
        y: keep(tf.tidy(() => tf.oneHot(tf.tensor1d(bt.labels, 'int32'), 10))),
      }));
      // Each batch is finished before the next, as on our side.
      return {
        step: async () => {
          for (const bt of data) {
            model.train(bt.x, bt.y);
            const r = finish();
            if (r) await r;
          }
        },
      };
    }
  }
}

/** The classic CNN in tfjs, with weights in tfjs's layouts (HWIO filters, [in, out] dense). */
function cnn(tf: Tf, keep: <T extends TF.Tensor>(t: T) => T) {
  const shapes: number[][] = [[5, 5, 1, 16], [16], [5, 5, 16, 32], [32], [512, 10], [10]];
  const vars = shapes.map((s, i) => keep(tf.variable(tf.tensor(weights(prod(s), (CNN_PARAMS[i] as { bound: number }).bound, 10 + i), s))));
  const [w1, b1, w2, b2, w3, b3] = vars as [TF.Variable, TF.Variable, TF.Variable, TF.Variable, TF.Variable, TF.Variable];
  const opt = tf.train.sgd(LEARNING_RATE);
  const forward = (x: TF.Tensor4D): TF.Tensor2D => {
    let h: TF.Tensor4D = tf.fused.conv2d({ x, filter: w1 as TF.Tensor4D, bias: b1, strides: 1, pad: 'valid', activation: 'relu' });
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.fused.conv2d({ x: h, filter: w2 as TF.Tensor4D, bias: b2, strides: 1, pad: 'valid', activation: 'relu' });
    h = tf.maxPool(h, 2, 2, 'valid');
    return tf.fused.matMul({ a: h.reshape([h.shape[0], 512]) as TF.Tensor2D, b: w3 as TF.Tensor2D, bias: b3 }) as TF.Tensor2D;
  };
  const train = (x: TF.Tensor4D, y: TF.Tensor) => {
    tf.tidy(() => {
      opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)) as TF.Scalar, false, vars);
    });
  };
  return { forward, train };
}
