// Reductions over a set of axes, and argmax/argmin along one axis.
//
// reduce parameter block (i32): [op, dtype, nOut, ntasks, outer, redOffset, 0, 0], then at +HDR
// the kept walk (operand 0: the contiguous output, operand 1: the input over the kept dims) and at
// +redOffset the reduced walk (one operand: the input over the reduced dims, ptr 0).
// `outer` selects the loop order: 0 reduces each output in turn (best when the reduced dims are
// innermost in memory); 1 sweeps the reduced positions outermost and accumulates a run of
// contiguous outputs at once (best for reductions over a leading dim, e.g. a batch).
//
// Floats accumulate sums and products in f64 and integers in i64, as the reference does.

import { F32, F64, I32, I64, R_MAX, R_MIN, R_PROD, R_SUM } from './codes';
import { HDR } from './elementwise';
import { ACC_LEN, S_ACC, S_DESC, S_WALK_A, S_WALK_B } from './scratch';
import { SCRATCH } from './threads';
import { rangeStart, wInit, wNextRow, wNumel, wPtr, wRank, wRowLeft, wShape, wStep, wStride } from './walk';

@inline function initF(op: i32): f64 {
  return op == R_SUM ? 0.0 : op == R_PROD ? 1.0 : op == R_MAX ? -Infinity : Infinity;
}

/** Reduces n floats at x (byte step s) into acc; NaN propagates for max/min. */
@inline function foldF<T>(op: i32, acc: f64, n: i32, x: usize, s: i32): f64 {
  const us = <usize>s;
  if (op == R_SUM) {
    let i = 0;
    if (sizeof<T>() == 4 && s == 4 && n >= 8) {
      let v0 = f64x2.splat(0);
      let v1 = f64x2.splat(0);
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(x + (<usize>i << 2));
        v0 = f64x2.add(v0, f64x2.promote_low_f32x4(v));
        v1 = f64x2.add(v1, f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 0, 1)));
      }
      const v = f64x2.add(v0, v1);
      acc += f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
      x += <usize>i << 2;
    }
    for (; i < n; i++) {
      acc += <f64>load<T>(x);
      x += us;
    }
  } else if (op == R_PROD) {
    for (let i = 0; i < n; i++) {
      acc *= <f64>load<T>(x);
      x += us;
    }
  } else {
    // Branch-free, NaN-propagating: wasm's min/max return NaN when either side is.
    if (op == R_MAX) {
      for (let i = 0; i < n; i++) {
        acc = max<f64>(acc, <f64>load<T>(x));
        x += us;
      }
    } else {
      for (let i = 0; i < n; i++) {
        acc = min<f64>(acc, <f64>load<T>(x));
        x += us;
      }
    }
  }
  return acc;
}

@inline function initI<T>(op: i32): i64 {
  if (op == R_SUM) return 0;
  if (op == R_PROD) return 1;
  if (sizeof<T>() == 1) return op == R_MAX ? 0 : 255;
  if (sizeof<T>() == 4) return op == R_MAX ? <i64>i32.MIN_VALUE : <i64>i32.MAX_VALUE;
  return op == R_MAX ? i64.MIN_VALUE : i64.MAX_VALUE;
}

@inline function foldI<T>(op: i32, acc: i64, n: i32, x: usize, s: i32): i64 {
  const us = <usize>s;
  for (let i = 0; i < n; i++) {
    const v = <i64>load<T>(x);
    if (op == R_SUM) acc += v;
    else if (op == R_PROD) acc *= v;
    else if (op == R_MAX) acc = select<i64>(v, acc, v > acc);
    else acc = select<i64>(v, acc, v < acc);
    x += us;
  }
  return acc;
}

/** Reduces every reduced position under input base `x`. */
function reduceOne<T>(op: i32, rd: usize, x: usize): T {
  const r = wRank(rd);
  const st = SCRATCH + S_WALK_B;
  if (isFloat<T>()) {
    let acc = initF(op);
    if (r == 1) return <T>foldF<T>(op, acc, wShape(rd, 0), x, wStride(rd, 0, 0));
    store<i32>(rd + 8 + (<usize>r << 2), <i32>x);
    const n = wNumel(rd);
    const s = wStep(rd, 0);
    wInit(st, rd, 0);
    let pos = 0;
    while (true) {
      const len = wRowLeft(st);
      acc = foldF<T>(op, acc, len, wPtr(st, 0), s);
      pos += len;
      if (pos >= n || (acc != acc && op >= R_MAX)) break;
      wNextRow(st);
    }
    return <T>acc;
  } else {
    let acc = initI<T>(op);
    if (r == 1) return <T>foldI<T>(op, acc, wShape(rd, 0), x, wStride(rd, 0, 0));
    store<i32>(rd + 8 + (<usize>r << 2), <i32>x);
    const n = wNumel(rd);
    const s = wStep(rd, 0);
    wInit(st, rd, 0);
    let pos = 0;
    while (true) {
      const len = wRowLeft(st);
      acc = foldI<T>(op, acc, len, wPtr(st, 0), s);
      pos += len;
      if (pos >= n) break;
      wNextRow(st);
    }
    return <T>acc;
  }
}

