// Elementwise kernels: unary, binary, where, cast and copy over strided operands.
//
// Parameter block (i32): [op, dtype, numel, ntasks, dtype2, 0, 0, 0] then a walk descriptor at
// +HDR whose operand 0 is the output (or, for copy, the destination view). Task t handles the
// t-th of `ntasks` equal ranges of row-major positions.

import { ADD, BOOL, DIV, EQ, F32, F64, I32, I64, MAXIMUM, MINIMUM, MUL, NEG, ABS, SQRT, FLOOR, CEIL, TRUNC, ROUND, RECIPROCAL, SUB } from './codes';
import { castFrom, cmpRow, copyRow, whereRow } from './cast';
import { binF, binI, unF, unI } from './scalar';
import { S_WALK_A } from './scratch';
import { SCRATCH } from './threads';
import { unaryF32 } from './unary-f32';
import { rangeStart, wInit, wNextRow, wPtr, wRowLeft, wStep } from './walk';

export const HDR: usize = 32;

// ------------------------------------------------------------------------------------------------
// Rows

function unRow<T>(op: i32, n: i32, o: usize, so: i32, x: usize, sx: i32): void {
  const sz = <i32>sizeof<T>();
  let i = 0;
  if (isFloat<T>()) {
    const L = so == sz && sx == sz ? 16 / sz : 0x7fffffff;
    switch (op) {
      case NEG: for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.neg<T>(v128.load(x + <usize>(i * sz)))); break;
      case ABS: for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.abs<T>(v128.load(x + <usize>(i * sz)))); break;
      case SQRT: for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.sqrt<T>(v128.load(x + <usize>(i * sz)))); break;
      case FLOOR: for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.floor<T>(v128.load(x + <usize>(i * sz)))); break;
      case CEIL: for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.ceil<T>(v128.load(x + <usize>(i * sz)))); break;
      case TRUNC: for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.trunc<T>(v128.load(x + <usize>(i * sz)))); break;
      case ROUND: for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.nearest<T>(v128.load(x + <usize>(i * sz)))); break;
      case RECIPROCAL: {
        const one = v128.splat<T>(<T>1);
        for (; i + L <= n; i += L) v128.store(o + <usize>(i * sz), v128.div<T>(one, v128.load(x + <usize>(i * sz))));
        break;
      }
    }
    // exp, expm1, log, log1p, sigmoid and tanh (the switch above leaves i at 0 for them).
    if (sizeof<T>() == 4 && so == 4 && sx == 4 && i == 0) i = unaryF32(op, n, o, x);
    o += <usize>(i * so);
    x += <usize>(i * sx);
  }
  for (; i < n; i++) {
    const v = load<T>(x);
    store<T>(o, isFloat<T>() ? unF<T>(op, v) : unI<T>(op, v));
    o += <usize>so;
    x += <usize>sx;
  }
}

@inline function vbin<T>(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return v128.add<T>(a, b);
    case SUB: return v128.sub<T>(a, b);
    case MUL: return v128.mul<T>(a, b);
  }
  if (isFloat<T>()) {
    switch (op) {
      case DIV: return v128.div<T>(a, b);
      case MAXIMUM: return v128.max<T>(a, b);
      case MINIMUM: return v128.min<T>(a, b);
    }
  }
  return a;
}

@inline function simdBinLoop<T>(op: i32, n: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32): i32 {
  const sz = <i32>sizeof<T>();
  const L = 16 / sz;
  let i = 0;
  if (sa == sz && sb == sz) {
    for (; i + L <= n; i += L) {
      const off = <usize>(i * sz);
      v128.store(o + off, vbin<T>(op, v128.load(a + off), v128.load(b + off)));
    }
  } else if (sa == sz && sb == 0) {
    const vb = v128.splat<T>(load<T>(b));
    for (; i + L <= n; i += L) {
      const off = <usize>(i * sz);
      v128.store(o + off, vbin<T>(op, v128.load(a + off), vb));
    }
  } else if (sa == 0 && sb == sz) {
    const va = v128.splat<T>(load<T>(a));
    for (; i + L <= n; i += L) {
      const off = <usize>(i * sz);
      v128.store(o + off, vbin<T>(op, va, v128.load(b + off)));
    }
  }
  return i;
}

