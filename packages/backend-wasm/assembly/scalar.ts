// Scalar semantics of the elementwise ops, matching the reference backend
// (packages/backend-cpu/src/elementwise.ts and math.ts): f32 math goes through f64 as the
// reference's does, except exp, expm1, log, log1p, sigmoid and tanh, which take one lane of the
// SIMD bodies' functions (vmath.ts) so that an element's result does not depend on where it
// falls; integers wrap, integer division by zero gives 0.

import {
  ABS, ADD, ATAN2, CEIL, COS, DIV, EQ, ERF, EXP, EXPM1, FLOOR, FLOOR_DIVIDE, FMOD, GE, GT, LE, LOG, LOG1P,
  LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR, LT, MAXIMUM, MINIMUM, MUL, NE, NEG, POW, RECIPROCAL, REMAINDER, ROUND,
  RSQRT, SIGMOID, SIGN, SIN, SQRT, SUB, TANH, TRUNC,
} from './codes';
import { erf, floorDivF, remainderF, sigmoid } from './math';
import { expf, expm1f, log1pf, logf, sigmoidf, tanhf } from './vmath';

@inline export function unF<T>(op: i32, x: T): T {
  if (sizeof<T>() == 4) {
    switch (op) {
      case EXP: return <T>expf(<f32>x);
      case EXPM1: return <T>expm1f(<f32>x);
      case LOG: return <T>logf(<f32>x);
      case LOG1P: return <T>log1pf(<f32>x);
      case SIGMOID: return <T>sigmoidf(<f32>x);
      case TANH: return <T>tanhf(<f32>x);
    }
  }
  switch (op) {
    case NEG: return -x;
    case ABS: return abs<T>(x);
    case SIGN: return x > 0 ? <T>1 : x < 0 ? <T>-1 : x;
    case EXP: return <T>Math.exp(<f64>x);
    case LOG: return <T>Math.log(<f64>x);
    case SQRT: return sqrt<T>(x);
    case RSQRT: return <T>(1.0 / Math.sqrt(<f64>x));
    case SIN: return <T>Math.sin(<f64>x);
    case COS: return <T>Math.cos(<f64>x);
    case TANH: return <T>Math.tanh(<f64>x);
    case SIGMOID: return <T>sigmoid(<f64>x);
    case FLOOR: return floor<T>(x);
    case CEIL: return ceil<T>(x);
    case ROUND: return nearest<T>(x);
    case TRUNC: return trunc<T>(x);
    case RECIPROCAL: return <T>1 / x;
    case LOG1P: return <T>Math.log1p(<f64>x);
    case EXPM1: return <T>Math.expm1(<f64>x);
    case ERF: return <T>erf(<f64>x);
  }
  return x;
}

@inline export function unI<T>(op: i32, x: T): T {
  switch (op) {
    case NEG: return <T>0 - x;
    case ABS: return x < 0 ? <T>0 - x : x;
    case SIGN: return x > 0 ? <T>1 : x < 0 ? <T>-1 : <T>0;
    case FLOOR: case CEIL: case ROUND: case TRUNC: return x;
  }
  // Transcendental ops on integers: computed in f64, truncated (wrapping) back.
  return <T><i64>unF<f64>(op, <f64>x);
}

/** C's pow, which PyTorch follows: pow(1, y) = 1 and pow(−1, ±∞) = 1, unlike JavaScript's. */
@inline function cpow(x: f64, y: f64): f64 {
  if (x == 1 || y == 0) return 1;
  if (x == -1 && (y == Infinity || y == -Infinity)) return 1;
  return Math.pow(x, y);
}

@inline export function binF<T>(op: i32, x: T, y: T): T {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case FLOOR_DIVIDE: return <T>floorDivF(<f64>x, <f64>y);
    case REMAINDER: return <T>remainderF(<f64>x, <f64>y);
    case FMOD: return <T>(<f64>x % <f64>y);
    case POW: return <T>cpow(<f64>x, <f64>y);
    case MAXIMUM: return x != x || y != y ? <T>NaN : x > y ? x : y;
    case MINIMUM: return x != x || y != y ? <T>NaN : x < y ? x : y;
    case ATAN2: return <T>Math.atan2(<f64>x, <f64>y);
  }
  return x;
}

/** Integer arithmetic (i32 or i64; bools arrive as i32). Division by zero gives 0. */
@inline export function binI<T>(op: i32, x: T, y: T): T {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return y == 0 ? <T>0 : y == -1 ? <T>0 - x : x / y;
    case FLOOR_DIVIDE: {
      if (y == 0) return <T>0;
      if (y == -1) return <T>0 - x;
      const q = x / y;
      return x % y != 0 && (x ^ y) < 0 ? q - 1 : q;
    }
    case REMAINDER: {
      if (y == 0) return <T>0;
      const r = x % y;
      return r != 0 && (r ^ y) < 0 ? r + y : r;
    }
    case FMOD: return y == 0 ? <T>0 : x % y;
    case POW: return <T><i64>Math.trunc(cpow(<f64>x, <f64>y));
    case MAXIMUM: return x > y ? x : y;
    case MINIMUM: return x < y ? x : y;
    case ATAN2: return <T><i64>Math.atan2(<f64>x, <f64>y);
  }
  return x;
}

@inline export function cmp<T>(op: i32, x: T, y: T): u8 {
  switch (op) {
    case EQ: return <u8>(x == y);
    case NE: return <u8>(x != y);
    case LT: return <u8>(x < y);
    case LE: return <u8>(x <= y);
    case GT: return <u8>(x > y);
    case GE: return <u8>(x >= y);
    case LOGICAL_AND: return <u8>(x != 0 && y != 0);
    case LOGICAL_OR: return <u8>(x != 0 || y != 0);
    case LOGICAL_XOR: return <u8>((x != 0) != (y != 0));
  }
  return 0;
}

/** Converts one value with the reference backend's rules (ints wrap, NaN→0, bool tests non-zero). */
@inline export function conv<S, D>(v: S): D {
  if (sizeof<D>() == 1) return <D>(v != 0);
  if (isFloat<D>()) {
    if (isFloat<S>()) return <D>v;
    return <D><f64>v; // via f64, as the reference does
  }
  if (isFloat<S>()) {
    if (!isFinite<f64>(<f64>v)) return <D>0;
    return <D><i64>v;
  }
  return <D>v;
}