/** Outer order: accumulates `len` outputs whose inputs start at x (byte step ks) over all reduced positions. */
function reduceRun<T>(op: i32, rd: usize, len: i32, x: usize, ks: i32, o: usize): void {
  const acc = SCRATCH + S_ACC;
  const f = isFloat<T>();
  for (let i = 0; i < len; i++) {
    if (f) store<f64>(acc + (<usize>i << 3), initF(op));
    else store<i64>(acc + (<usize>i << 3), initI<T>(op));
  }
  const r = wRank(rd);
  store<i32>(rd + 8 + (<usize>r << 2), <i32>x);
  const n = wNumel(rd);
  const s = wStep(rd, 0);
  const st = SCRATCH + S_WALK_B;
  wInit(st, rd, 0);
  let pos = 0;
  while (pos < n) {
    const rl = wRowLeft(st);
    let p = wPtr(st, 0);
    for (let j = 0; j < rl; j++) {
      let q = p;
      if (f && op == R_SUM && sizeof<T>() == 4 && ks == 4) {
        let i = 0;
        for (; i + 4 <= len; i += 4) {
          const v = v128.load(q + (<usize>i << 2));
          const a = acc + (<usize>i << 3);
          v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
          v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 0, 1))), 16);
        }
        for (; i < len; i++) {
          const a = acc + (<usize>i << 3);
          store<f64>(a, load<f64>(a) + <f64>load<T>(q + (<usize>i << 2)));
        }
      } else {
        for (let i = 0; i < len; i++) {
          const a = acc + (<usize>i << 3);
          if (f) store<f64>(a, foldF<T>(op, load<f64>(a), 1, q, 0));
          else store<i64>(a, foldI<T>(op, load<i64>(a), 1, q, 0));
          q += <usize>ks;
        }
      }
      p += <usize>s;
    }
    pos += rl;
    if (pos < n) wNextRow(st);
  }
  for (let i = 0; i < len; i++) {
    const a = acc + (<usize>i << 3);
    store<T>(o + <usize>i * sizeof<T>(), f ? <T>load<f64>(a) : <T>load<i64>(a));
  }
}

function reduceRange<T>(p: usize, start: i32, end: i32): void {
  const op = load<i32>(p);
  const outer = load<i32>(p, 16);
  const src = p + <usize>load<i32>(p, 20);
  const d = p + HDR;
  // Private copy of the reduced walk, whose base pointer we rewrite per output.
  const rd = SCRATCH + S_DESC;
  const rbytes = <usize>(8 + 4 * wRank(src) + 4 * (wRank(src) + 1));
  memory.copy(rd, src, rbytes);
  const st = SCRATCH + S_WALK_A;
  wInit(st, d, start);
  const ks = wStep(d, 1);
  let pos = start;
  while (true) {
    const n = min(wRowLeft(st), end - pos);
    let o = wPtr(st, 0);
    let x = wPtr(st, 1);
    if (outer) {
      for (let i = 0; i < n; i += ACC_LEN) {
        const len = min(ACC_LEN, n - i);
        reduceRun<T>(op, rd, len, x + <usize>(i * ks), ks, o + <usize>i * sizeof<T>());
      }
    } else {
      for (let i = 0; i < n; i++) {
        store<T>(o, reduceOne<T>(op, rd, x));
        o += sizeof<T>();
        x += <usize>ks;
      }
    }
    pos += n;
    if (pos >= end) break;
    wNextRow(st);
  }
}

export function reduceTask(p: usize, t: i32): void {
  const dt = load<i32>(p, 4);
  const nOut = load<i32>(p, 8);
  const ntasks = load<i32>(p, 12);
  const start = rangeStart(nOut, ntasks, t);
  const end = rangeStart(nOut, ntasks, t + 1);
  if (start >= end) return;
  switch (dt) {
    case F32: reduceRange<f32>(p, start, end); break;
    case F64: reduceRange<f64>(p, start, end); break;
    case I32: reduceRange<i32>(p, start, end); break;
    case I64: reduceRange<i64>(p, start, end); break;
    default: reduceRange<u8>(p, start, end);
  }
}

// argmax / argmin: [op (0 argmax, 1 argmin), dtype, nOut, ntasks, n, stride(bytes), 0, 0],
// kept walk at +HDR (operand 0: int64 output, operand 1: the input).

function argRange<T>(p: usize, start: i32, end: i32): void {
  const isMax = load<i32>(p) == 0;
  const len = load<i32>(p, 16);
  const stride = <usize>load<i32>(p, 20);
  const d = p + HDR;
  const st = SCRATCH + S_WALK_A;
  wInit(st, d, start);
  const ks = <usize>wStep(d, 1);
  let pos = start;
  while (true) {
    const n = min(wRowLeft(st), end - pos);
    let o = wPtr(st, 0);
    let x = wPtr(st, 1);
    for (let i = 0; i < n; i++) {
      let q = x;
      let best = load<T>(q);
      let at = 0;
      if (!isFloat<T>() || best == best) {
        for (let r = 1; r < len; r++) {
          q += stride;
          const v = load<T>(q);
          if (isFloat<T>() && v != v) {
            at = r;
            break;
          }
          const take = isMax ? v > best : v < best;
          best = select<T>(v, best, take);
          at = select<i32>(r, at, take);
        }
      }
      store<i64>(o, <i64>at);
      o += 8;
      x += ks;
    }
    pos += n;
    if (pos >= end) break;
    wNextRow(st);
  }
}

export function argReduceTask(p: usize, t: i32): void {
  const dt = load<i32>(p, 4);
  const nOut = load<i32>(p, 8);
  const ntasks = load<i32>(p, 12);
  const start = rangeStart(nOut, ntasks, t);
  const end = rangeStart(nOut, ntasks, t + 1);
  if (start >= end) return;
  switch (dt) {
    case F32: argRange<f32>(p, start, end); break;
    case F64: argRange<f64>(p, start, end); break;
    case I32: argRange<i32>(p, start, end); break;
    case I64: argRange<i64>(p, start, end); break;
    default: argRange<u8>(p, start, end);
  }
}