function binRow<T>(op: i32, n: i32, o: usize, so: i32, a: usize, sa: i32, b: usize, sb: i32): void {
  const sz = <i32>sizeof<T>();
  let i = 0;
  if (isFloat<T>() || sizeof<T>() == 4) {
    if (so == sz) {
      switch (op) {
        case ADD: i = simdBinLoop<T>(ADD, n, o, a, sa, b, sb); break;
        case SUB: i = simdBinLoop<T>(SUB, n, o, a, sa, b, sb); break;
        case MUL: i = simdBinLoop<T>(MUL, n, o, a, sa, b, sb); break;
      }
      if (isFloat<T>()) {
        switch (op) {
          case DIV: i = simdBinLoop<T>(DIV, n, o, a, sa, b, sb); break;
          case MAXIMUM: i = simdBinLoop<T>(MAXIMUM, n, o, a, sa, b, sb); break;
          case MINIMUM: i = simdBinLoop<T>(MINIMUM, n, o, a, sa, b, sb); break;
        }
      }
    }
    o += <usize>(i * so);
    a += <usize>(i * sa);
    b += <usize>(i * sb);
  }
  for (; i < n; i++) {
    const x = load<T>(a);
    const y = load<T>(b);
    if (isFloat<T>()) store<T>(o, binF<T>(op, x, y));
    else if (sizeof<T>() == 1) store<u8>(o, <u8>(binI<i32>(op, <i32>x, <i32>y) != 0));
    else store<T>(o, binI<T>(op, x, y));
    o += <usize>so;
    a += <usize>sa;
    b += <usize>sb;
  }
}

// ------------------------------------------------------------------------------------------------
// Tasks

@inline function dtypeSize(dt: i32): i32 {
  return dt == F64 || dt == I64 ? 8 : dt == BOOL ? 1 : 4;
}

/** Walks task t's range and calls the kernel's row function on each row piece. */
export function elementwiseTask(kind: i32, p: usize, t: i32): void {
  const op = load<i32>(p);
  const dt = load<i32>(p, 4);
  const numel = load<i32>(p, 8);
  const ntasks = load<i32>(p, 12);
  const dt2 = load<i32>(p, 16);
  const d = p + HDR;
  const st = SCRATCH + S_WALK_A;
  let pos = rangeStart(numel, ntasks, t);
  const end = rangeStart(numel, ntasks, t + 1);
  if (pos >= end) return;
  wInit(st, d, pos);
  const s0 = wStep(d, 0);
  const s1 = wStep(d, 1);
  const s2 = load<i32>(d, 4) > 2 ? wStep(d, 2) : 0;
  const s3 = load<i32>(d, 4) > 3 ? wStep(d, 3) : 0;
  while (true) {
    const n = min(wRowLeft(st), end - pos);
    const o = wPtr(st, 0);
    const x = wPtr(st, 1);
    switch (kind) {
      case 0: // unary
        switch (dt) {
          case F32: unRow<f32>(op, n, o, s0, x, s1); break;
          case F64: unRow<f64>(op, n, o, s0, x, s1); break;
          case I32: unRow<i32>(op, n, o, s0, x, s1); break;
          case I64: unRow<i64>(op, n, o, s0, x, s1); break;
          default: unRow<u8>(op, n, o, s0, x, s1);
        }
        break;
      case 1: { // binary
        const y = wPtr(st, 2);
        if (op >= EQ) {
          switch (dt) {
            case F32: cmpRow<f32>(op, n, o, s0, x, s1, y, s2); break;
            case F64: cmpRow<f64>(op, n, o, s0, x, s1, y, s2); break;
            case I32: cmpRow<i32>(op, n, o, s0, x, s1, y, s2); break;
            case I64: cmpRow<i64>(op, n, o, s0, x, s1, y, s2); break;
            default: cmpRow<u8>(op, n, o, s0, x, s1, y, s2);
          }
        } else {
          switch (dt) {
            case F32: binRow<f32>(op, n, o, s0, x, s1, y, s2); break;
            case F64: binRow<f64>(op, n, o, s0, x, s1, y, s2); break;
            case I32: binRow<i32>(op, n, o, s0, x, s1, y, s2); break;
            case I64: binRow<i64>(op, n, o, s0, x, s1, y, s2); break;
            default: binRow<u8>(op, n, o, s0, x, s1, y, s2);
          }
        }
        break;
      }
      case 2: { // where: operands out, cond, a, b
        const a = wPtr(st, 2);
        const b = wPtr(st, 3);
        switch (dtypeSize(dt)) {
          case 4: whereRow<i32>(n, o, s0, x, s1, a, s2, b, s3); break;
          case 8: whereRow<i64>(n, o, s0, x, s1, a, s2, b, s3); break;
          default: whereRow<u8>(n, o, s0, x, s1, a, s2, b, s3);
        }
        break;
      }
      case 3: // cast: dt is the source dtype, dt2 the target
        switch (dt) {
          case F32: castFrom<f32>(dt2, n, o, s0, x, s1); break;
          case F64: castFrom<f64>(dt2, n, o, s0, x, s1); break;
          case I32: castFrom<i32>(dt2, n, o, s0, x, s1); break;
          case I64: castFrom<i64>(dt2, n, o, s0, x, s1); break;
          default: castFrom<u8>(dt2, n, o, s0, x, s1);
        }
        break;
      default: // copy
        switch (dtypeSize(dt)) {
          case 4: copyRow<i32>(n, o, s0, x, s1); break;
          case 8: copyRow<i64>(n, o, s0, x, s1); break;
          default: copyRow<u8>(n, o, s0, x, s1);
        }
    }
    pos += n;
    if (pos >= end) break;
    wNextRow(st);
  }
}
