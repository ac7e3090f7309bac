/**
 * ONNX graphs of the forward-only workloads, with their inputs. Weights are initializers (as an
 * exported model would hold them); activations are graph inputs, so nothing folds away.
 */
import { CNN_PARAMS } from '../cnn.js';
import { prod, randn, weights } from '../host-data.js';
import type { Spec } from '../workloads.js';
import type { Graph, Initializer } from './model.js';

export interface Feed {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

export interface OnnxWorkload {
  graph: Graph;
  feeds: Feed[];
}

const feed = (name: string, shape: readonly number[], seed: number): Feed => ({ name, shape, data: randn(prod(shape), seed) });
const init = (name: string, shape: readonly number[], bound: number, seed: number): Initializer => ({
  name,
  shape,
  data: weights(prod(shape), bound, seed),
});

/** The graph for `spec`, or the reason there is none (onnxruntime-node runs inference only). */
export function onnxWorkload(spec: Spec): OnnxWorkload | string {
  switch (spec.kind) {
    case 'matmul': {
      const s = [spec.n, spec.n];
      const feeds = [feed('a', s, 1), feed('b', s, 2)];
      return { feeds, graph: { name: 'matmul', nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }], inputs: feeds, outputs: [{ name: 'y', shape: s }] } };
    }
    case 'conv2d': {
      if (spec.backward) return 'onnxruntime-node runs inference only (no training API in this package)';
      const { batch, cin, size, cout, k, padding } = spec;
      const x = feed('x', [batch, cin, size, size], 1);
      const out = size + 2 * padding - k + 1;
      return {
        feeds: [x],
        graph: {
          name: 'conv2d',
          nodes: [{ op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['y'], attrs: { kernel_shape: [k, k], pads: [padding, padding, padding, padding] } }],
          inputs: [x],
          outputs: [{ name: 'y', shape: [batch, cout, out, out] }],
          initializers: [init('w', [cout, cin, k, k], 1 / Math.sqrt(cin * k * k), 2), init('b', [cout], 0.1, 3)],
        },
      };
    }
    case 'cnn': {
      if (spec.train) return 'onnxruntime-node runs inference only (no training API in this package)';
      const x = feed('x', [spec.batch, 1, 28, 28], 1);
      const pool = { kernel_shape: [2, 2], strides: [2, 2] };
      return {
        feeds: [x],
        graph: {
          name: 'cnn',
          nodes: [
            { op: 'Conv', inputs: ['x', 'conv1.weight', 'conv1.bias'], outputs: ['c1'], attrs: { kernel_shape: [5, 5] } },
            { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
            { op: 'MaxPool', inputs: ['r1'], outputs: ['p1'], attrs: pool },
            { op: 'Conv', inputs: ['p1', 'conv2.weight', 'conv2.bias'], outputs: ['c2'], attrs: { kernel_shape: [5, 5] } },
            { op: 'Relu', inputs: ['c2'], outputs: ['r2'] },
            { op: 'MaxPool', inputs: ['r2'], outputs: ['p2'], attrs: pool },
            { op: 'Flatten', inputs: ['p2'], outputs: ['f'], attrs: { axis: 1 } },
            { op: 'Gemm', inputs: ['f', 'fc.weight', 'fc.bias'], outputs: ['y'], attrs: { transB: 1 } },
          ],
          inputs: [x],
          outputs: [{ name: 'y', shape: [spec.batch, 10] }],
          initializers: CNN_PARAMS.map((p, i) => init(p.name, p.shape, p.bound, 10 + i)),
        },
      };
    }
    case 'softmax': {
      const s = [spec.rows, spec.cols];
      const x = feed('x', s, 1);
      return { feeds: [x], graph: { name: 'softmax', nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: { axis: 1 } }], inputs: [x], outputs: [{ name: 'y', shape: s }] } };
    }
    case 'add': {
      const s = [spec.numel];
      const feeds = [feed('a', s, 1), feed('b', s, 2)];
      return { feeds, graph: { name: 'add', nodes: [{ op: 'Add', inputs: ['a', 'b'], outputs: ['y'] }], inputs: feeds, outputs: [{ name: 'y', shape: s }] } };
    }
    case 'mnist-epoch':
      return 'onnxruntime-node runs inference only (no training API in this package)';
  }
}
