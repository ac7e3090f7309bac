// Comparison, where, cast and copy rows (elementwise.ts drives them), with SIMD paths for the
// common f32 cases: comparisons to 0/1 bytes, bool → f32 masks, f32 ↔ f64.

import { EQ, F32, F64, GE, GT, I32, I64, LE, LT, NE } from './codes';
import { cmp, conv } from './scalar';

@inline function vcmp<T>(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case EQ: return v128.eq<T>(a, b);
    case NE: return v128.ne<T>(a, b);
    case LT: return v128.lt<T>(a, b);
    case LE: return v128.le<T>(a, b);
    case GT: return v128.gt<T>(a, b);
  }
  return v128.ge<T>(a, b);
}

/** Four lane masks (all ones or zeros) of 4 lanes each → 16 bytes of 0/1. */
@inline export function masksToBytes(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const lo = i16x8.narrow_i32x4_s(m0, m1);
  const hi = i16x8.narrow_i32x4_s(m2, m3);
  return v128.and(i8x16.narrow_i16x8_s(lo, hi), i8x16.splat(1));
}

@inline function cmpLoop(op: i32, n: i32, o: usize, a: usize, sa: i32, b: usize, sb: i32): i32 {
  let i = 0;
  const va = v128.load_splat<f32>(a);
  const vb = v128.load_splat<f32>(b);
  for (; i + 16 <= n; i += 16) {
    const pa = a + <usize>(i * sa);
    const pb = b + <usize>(i * sb);
    const a0 = sa ? v128.load(pa) : va, a1 = sa ? v128.load(pa, 16) : va, a2 = sa ? v128.load(pa, 32) : va, a3 = sa ? v128.load(pa, 48) : va;
    const b0 = sb ? v128.load(pb) : vb, b1 = sb ? v128.load(pb, 16) : vb, b2 = sb ? v128.load(pb, 32) : vb, b3 = sb ? v128.load(pb, 48) : vb;
    v128.store(o + <usize>i, masksToBytes(vcmp<f32>(op, a0, b0), vcmp<f32>(op, a1, b1), vcmp<f32>(op, a2, b2), vcmp<f32>(op, a3, b3)));
  }
  return i;
}

export function cmpRow<T>(op: i32, n: i32, o: usize, so: i32, a: usize, sa: i32, b: usize, sb: i32): void {
  let i = 0;
  // f32 comparisons over contiguous or broadcast operands: 16 per step (e.g. relu's backward mask).
  if (isFloat<T>() && sizeof<T>() == 4) {
    if (so == 1 && op <= GE && (sa == 4 || sa == 0) && (sb == 4 || sb == 0)) {
      switch (op) {
        case EQ: i = cmpLoop(EQ, n, o, a, sa, b, sb); break;
        case NE: i = cmpLoop(NE, n, o, a, sa, b, sb); break;
        case LT: i = cmpLoop(LT, n, o, a, sa, b, sb); break;
        case LE: i = cmpLoop(LE, n, o, a, sa, b, sb); break;
        case GT: i = cmpLoop(GT, n, o, a, sa, b, sb); break;
        default: i = cmpLoop(GE, n, o, a, sa, b, sb);
      }
      o += <usize>i;
      a += <usize>(i * sa);
      b += <usize>(i * sb);
    }
  }
  for (; i < n; i++) {
    store<u8>(o, cmp<T>(op, load<T>(a), load<T>(b)));
    o += <usize>so;
    a += <usize>sa;
    b += <usize>sb;
  }
}

