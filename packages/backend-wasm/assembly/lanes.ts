// Small helpers for float32 kernels on SIMD lanes: addresses, and f32x4 ↔ 2 × f64x2 for sums
// kept in double precision.

@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}
@inline export function at64(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}
@inline export function lo64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline export function hi64(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}
@inline export function narrow(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
/** Adds four floats to the four doubles at p. */
@inline export function accumulate(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), lo64(v)));
  v128.store(p, f64x2.add(v128.load(p, 16), hi64(v)), 16);
}
@inline export function hsum(a: v128, b: v128): f64 {
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
