/**
 * onnxruntime-node (CPU execution provider) on the forward-only workloads, from ONNX models
 * encoded in this process.
 */
import { onnxWorkload } from '../onnx/graphs.js';
import { encodeModel } from '../onnx/model.js';
import { type Side, errorMessage, localPrepared, unavailableSide } from '../side.js';

export async function onnxruntimeSide(threads: number): Promise<Side> {
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch (e) {
    return unavailableSide('onnxruntime', false, `onnxruntime-node failed to load: ${errorMessage(e)}`);
  }
  return {
    name: 'onnxruntime',
    ours: false,
    threads: String(threads),
    info: `onnxruntime-node ${ort.env.versions.node ?? '?'}, CPU execution provider, intra_op_num_threads ${threads}, graph optimisation 'all'`,
    async prepare(w) {
      const o = onnxWorkload(w.spec);
      if (typeof o === 'string') return { unavailable: o };
      const session = await ort.InferenceSession.create(encodeModel(o.graph), {
        executionProviders: ['cpu'],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      const feeds = Object.fromEntries(o.feeds.map((f) => [f.name, new ort.Tensor('float32', f.data, f.shape)]));
      return localPrepared(
        async () => {
          const out = await session.run(feeds);
          for (const t of Object.values(out)) t.dispose();
        },
        () => session.release(),
      );
    },
  };
}
