// float32 softmax and log-softmax along the last axis (inner = 1), on f32x4 lanes with the vector
// exp (vmath.ts). Sums and backward dot products accumulate in f64, as the reference's; the rest
// runs in f32, as PyTorch's. The max is not NaN-aware (pmax keeps the running value when the new
// one is NaN), so a row holding NaN or +inf, or only −inf, comes out all NaN, as in the reference.

import { at, hi64, hsum, lo64, narrow } from './lanes';
import { expf, vexp } from './vmath';

function rowMax(n: i32, x: usize): f32 {
  const n4 = n & ~3;
  // Four running maxima: pmax's latency, not its throughput, would bound one.
  let vm = f32x4.splat(-Infinity);
  let v1 = vm;
  let v2 = vm;
  let v3 = vm;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = at(x, i);
    vm = f32x4.pmax(vm, v128.load(p));
    v1 = f32x4.pmax(v1, v128.load(p, 16));
    v2 = f32x4.pmax(v2, v128.load(p, 32));
    v3 = f32x4.pmax(v3, v128.load(p, 48));
  }
  for (; i < n4; i += 4) vm = f32x4.pmax(vm, v128.load(at(x, i)));
  vm = f32x4.pmax(f32x4.pmax(vm, v1), f32x4.pmax(v2, v3));
  let m = f32x4.extract_lane(vm, 0);
  m = f32x4.extract_lane(vm, 1) > m ? f32x4.extract_lane(vm, 1) : m;
  m = f32x4.extract_lane(vm, 2) > m ? f32x4.extract_lane(vm, 2) : m;
  m = f32x4.extract_lane(vm, 3) > m ? f32x4.extract_lane(vm, 3) : m;
  for (let i = n4; i < n; i++) {
    const v = load<f32>(at(x, i));
    if (v > m) m = v;
  }
  return m;
}

export function rowsForward(log: bool, n: i32, x: usize, out: usize): void {
  const n4 = n & ~3;
  const m = rowMax(n, x);
  const vm = f32x4.splat(m);
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  // Four vectors a step (more independent work in flight), summed in f32 before going to f64.
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = at(x, i);
    const q = at(out, i);
    const a = f32x4.sub(v128.load(p), vm);
    const b = f32x4.sub(v128.load(p, 16), vm);
    const c = f32x4.sub(v128.load(p, 32), vm);
    const d = f32x4.sub(v128.load(p, 48), vm);
    const ea = vexp(a);
    const eb = vexp(b);
    const ec = vexp(c);
    const ed = vexp(d);
    if (!log) {
      v128.store(q, ea);
      v128.store(q, eb, 16);
      v128.store(q, ec, 32);
      v128.store(q, ed, 48);
    }
    const e = f32x4.add(f32x4.add(ea, eb), f32x4.add(ec, ed));
    s0 = f64x2.add(s0, lo64(e));
    s1 = f64x2.add(s1, hi64(e));
  }
  for (; i < n4; i += 4) {
    const e = vexp(f32x4.sub(v128.load(at(x, i)), vm));
    if (!log) v128.store(at(out, i), e);
    s0 = f64x2.add(s0, lo64(e));
    s1 = f64x2.add(s1, hi64(e));
  }
  let sum = hsum(s0, s1);
  for (let i = n4; i < n; i++) {
    const e = expf(load<f32>(at(x, i)) - m);
    if (!log) store<f32>(at(out, i), e);
    sum += <f64>e;
  }
  if (log) {
    const ls = <f32>Math.log(sum);
    const vl = f32x4.splat(ls);
    for (let i = 0; i < n4; i += 4) v128.store(at(out, i), f32x4.sub(f32x4.sub(v128.load(at(x, i)), vm), vl));
    for (let i = n4; i < n; i++) store<f32>(at(out, i), (load<f32>(at(x, i)) - m) - ls);
  } else {
    const inv = <f32>(1 / sum);
    const vi = f32x4.splat(inv);
    for (let i = 0; i < n4; i += 4) v128.store(at(out, i), f32x4.mul(v128.load(at(out, i)), vi));
    for (let i = n4; i < n; i++) store<f32>(at(out, i), load<f32>(at(out, i)) * inv);
  }
}

/** Softmax: gx = y·(gy − Σ gy·y). Log-softmax: gx = gy − exp(y)·Σ gy. The right-hand sides in f64. */
@inline export function gradLanes(log: bool, y: v128, g: v128, dlo: v128, dhi: v128): v128 {
  const e = log ? vexp(y) : y;
  const lo = log ? f64x2.sub(lo64(g), f64x2.mul(lo64(e), dlo)) : f64x2.mul(lo64(e), f64x2.sub(lo64(g), dlo));
  const hi = log ? f64x2.sub(hi64(g), f64x2.mul(hi64(e), dhi)) : f64x2.mul(hi64(e), f64x2.sub(hi64(g), dhi));
  return narrow(lo, hi);
}
@inline export function grad1(log: bool, y: f32, g: f32, d: f64): f32 {
  return <f32>(log ? <f64>g - <f64>expf(y) * d : <f64>y * (<f64>g - d));
}

export function rowsBackward(log: bool, n: i32, y: usize, gy: usize, out: usize): void {
  const n4 = n & ~3;
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  for (let i = 0; i < n4; i += 4) {
    const g = v128.load(at(gy, i));
    const yv = v128.load(at(y, i));
    s0 = f64x2.add(s0, log ? lo64(g) : f64x2.mul(lo64(g), lo64(yv)));
    s1 = f64x2.add(s1, log ? hi64(g) : f64x2.mul(hi64(g), hi64(yv)));
  }
  let dot = hsum(s0, s1);
  for (let i = n4; i < n; i++) {
    const g = <f64>load<f32>(at(gy, i));
    dot += log ? g : g * <f64>load<f32>(at(y, i));
  }
  const vd = f64x2.splat(dot);
  for (let i = 0; i < n4; i += 4) v128.store(at(out, i), gradLanes(log, v128.load(at(y, i)), v128.load(at(gy, i)), vd, vd));
  for (let i = n4; i < n; i++) store<f32>(at(out, i), grad1(log, load<f32>(at(y, i)), load<f32>(at(gy, i)), dot));
}
