/**
 * The WGSL of each elementwise op, with the semantics of the backend interface (ops.ts) and the
 * CPU reference. WGSL's builtins leave NaN, infinities and negative arguments undefined or
 * imprecise, so those cases are spelled out here.
 */
import type { BinaryOp, UnaryOp } from '@proj/tensor';
import type { WgslType } from '../dtypes.js';

/** f32 helpers: C-like special values, accurate log1p/expm1/erf, C's pow. */
export const MATH = /* wgsl */ `
// sin and cos: WGSL only promises 2^-11 absolute error (SwiftShader is that coarse), so reduce
// by π/2 in three parts (Cody-Waite) and use Cephes' single-precision polynomials on [-π/4, π/4].
// Accurate to a few ulps for |x| below about 1e5.
fn sincos_(x: f32) -> vec2<f32> {
  let j = round(x * 0.63661977236);
  var r = fma(-j, 1.5703125, x);
  r = fma(-j, 4.837512969970703125e-4, r);
  r = fma(-j, 7.54978995489188216e-8, r);
  let z = r * r;
  let s = fma(r * z, fma(z, fma(z, -1.9515295891e-4, 8.3321608736e-3), -1.6666654611e-1), r);
  let c = 1.0 - 0.5 * z + z * z * fma(z, fma(z, 2.443315711809948e-5, -1.388731625493765e-3), 4.166664568298827e-2);
  let q = i32(j) & 3;
  if (q == 0) { return vec2<f32>(s, c); }
  if (q == 1) { return vec2<f32>(c, -s); }
  if (q == 2) { return vec2<f32>(-s, -c); }
  return vec2<f32>(-c, s);
}
fn sin_(x: f32) -> f32 { if (isinf_(x)) { return nan_(); } return sincos_(x).x; }
fn cos_(x: f32) -> f32 { if (isinf_(x)) { return nan_(); } return sincos_(x).y; }
fn exp_(x: f32) -> f32 { if (isnan_(x)) { return x; } return exp(x); }
fn log_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  if (x < 0.0) { return nan_(); }
  if (x == 0.0) { return -inf_(); }
  return log(x);
}
fn sqrt_(x: f32) -> f32 { if (x < 0.0) { return nan_(); } return sqrt(x); }
fn sign_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  if (x > 0.0) { return 1.0; }
  if (x < 0.0) { return -1.0; }
  return x;
}
fn sigmoid_(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
// log1p and expm1 by Kahan's tricks: exact to a few ulps near 0 without a series.
fn log1p_(x: f32) -> f32 {
  if (x < -1.0) { return nan_(); }
  if (x == -1.0) { return -inf_(); }
  if (isinf_(x)) { return x; }
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}
fn expm1_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  if (x > 88.7) { return inf_(); }
  if (x < -17.0) { return -1.0; }
  let u = exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  return um1 * x / log(u);
}
fn tanh_(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let e = expm1_(-2.0 * abs(x));
  let t = -e / (2.0 + e);
  return select(t, -t, x < 0.0);
}
// erf: N. Juffa's single-precision minimax approximation (max error about 1 ulp).
fn erf_(a: f32) -> f32 {
  if (isnan_(a)) { return a; }
  let t = abs(a);
  let s = a * a;
  var r: f32;
  if (t > 0.927734375) {
    r = fma(-1.72853470e-5, t, 3.83197126e-4);
    let u = fma(-3.88396438e-3, t, 2.42546219e-2);
    r = fma(r, s, u);
    r = fma(r, t, -1.06777877e-1);
    r = fma(r, t, -6.34846687e-1);
    r = fma(r, t, -1.28717512e-1);
    r = fma(r, t, -t);
    r = 1.0 - exp(r);
    r = select(r, -r, a < 0.0);
  } else {
    r = -5.96761703e-4;
    r = fma(r, s, 4.99119423e-3);
    r = fma(r, s, -2.67681349e-2);
    r = fma(r, s, 1.12819925e-1);
    r = fma(r, s, -3.76125336e-1);
    r = fma(r, s, 1.28379166e-1);
    r = fma(r, a, a);
  }
  return r;
}
fn pow_(a: f32, b: f32) -> f32 {
  if (b == 0.0 && !isnan_(b)) { return 1.0; }
  if (a == 1.0 && !isnan_(a)) { return 1.0; }
  if (isnan_(a) || isnan_(b)) { return nan_(); }
  if (b == 1.0) { return a; }
  if (b == 2.0) { return a * a; }
  if (b == 0.5 && a >= 0.0 && !isinf_(a)) { return sqrt(a); }
  if (b == -1.0) { return 1.0 / a; }
  let ab = abs(a);
  let intB = b == trunc(b);
  let negA = (bitcast<u32>(a) & 0x80000000u) != 0u;
  if (negA && !intB && ab != 0.0 && !isinf_(ab)) { return nan_(); }
  var r: f32;
  if (isinf_(b)) {
    if (ab == 1.0) { return 1.0; }
    r = select(0.0, inf_(), (ab > 1.0) == (b > 0.0));
    return r;
  }
  if (ab == 0.0) { r = select(inf_(), 0.0, b > 0.0); }
  else if (isinf_(ab)) { r = select(0.0, inf_(), b > 0.0); }
  else { r = exp2(b * log2(ab)); }
  let odd = intB && abs(b) < 16777216.0 && (u32(abs(b)) & 1u) == 1u;
  return select(r, -r, negA && odd);
}
// PyTorch's floor division: the exact floor of the real quotient (1 // 0.1 = 9), where floor(a / b)
// can round up past it. q * b = p + e exactly (Dekker's product over 12-bit halves split by masking,
// exact with or without fma contraction), so the sign of q * b - a is exact and shows the overshoot.
fn hi12_(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0xFFFFF000u); }
fn floordiv_(a: f32, b: f32) -> f32 {
  if (isnan_(a) || isnan_(b) || isinf_(a)) { return nan_(); }
  if (b == 0.0) { return a / b; }
  if (isinf_(b)) { return select(a / b, -1.0, a != 0.0 && ((a < 0.0) != (b < 0.0))); }
  let q = floor(a / b);
  if (!(abs(q) < 16777216.0)) { return q; }
  let p = q * b;
  let qh = hi12_(q);
  let ql = q - qh;
  let bh = hi12_(b);
  let bl = b - bh;
  let e = ((qh * bh - p) + qh * bl + ql * bh) + ql * bl;
  let d = p - a;
  if ((b > 0.0 && d > -e) || (b < 0.0 && d < -e)) { return q - 1.0; }
  return q;
}
fn remainder_(a: f32, b: f32) -> f32 {
  let r = a % b;
  if (r != 0.0 && ((r < 0.0) != (b < 0.0))) { return r + b; }
  return r;
}
fn maximum_(a: f32, b: f32) -> f32 {
  if (isnan_(a) || isnan_(b)) { return nan_(); }
  return select(b, a, a > b);
}
fn minimum_(a: f32, b: f32) -> f32 {
  if (isnan_(a) || isnan_(b)) { return nan_(); }
  return select(b, a, a < b);
}
fn ipow_(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) != 0); }
    return 0;
  }
  var r = 1;
  var base = a;
  var e = b;
  loop {
    if (e == 0) { break; }
    if ((e & 1) != 0) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}
fn idiv_(a: i32, b: i32) -> i32 { if (b == 0) { return 0; } return a / b; }
fn ifloordiv_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) { return q - 1; }
  return q;
}
fn iremainder_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { return r + b; }
  return r;
}
fn ifmod_(a: i32, b: i32) -> i32 { if (b == 0) { return 0; } return a % b; }
`;

