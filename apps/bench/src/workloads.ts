/**
 * The workloads, as plain data that every side (ours, tfjs, onnxruntime and the PyTorch script)
 * implements from the same spec. The spec travels to Python as JSON, so keep it serialisable.
 */

export type Spec =
  | { kind: 'matmul'; n: number }
  | { kind: 'conv2d'; batch: number; cin: number; size: number; cout: number; k: number; padding: number; backward: boolean }
  | { kind: 'cnn'; batch: number; train: boolean }
  | { kind: 'softmax'; rows: number; cols: number }
  | { kind: 'add'; numel: number }
  | { kind: 'mnist-epoch'; samples: number; batch: number };

export interface Workload {
  /** Stable key for JSON and the command line (`--only`). */
  id: string;
  title: string;
  spec: Spec;
  /** Work per operation, for the rate column. */
  work?: { amount: number; unit: 'GFLOP/s' | 'GB/s' | 'images/s' };
  /** Floating-point operations per operation, where defined (for the ratio to peak). */
  flops?: number;
  /**
   * A cheaper version of the operation and how many times more the real one costs, so that a
   * side too slow to run it (tfjs-cpu's convolution backward, say) is skipped after seconds, not
   * after minutes.
   */
  probe?: { spec: Spec; factor: number };
}

const conv2dFlops = (n: number, cin: number, cout: number, outH: number, outW: number, k: number): number =>
  2 * n * cout * outH * outW * cin * k * k;

/** Multiply-adds of the classic CNN's convolutions and linear layer, counted as 2 FLOPs each. */
export function cnnFlops(batch: number, train: boolean): number {
  const conv1 = conv2dFlops(batch, 1, 16, 24, 24, 5);
  const conv2 = conv2dFlops(batch, 16, 32, 8, 8, 5);
  const fc = 2 * batch * 512 * 10;
  const forward = conv1 + conv2 + fc;
  // Backward computes every weight gradient and every input gradient but the first layer's.
  return train ? forward + forward + (conv2 + fc) : forward;
}

export function makeWorkloads(quick: boolean): Workload[] {
  const out: Workload[] = [];
  for (const n of quick ? [128, 256] : [128, 256, 512, 1024]) {
    const flops = 2 * n ** 3;
    out.push({
      id: `matmul${n}`,
      title: `matmul ${n}×${n} · ${n}×${n} (f32)`,
      spec: { kind: 'matmul', n },
      flops,
      work: { amount: flops, unit: 'GFLOP/s' },
      ...(n >= 1024 ? { probe: { spec: { kind: 'matmul', n: n / 2 }, factor: 8 } } : {}),
    });
  }
  const c = quick ? { batch: 2, cin: 16, size: 28, cout: 16 } : { batch: 8, cin: 64, size: 56, cout: 64 };
  for (const backward of [false, true]) {
    const fwd = conv2dFlops(c.batch, c.cin, c.cout, c.size, c.size, 3);
    const flops = backward ? 3 * fwd : fwd;
    out.push({
      id: backward ? 'conv2d-fwd-bwd' : 'conv2d-fwd',
      title: `conv2d 3×3 (${c.batch},${c.cin},${c.size},${c.size})→${c.cout}, padding 1, ${backward ? 'forward + backward' : 'forward'}`,
      spec: { kind: 'conv2d', ...c, k: 3, padding: 1, backward },
      flops,
      work: { amount: flops, unit: 'GFLOP/s' },
      // Batch 1 with a quarter of the channels: 16× fewer FLOPs per image.
      probe: { spec: { kind: 'conv2d', ...c, batch: 1, cin: c.cin / 4, cout: c.cout / 4, k: 3, padding: 1, backward }, factor: c.batch * 16 },
    });
  }
  const batch = quick ? 8 : 64;
  for (const train of [false, true]) {
    const flops = cnnFlops(batch, train);
    out.push({
      id: train ? 'cnn-train-step' : 'cnn-forward',
      title: `classic CNN on (${batch},1,28,28): ${train ? 'training step (forward, cross_entropy, backward, SGD)' : 'forward'}`,
      spec: { kind: 'cnn', batch, train },
      flops,
      work: { amount: flops, unit: 'GFLOP/s' },
      probe: { spec: { kind: 'cnn', batch: Math.max(1, batch / 8), train }, factor: Math.min(8, batch) },
    });
  }
  const sm = quick ? { rows: 16, cols: 100 } : { rows: 256, cols: 1000 };
  // Bytes are the minimum traffic: read the input once, write the output once.
  out.push({ id: 'softmax', title: `softmax over (${sm.rows}, ${sm.cols}), dim 1`, spec: { kind: 'softmax', ...sm }, work: { amount: 8 * sm.rows * sm.cols, unit: 'GB/s' } });
  const numel = quick ? 1 << 16 : 1 << 22;
  out.push({ id: 'add', title: `elementwise add over ${numel.toLocaleString('en')} floats`, spec: { kind: 'add', numel }, work: { amount: 12 * numel, unit: 'GB/s' } });
  const ep = quick ? { samples: 32, batch: 8 } : { samples: 8000, batch: 64 };
  out.push({
    id: 'mnist-epoch',
    title: `one epoch of MNIST training: ${ep.samples.toLocaleString('en')} samples, batch ${ep.batch}`,
    spec: { kind: 'mnist-epoch', ...ep },
    flops: Math.ceil(ep.samples / ep.batch) * cnnFlops(ep.batch, true),
    work: { amount: ep.samples, unit: 'images/s' },
    // One batch of 8: a thousandth of the full epoch's work.
    probe: { spec: { kind: 'mnist-epoch', samples: 8, batch: 8 }, factor: ep.samples / 8 },
  });
  return out;
}

/** Rate in the workload's unit from milliseconds per operation. */
export function rate(w: Workload, ms: number): number | undefined {
  if (!w.work || !(ms > 0)) return undefined;
  const perSecond = w.work.amount / (ms / 1000);
  return w.work.unit === 'images/s' ? perSecond : perSecond / 1e9;
}
