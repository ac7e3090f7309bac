// float32 transcendental functions on f32x4 lanes (Cephes-style): exp, expm1, log, log1p, sigmoid
// and tanh, a few ulps from the correctly rounded result over the whole float32 range. float64
// keeps the precise scalar path (Math.*). The scalar forms run one lane, so a value gets the same
// bits whether it lands in a SIMD body or in a tail.
//
// Plain mul + add, never relaxed madd: the two builds (SIMD and relaxed) must agree bit for bit.

const LOG2E: f32 = 1.44269504088896341;
// ln 2 split so that k·LN2_HI is exact for |k| ≤ 2^15 (Cody–Waite).
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// exp underflows to 0 below about −103.97 and overflows above 88.72; clamping just outside keeps
// k in [−150, 128] so that 2^k fits in two normal-float factors.
const EXP_LO: f32 = -104.0;
const EXP_HI: f32 = 88.8;
// Adding 1.5·2^23 rounds to an integer (ties to even) and leaves it in the low mantissa bits:
// cheaper than nearest + trunc_sat, whose saturation takes V8 several instructions.
const ROUNDER: f32 = 12582912.0;
const ROUNDER_BITS: i32 = 0x4b400000;
// expm1(x) rounds to −1 below −17.33.
const EXPM1_LO: f32 = -18.0;
// tanh(x) rounds to ±1 beyond 9.01.
const TANH_HI: f32 = 10.0;

@inline function splat(c: f32): v128 {
  return f32x4.splat(c);
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(f32x4.mul(a, b), c);
}

/** 2^k for integer lanes k in [−126, 127]. */
@inline function pow2(k: v128): v128 {
  return i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23);
}

/** pmax/pmin (one instruction each on x86, unlike max/min) pass a NaN in x through. */
@inline function clamp(x: v128, lo: f32, hi: f32): v128 {
  return f32x4.pmin(f32x4.pmax(x, splat(lo)), splat(hi));
}

/** e^r − 1 for |r| ≤ ln2/2. Estrin's scheme: half the dependency chain of Horner's. */
@inline function expm1Reduced(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  const a = madd(splat(1.6666665459e-1), r, splat(5.0000001201e-1));
  const b = madd(splat(8.3334519073e-3), r, splat(4.1665795894e-2));
  const c = madd(splat(1.9875691500e-4), r, splat(1.3981999507e-3));
  const p = madd(madd(c, r2, b), r2, a);
  return madd(p, r2, r);
}

/** ±0 in, the same zero out (the sums above would make −0 into +0). */
@inline function keepZero(x: v128, y: v128): v128 {
  return v128.bitselect(x, y, f32x4.eq(x, splat(0)));
}

/** r = x − k·ln2, exactly enough that the polynomial's error dominates. */
@inline function reduce(x: v128, k: v128): v128 {
  return f32x4.sub(f32x4.sub(x, f32x4.mul(k, splat(LN2_HI))), f32x4.mul(k, splat(LN2_LO)));
}

@inline export function vexp(x: v128): v128 {
  x = clamp(x, EXP_LO, EXP_HI);
  const t = f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(ROUNDER));
  const fk = f32x4.sub(t, splat(ROUNDER));
  const y = f32x4.add(expm1Reduced(reduce(x, fk)), splat(1));
  // Two factors: one rounding, straight into the denormals, and overflow to inf above 88.72.
  const k = i32x4.sub(t, i32x4.splat(ROUNDER_BITS));
  const k1 = i32x4.shr_s(k, 1);
  return f32x4.mul(f32x4.mul(y, pow2(k1)), pow2(i32x4.sub(k, k1)));
}

@inline export function vexpm1(x: v128): v128 {
  x = clamp(x, EXPM1_LO, EXP_HI);
  const r = f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(ROUNDER));
  const fk = f32x4.sub(r, splat(ROUNDER));
  const m = expm1Reduced(reduce(x, fk));
  // 2^k·m + (2^k − 1) has no cancellation; halved (t = 2^(k−1)) so that k = 128 does not overflow
  // early, and exactly m when k = 0.
  const t = pow2(i32x4.sub(r, i32x4.splat(ROUNDER_BITS + 1)));
  const h = f32x4.add(f32x4.mul(t, m), f32x4.sub(t, splat(0.5)));
  return keepZero(x, f32x4.add(h, h));
}