/** `op(x)` for an f32 `x`. */
export function unaryF32(op: UnaryOp, x: string): string {
  switch (op) {
    case 'neg': return `-${x}`;
    case 'abs': return `abs(${x})`;
    case 'sign': return `sign_(${x})`;
    case 'exp': return `exp_(${x})`;
    case 'log': return `log_(${x})`;
    case 'sqrt': return `sqrt_(${x})`;
    case 'rsqrt': return `(1.0 / sqrt_(${x}))`;
    case 'sin': return `sin_(${x})`;
    case 'cos': return `cos_(${x})`;
    case 'tanh': return `tanh_(${x})`;
    case 'sigmoid': return `sigmoid_(${x})`;
    case 'floor': return `floor(${x})`;
    case 'ceil': return `ceil(${x})`;
    case 'round': return `round(${x})`;
    case 'trunc': return `trunc(${x})`;
    case 'reciprocal': return `(1.0 / ${x})`;
    case 'log1p': return `log1p_(${x})`;
    case 'expm1': return `expm1_(${x})`;
    case 'erf': return `erf_(${x})`;
  }
}

/** `op(x)` for an i32 `x`: exact for neg/abs/sign, identity for rounding, via f32 otherwise. */
export function unaryI32(op: UnaryOp, x: string): string {
  switch (op) {
    case 'neg': return `-${x}`;
    case 'abs': return `abs(${x})`;
    case 'sign': return `sign(${x})`;
    case 'floor':
    case 'ceil':
    case 'round':
    case 'trunc':
      return x;
    default:
      return `i32(${unaryF32(op, `f32(${x})`)})`;
  }
}

