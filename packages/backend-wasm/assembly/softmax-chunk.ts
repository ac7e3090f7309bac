// float32 softmax and log-softmax over an axis other than the last: `len` (≤ CHUNK) neighbouring
// slices at once, one f32x4 per four of them, with per-slice maxima (f32), sums and dot products
// (f64) in scratch. Same semantics as softmax-rows.ts.

import { ACC_LEN, S_ACC } from './scratch';
import { accumulate, at, at64, hi64, lo64 } from './lanes';
import { grad1, gradLanes } from './softmax-rows';
import { SCRATCH } from './threads';
import { expf, vexp } from './vmath';

const CHUNK: i32 = ACC_LEN / 2;

/** Element k of slice i is at x + (k·inner + i)·4. */
export function chunkForward(log: bool, n: i32, inner: i32, x: usize, out: usize, len: i32): void {
  const mx = SCRATCH + S_ACC; // f32 maxima
  const sm = mx + (<usize>CHUNK << 2); // f64 sums
  const c = sm + (<usize>CHUNK << 3); // f32: 1/sum, or log(sum)
  const rs = <usize>inner << 2;
  const len4 = len & ~3;
  for (let i = 0; i < len; i++) {
    store<f32>(at(mx, i), -Infinity);
    store<f64>(at64(sm, i), 0);
  }
  let row = x;
  for (let k = 0; k < n; k++, row += rs) {
    for (let i = 0; i < len4; i += 4) v128.store(at(mx, i), f32x4.pmax(v128.load(at(mx, i)), v128.load(at(row, i))));
    for (let i = len4; i < len; i++) {
      const v = load<f32>(at(row, i));
      if (v > load<f32>(at(mx, i))) store<f32>(at(mx, i), v);
    }
  }
  row = x;
  let dst = out;
  for (let k = 0; k < n; k++, row += rs, dst += rs) {
    let i = 0;
    for (; i + 16 <= len; i += 16) {
      const a = vexp(f32x4.sub(v128.load(at(row, i)), v128.load(at(mx, i))));
      const b = vexp(f32x4.sub(v128.load(at(row, i + 4)), v128.load(at(mx, i + 4))));
      const c = vexp(f32x4.sub(v128.load(at(row, i + 8)), v128.load(at(mx, i + 8))));
      const d = vexp(f32x4.sub(v128.load(at(row, i + 12)), v128.load(at(mx, i + 12))));
      if (!log) {
        v128.store(at(dst, i), a);
        v128.store(at(dst, i + 4), b);
        v128.store(at(dst, i + 8), c);
        v128.store(at(dst, i + 12), d);
      }
      accumulate(at64(sm, i), a);
      accumulate(at64(sm, i + 4), b);
      accumulate(at64(sm, i + 8), c);
      accumulate(at64(sm, i + 12), d);
    }
    for (; i < len4; i += 4) {
      const e = vexp(f32x4.sub(v128.load(at(row, i)), v128.load(at(mx, i))));
      if (!log) v128.store(at(dst, i), e);
      accumulate(at64(sm, i), e);
    }
    for (let i = len4; i < len; i++) {
      const e = expf(load<f32>(at(row, i)) - load<f32>(at(mx, i)));
      if (!log) store<f32>(at(dst, i), e);
      store<f64>(at64(sm, i), load<f64>(at64(sm, i)) + <f64>e);
    }
  }
  for (let i = 0; i < len; i++) {
    const s = load<f64>(at64(sm, i));
    store<f32>(at(c, i), <f32>(log ? Math.log(s) : 1 / s));
  }
  row = x;
  dst = out;
  for (let k = 0; k < n; k++, row += rs, dst += rs) {
    if (log) {
      for (let i = 0; i < len4; i += 4) {
        const shifted = f32x4.sub(v128.load(at(row, i)), v128.load(at(mx, i)));
        v128.store(at(dst, i), f32x4.sub(shifted, v128.load(at(c, i))));
      }
      for (let i = len4; i < len; i++) store<f32>(at(dst, i), (load<f32>(at(row, i)) - load<f32>(at(mx, i))) - load<f32>(at(c, i)));
    } else {
      for (let i = 0; i < len4; i += 4) v128.store(at(dst, i), f32x4.mul(v128.load(at(dst, i)), v128.load(at(c, i))));
      for (let i = len4; i < len; i++) store<f32>(at(dst, i), load<f32>(at(dst, i)) * load<f32>(at(c, i)));
    }
  }
}

export function chunkBackward(log: bool, n: i32, inner: i32, y: usize, gy: usize, out: usize, len: i32): void {
  const dot = SCRATCH + S_ACC;
  const rs = <usize>inner << 2;
  const len4 = len & ~3;
  for (let i = 0; i < len; i++) store<f64>(at64(dot, i), 0);
  for (let k = 0; k < n; k++) {
    const yr = y + <usize>k * rs;
    const gr = gy + <usize>k * rs;
    for (let i = 0; i < len4; i += 4) {
      const g = v128.load(at(gr, i));
      const yv = v128.load(at(yr, i));
      const a = at64(dot, i);
      v128.store(a, f64x2.add(v128.load(a), log ? lo64(g) : f64x2.mul(lo64(g), lo64(yv))));
      v128.store(a + 16, f64x2.add(v128.load(a + 16), log ? hi64(g) : f64x2.mul(hi64(g), hi64(yv))));
    }
    for (let i = len4; i < len; i++) {
      const g = <f64>load<f32>(at(gr, i));
      store<f64>(at64(dot, i), load<f64>(at64(dot, i)) + (log ? g : g * <f64>load<f32>(at(yr, i))));
    }
  }
  for (let k = 0; k < n; k++) {
    const yr = y + <usize>k * rs;
    const gr = gy + <usize>k * rs;
    const dr = out + <usize>k * rs;
    for (let i = 0; i < len4; i += 4) {
      const d = at64(dot, i);
      v128.store(at(dr, i), gradLanes(log, v128.load(at(yr, i)), v128.load(at(gr, i)), v128.load(d), v128.load(d + 16)));
    }
    for (let i = len4; i < len; i++) store<f32>(at(dr, i), grad1(log, load<f32>(at(yr, i)), load<f32>(at(gr, i)), load<f64>(at64(dot, i))));
  }
}