/** log for x > 0 finite (zero, negative, inf and NaN lanes come out as garbage). */
@inline function logPositive(x: v128): v128 {
  // Denormals: scale into the normals first.
  const tiny = f32x4.lt(x, splat(1.17549435e-38));
  x = v128.bitselect(f32x4.mul(x, splat(8388608.0)), x, tiny);
  const bits = x;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126));
  e = i32x4.add(e, v128.and(tiny, i32x4.splat(-23)));
  // m in [0.5, 1); below √½ use 2m − 1 and e − 1, so that the argument stays within [√½ − 1, √2 − 1].
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const low = f32x4.lt(m, splat(0.707106781186547524));
  e = i32x4.add(e, low); // low lanes are −1
  m = f32x4.sub(f32x4.add(m, v128.and(m, low)), splat(1));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let p = madd(splat(7.0376836292e-2), m, splat(-1.1514610310e-1));
  p = madd(p, m, splat(1.1676998740e-1));
  p = madd(p, m, splat(-1.2420140846e-1));
  p = madd(p, m, splat(1.4249322787e-1));
  p = madd(p, m, splat(-1.6668057665e-1));
  p = madd(p, m, splat(2.0000714765e-1));
  p = madd(p, m, splat(-2.4999993993e-1));
  p = madd(p, m, splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, m), z);
  y = madd(fe, splat(LN2_LO), y);
  y = f32x4.sub(y, f32x4.mul(z, splat(0.5)));
  return madd(fe, splat(LN2_HI), f32x4.add(m, y));
}

/** Lanes where x is 0, negative, +inf or NaN get log's IEEE values. */
@inline function logEdges(x: v128, y: v128): v128 {
  y = v128.bitselect(splat(-Infinity as f32), y, f32x4.eq(x, splat(0)));
  y = v128.bitselect(x, y, f32x4.eq(x, splat(Infinity as f32)));
  return v128.bitselect(splat(NaN as f32), y, v128.not(f32x4.ge(x, splat(0))));
}

@inline export function vlog(x: v128): v128 {
  return logEdges(x, logPositive(x));
}

@inline export function vlog1p(x: v128): v128 {
  const u = f32x4.add(x, splat(1));
  // log(u) + (x − (u − 1))/u: the correction gives back what rounding 1 + x lost.
  const c = f32x4.div(f32x4.sub(x, f32x4.sub(u, splat(1))), u);
  const finite = v128.and(f32x4.gt(u, splat(0)), f32x4.lt(u, splat(Infinity as f32)));
  return keepZero(x, f32x4.add(logEdges(u, logPositive(u)), v128.and(c, finite)));
}

/** As the reference: 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below, so tiny results stay denormal. */
@inline export function vsigmoid(x: v128): v128 {
  const e = vexp(f32x4.neg(f32x4.abs(x)));
  const num = v128.bitselect(splat(1), e, f32x4.ge(x, splat(0)));
  return f32x4.div(num, f32x4.add(e, splat(1)));
}

/** tanh|x| = e/(e + 2) with e = expm1(2|x|): accurate near 0, sign put back (−0 stays −0). */
@inline export function vtanh(x: v128): v128 {
  const sign = i32x4.splat(<i32>0x80000000);
  const a = f32x4.pmin(f32x4.abs(x), splat(TANH_HI));
  const e = vexpm1(f32x4.add(a, a));
  const t = f32x4.div(e, f32x4.add(e, splat(2)));
  return v128.or(t, v128.and(x, sign));
}

@inline export function expf(x: f32): f32 {
  return f32x4.extract_lane(vexp(f32x4.splat(x)), 0);
}
@inline export function expm1f(x: f32): f32 {
  return f32x4.extract_lane(vexpm1(f32x4.splat(x)), 0);
}
@inline export function logf(x: f32): f32 {
  return f32x4.extract_lane(vlog(f32x4.splat(x)), 0);
}
@inline export function log1pf(x: f32): f32 {
  return f32x4.extract_lane(vlog1p(f32x4.splat(x)), 0);
}
@inline export function sigmoidf(x: f32): f32 {
  return f32x4.extract_lane(vsigmoid(f32x4.splat(x)), 0);
}
@inline export function tanhf(x: f32): f32 {
  return f32x4.extract_lane(vtanh(f32x4.splat(x)), 0);
}