const CMP: Partial<Record<BinaryOp, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

/**
 * `op(a, b)` computed in `t` (the operands' WGSL type). Comparisons and logical ops yield a WGSL
 * bool; arithmetic yields `t`. Bool operands (u32 0/1) compute in i32 and are normalised by the
 * caller.
 */
export function binaryExpr(op: BinaryOp, t: WgslType, a: string, b: string): string {
  const cmp = CMP[op];
  if (t === 'f32') {
    if (cmp) {
      const raw = `(${a} ${cmp} ${b})`;
      if (op === 'ne') return `(isnan_(${a}) || isnan_(${b}) || ${raw})`;
      return `(!isnan_(${a}) && !isnan_(${b}) && ${raw})`;
    }
    switch (op) {
      case 'add': return `(${a} + ${b})`;
      case 'sub': return `(${a} - ${b})`;
      case 'mul': return `(${a} * ${b})`;
      case 'div': return `(${a} / ${b})`;
      case 'floor_divide': return `floordiv_(${a}, ${b})`;
      case 'remainder': return `remainder_(${a}, ${b})`;
      case 'fmod': return `(${a} % ${b})`;
      case 'pow': return `pow_(${a}, ${b})`;
      case 'maximum': return `maximum_(${a}, ${b})`;
      case 'minimum': return `minimum_(${a}, ${b})`;
      case 'atan2': return `atan2(${a}, ${b})`;
      case 'logical_and': return `(nz_(${a}) && nz_(${b}))`;
      case 'logical_or': return `(nz_(${a}) || nz_(${b}))`;
      case 'logical_xor': return `(nz_(${a}) != nz_(${b}))`;
      default: throw new Error(`unreachable: ${op}`);
    }
  }
  if (cmp) return `(${a} ${cmp} ${b})`;
  switch (op) {
    case 'add': return `(${a} + ${b})`;
    case 'sub': return `(${a} - ${b})`;
    case 'mul': return `(${a} * ${b})`;
    case 'div': return `idiv_(${a}, ${b})`;
    case 'floor_divide': return `ifloordiv_(${a}, ${b})`;
    case 'remainder': return `iremainder_(${a}, ${b})`;
    case 'fmod': return `ifmod_(${a}, ${b})`;
    case 'pow': return `ipow_(${a}, ${b})`;
    case 'maximum': return `max(${a}, ${b})`;
    case 'minimum': return `min(${a}, ${b})`;
    case 'atan2': return `i32(atan2(f32(${a}), f32(${b})))`;
    case 'logical_and': return `((${a} != 0) && (${b} != 0))`;
    case 'logical_or': return `((${a} != 0) || (${b} != 0))`;
    case 'logical_xor': return `((${a} != 0) != (${b} != 0))`;
    default: throw new Error(`unreachable: ${op}`);
  }
}
