// Softmax and log-softmax, forward and backward, over contiguous [outer, n, inner] blocks, as the
// reference backend (packages/backend-cpu/src/softmax.ts): max subtracted, sums in f64. A task
// takes a range of (outer, inner chunk) pairs; per chunk it keeps `len` running maxima and sums.
// float32 runs on SIMD lanes with the vector exp (softmax-rows.ts, softmax-chunk.ts); float64
// here, with Math.exp.
//
// Parameter block (i32): [dtype, outer, n, inner, x (or y), gy, out, mode, ntasks]
// mode: 0 softmax, 1 log-softmax, 2 softmax grad, 3 log-softmax grad.

import { F32 } from './codes';
import { ACC_LEN, S_ACC } from './scratch';
import { chunkBackward, chunkForward } from './softmax-chunk';
import { rowsBackward, rowsForward } from './softmax-rows';
import { SCRATCH } from './threads';
import { rangeStart } from './walk';

const CHUNK: i32 = ACC_LEN / 2;

@inline function g(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

function forwardChunk<T>(log: bool, n: i32, inner: i32, x: usize, out: usize, len: i32): void {
  const sz = sizeof<T>();
  const mx = SCRATCH + S_ACC;
  const sm = mx + (<usize>CHUNK << 3);
  const rs = <usize>inner * sz;
  for (let i = 0; i < len; i++) {
    store<f64>(mx + (<usize>i << 3), -Infinity);
    store<f64>(sm + (<usize>i << 3), 0);
  }
  // Deliberately not NaN-aware: a NaN or +inf in a slice makes the whole slice NaN, as PyTorch.
  let row = x;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < len; i++) {
      const v = <f64>load<T>(row + <usize>i * sz);
      const a = mx + (<usize>i << 3);
      if (v > load<f64>(a)) store<f64>(a, v);
    }
    row += rs;
  }
  row = x;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < len; i++) {
      const a = sm + (<usize>i << 3);
      store<f64>(a, load<f64>(a) + Math.exp(<f64>load<T>(row + <usize>i * sz) - load<f64>(mx + (<usize>i << 3))));
    }
    row += rs;
  }
  if (log) for (let i = 0; i < len; i++) store<f64>(sm + (<usize>i << 3), Math.log(load<f64>(sm + (<usize>i << 3))));
  row = x;
  let dst = out;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < len; i++) {
      const shifted = <f64>load<T>(row + <usize>i * sz) - load<f64>(mx + (<usize>i << 3));
      const s = load<f64>(sm + (<usize>i << 3));
      store<T>(dst + <usize>i * sz, <T>(log ? shifted - s : Math.exp(shifted) / s));
    }
    row += rs;
    dst += rs;
  }
}

function backwardChunk<T>(log: bool, n: i32, inner: i32, y: usize, gy: usize, out: usize, len: i32): void {
  const sz = sizeof<T>();
  const dot = SCRATCH + S_ACC;
  const rs = <usize>inner * sz;
  for (let i = 0; i < len; i++) store<f64>(dot + (<usize>i << 3), 0);
  for (let k = 0; k < n; k++) {
    const yr = y + <usize>k * rs;
    const gr = gy + <usize>k * rs;
    for (let i = 0; i < len; i++) {
      const a = dot + (<usize>i << 3);
      const gv = <f64>load<T>(gr + <usize>i * sz);
      store<f64>(a, load<f64>(a) + (log ? gv : gv * <f64>load<T>(yr + <usize>i * sz)));
    }
  }
  for (let k = 0; k < n; k++) {
    const yr = y + <usize>k * rs;
    const gr = gy + <usize>k * rs;
    const dr = out + <usize>k * rs;
    for (let i = 0; i < len; i++) {
      const yv = <f64>load<T>(yr + <usize>i * sz);
      const gv = <f64>load<T>(gr + <usize>i * sz);
      const d = load<f64>(dot + (<usize>i << 3));
      store<T>(dr + <usize>i * sz, <T>(log ? gv - Math.exp(yv) * d : yv * (gv - d)));
    }
  }
}

function softmaxRange<T>(p: usize, t0: i32, t1: i32): void {
  const n = g(p, 2);
  const inner = g(p, 3);
  const mode = g(p, 7);
  const chunks = (inner + CHUNK - 1) / CHUNK;
  const sz = sizeof<T>();
  for (let t = t0; t < t1; t++) {
    const o = t / chunks;
    const i0 = (t % chunks) * CHUNK;
    const len = min(CHUNK, inner - i0);
    const off = (<usize>o * <usize>n * <usize>inner + <usize>i0) * sz;
    const out = <usize>g(p, 6) + off;
    const x = <usize>g(p, 4) + off;
    const gy = <usize>g(p, 5) + off;
    if (sizeof<T>() == 4) {
      if (inner == 1 && mode < 2) rowsForward(mode == 1, n, x, out);
      else if (inner == 1) rowsBackward(mode == 3, n, x, gy, out);
      else if (mode < 2) chunkForward(mode == 1, n, inner, x, out, len);
      else chunkBackward(mode == 3, n, inner, x, gy, out, len);
    } else if (mode < 2) forwardChunk<T>(mode == 1, n, inner, x, out, len);
    else backwardChunk<T>(mode == 3, n, inner, x, gy, out, len);
  }
}

export function softmaxTask(p: usize, t: i32): void {
  const inner = g(p, 3);
  const units = g(p, 1) * ((inner + CHUNK - 1) / CHUNK);
  const nt = g(p, 8);
  const t0 = rangeStart(units, nt, t);
  const t1 = rangeStart(units, nt, t + 1);
  if (g(p, 0) == F32) softmaxRange<f32>(p, t0, t1);
  else softmaxRange<f64>(p, t0, t1);
}