export function whereRow<T>(n: i32, o: usize, so: i32, c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32): void {
  let i = 0;
  // 4-byte elements, contiguous condition and output, operands contiguous or broadcast (masks in
  // backward passes): 16 per step, the bytes widened to lane masks.
  if (sizeof<T>() == 4 && sc == 1 && so == 4 && (sa == 4 || sa == 0) && (sb == 4 || sb == 0)) {
    const va = v128.load_splat<i32>(a);
    const vb = v128.load_splat<i32>(b);
    const zero = i8x16.splat(0);
    for (; i + 16 <= n; i += 16) {
      const m = i8x16.ne(v128.load(c + <usize>i), zero);
      const lo = i16x8.extend_low_i8x16_s(m);
      const hi = i16x8.extend_high_i8x16_s(m);
      const pa = a + <usize>(i * sa);
      const pb = b + <usize>(i * sb);
      const q = o + (<usize>i << 2);
      v128.store(q, v128.bitselect(sa ? v128.load(pa) : va, sb ? v128.load(pb) : vb, i32x4.extend_low_i16x8_s(lo)));
      v128.store(q, v128.bitselect(sa ? v128.load(pa, 16) : va, sb ? v128.load(pb, 16) : vb, i32x4.extend_high_i16x8_s(lo)), 16);
      v128.store(q, v128.bitselect(sa ? v128.load(pa, 32) : va, sb ? v128.load(pb, 32) : vb, i32x4.extend_low_i16x8_s(hi)), 32);
      v128.store(q, v128.bitselect(sa ? v128.load(pa, 48) : va, sb ? v128.load(pb, 48) : vb, i32x4.extend_high_i16x8_s(hi)), 48);
    }
    o += <usize>(i * so);
    c += <usize>(i * sc);
    a += <usize>(i * sa);
    b += <usize>(i * sb);
  }
  for (; i < n; i++) {
    store<T>(o, load<u8>(c) != 0 ? load<T>(a) : load<T>(b));
    o += <usize>so;
    c += <usize>sc;
    a += <usize>sa;
    b += <usize>sb;
  }
}

export function castRow<S, D>(n: i32, o: usize, so: i32, x: usize, sx: i32): void {
  let i = 0;
  if (sizeof<S>() == 1 && isFloat<D>() && sizeof<D>() == 4 && sx == 1 && so == 4) {
    // bool → f32 (masks into arithmetic): 16 per step.
    for (; i + 16 <= n; i += 16) {
      const v = v128.load(x + <usize>i);
      const lo = i16x8.extend_low_i8x16_u(v);
      const hi = i16x8.extend_high_i8x16_u(v);
      const q = o + (<usize>i << 2);
      v128.store(q, f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)));
      v128.store(q, f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), 16);
      v128.store(q, f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), 32);
      v128.store(q, f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), 48);
    }
  } else if (isFloat<S>() && sizeof<S>() == 4 && sizeof<D>() == 1 && sx == 4 && so == 1) {
    // f32 → bool: x != 0 (NaN counts as true).
    const z = f32x4.splat(0);
    for (; i + 16 <= n; i += 16) {
      const p = x + (<usize>i << 2);
      v128.store(o + <usize>i, masksToBytes(f32x4.ne(v128.load(p), z), f32x4.ne(v128.load(p, 16), z), f32x4.ne(v128.load(p, 32), z), f32x4.ne(v128.load(p, 48), z)));
    }
  } else if (isFloat<S>() && isFloat<D>() && sx == sizeof<S>() && so == sizeof<D>() && sizeof<S>() != sizeof<D>()) {
    if (sizeof<S>() == 4) {
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(x + (<usize>i << 2));
        const q = o + (<usize>i << 3);
        v128.store(q, f64x2.promote_low_f32x4(v));
        v128.store(q, f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 0, 1)), 16);
      }
    } else {
      for (; i + 4 <= n; i += 4) {
        const p = x + (<usize>i << 3);
        const lo = f32x4.demote_f64x2_zero(v128.load(p));
        const hi = f32x4.demote_f64x2_zero(v128.load(p, 16));
        v128.store(o + (<usize>i << 2), v128.shuffle<u32>(lo, hi, 0, 1, 4, 5));
      }
    }
  }
  o += <usize>(i * so);
  x += <usize>(i * sx);
  for (; i < n; i++) {
    store<D>(o, conv<S, D>(load<S>(x)));
    o += <usize>so;
    x += <usize>sx;
  }
}

export function copyRow<T>(n: i32, o: usize, so: i32, x: usize, sx: i32): void {
  const sz = <i32>sizeof<T>();
  if (so == sz && sx == sz) {
    memory.copy(o, x, <usize>(n * sz));
    return;
  }
  for (let i = 0; i < n; i++) {
    store<T>(o, load<T>(x));
    o += <usize>so;
    x += <usize>sx;
  }
}

export function castFrom<S>(dt: i32, n: i32, o: usize, so: i32, x: usize, sx: i32): void {
  switch (dt) {
    case F32: castRow<S, f32>(n, o, so, x, sx); break;
    case F64: castRow<S, f64>(n, o, so, x, sx); break;
    case I32: castRow<S, i32>(n, o, so, x, sx); break;
    case I64: castRow<S, i64>(n, o, so, x, sx); break;
    default: castRow<S, u8>(n, o, so, x, sx);
  }
}

