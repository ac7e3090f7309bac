/**
 * Float arithmetic of PyTorch's AVX2 CPU build, reproduced exactly: fused multiply-add emulation
 * (float32 and float64) and the float32 `log256_ps`/`sincos256_ps` of avx_mathfun that its
 * vectorised normal_ uses. Only the random module needs these.
 */

const f = Math.fround;

/** Correctly rounded float32 `a * b + c` for float32 inputs, like `vfmadd` on floats. */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b; // exact: 24 + 24 bits
  const s = p + c;
  const r = f(s);
  const d = s - r;
  if (d === 0) return r;
  // Rounding to double then to float32 errs only when s lands exactly on a float32 midpoint.
  const other = r + 2 * d;
  if (f(other) !== other) return r;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  if (err === 0) return r;
  return err > 0 === other > r ? other : r;
}

const F64 = new Float64Array(1);
const W32 = new Uint32Array(F64.buffer);

/** Correctly rounded double `a * b + c` (Boldo–Melquiond: exact product, then round to odd). */
export function fma(a: number, b: number, c: number): number {
  const ph = a * b;
  if (c === 0 || ph === 0 || !Number.isFinite(ph)) return ph + c;
  // Keep the Veltkamp split below from overflowing (scaling by 2^-64 is exact for normal numbers).
  if (Math.abs(b) > 2 ** 995) return 2 ** 64 * fma(a, b * 2 ** -64, c * 2 ** -64);
  if (Math.abs(a) > 2 ** 995) return 2 ** 64 * fma(a * 2 ** -64, b, c * 2 ** -64);
  let t = 134217729 * a; // Veltkamp split at 2^27 + 1
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - ph + ah * bl + al * bh + al * bl;
  const s = ph + c;
  let bb = s - ph;
  const e = ph - (s - bb) + (c - bb);
  let v = e + pl;
  bb = v - e;
  const ev = e - (v - bb) + (pl - bb);
  if (ev !== 0) {
    F64[0] = v;
    const lo = W32[0] as number;
    if ((lo & 1) === 0) {
      // Round v to odd: one ulp towards the exact e + pl.
      if (ev > 0 === v > 0) W32[0] = lo + 1;
      else {
        if (lo === 0) W32[1] = (W32[1] as number) - 1;
        W32[0] = lo - 1;
      }
      v = F64[0] as number;
    }
  }
  return s + v;
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** A float32 from its bit pattern: the constants below are copied from libtorch_cpu's .rodata. */
function k(bits: number): number {
  U32[0] = bits;
  return F32[0] as number;
}
// log256_ps: cephes_log_p0..p8, SQRTHF, log_q1, log_q2.
const P0 = k(0x3d9021bb), P1 = k(0xbdebd1b8), P2 = k(0x3def251a), P3 = k(0xbdfe5d4f);
const P4 = k(0x3e11e9bf), P5 = k(0xbe2aae50), P6 = k(0x3e4cceac), P7 = k(0xbe7ffffc);
const P8 = k(0x3eaaaaaa), SQRTHF = k(0x3f3504f3), Q1 = k(0xb95e8083), Q2 = k(0x3f318000);
// sincos256_ps: 4/pi, -DP1..3, sincof_p0..2, coscof_p0..2; and normal_fill's float(2 pi).
const FOPI = k(0x3fa2f983), DP1 = k(0xbf490000), DP2 = k(0xb97da000), DP3 = k(0xb3222169);
const S0 = k(0xb94ca1f9), S1 = k(0x3c08839e), S2 = k(0xbe2aaaa3);
const C0 = k(0x37ccf5ce), C1 = k(0xbab6061a), C2 = k(0x3d2aaaa5), TWO_PI = k(0x40c90fdb);

/*
 * log256_ps and sincos256_ps (Julien Pommier's avx_mathfun, vendored in ATen) for one lane, with
 * the FMAs GCC contracted in PyTorch's AVX2 normal_fill (read off libtorch_cpu's disassembly).
 * Every `f(a * b + c)` below is such an FMA: rounding twice (to double, then float32) equals one
 * rounding for all 2^24 inputs these kernels can receive (u = k / 2^24), checked exhaustively;
 * the exact `fmaf` here would cost 50% more time.
 */
const POW2 = Float64Array.from({ length: 26 }, (_, i) => 2 ** -i);

/** `log256_ps` of `m / 2^24` for an integer 1 <= m <= 2^24 (all `1 - u` can be). */
function log256m(m: number): number {
  const bits = 32 - Math.clz32(m);
  let x = m * (POW2[bits] as number); // the mantissa, in [0.5, 1)
  let e = bits - 24;
  const small = x < SQRTHF;
  const tmp = small ? x : 0;
  x = f(x - 1);
  e -= small ? 1 : 0;
  const eq1 = f(e * Q1);
  x = f(tmp + x);
  let y = f(f(f(f(P0 * x + P1) * x + P2) * x + P3) * x + P4);
  y = f(f(f(f(y * x + P5) * x + P6) * x + P7) * x + P8);
  const z = f(x * x);
  y = f(f(x * y) * z + eq1);
  x = f(x + f(y - f(z * 0.5)));
  return f(e * Q2 + x);
}

/** `log256_ps(u)` as PyTorch's AVX2 kernel computes it, for `u = k / 2^24`, 0 < k <= 2^24. */
export function log256(u: number): number {
  return log256m(u * 16777216);
}

let sinOut = 0;

/** `sincos256_ps` for one lane (see {@link log256}): returns cos and leaves sin in `sinOut`. */
function sincos256(input: number): number {
  let x = Math.abs(input);
  const j = (Math.trunc(f(x * FOPI)) + 1) & ~1;
  x = f(j * DP3 + f(j * DP2 + f(j * DP1 + x)));
  const z = f(x * x);
  const yc = f(f(f(z * f(f(C0 * z + C1) * z + C2)) * z - f(z * 0.5)) + 1);
  const ys = f(f(z * f(z * f(S0 * z + S1) + S2)) * x + x);
  const sinPoly = (j & 2) === 0;
  const s = sinPoly ? ys : yc;
  const c = sinPoly ? yc : ys;
  sinOut = input < 0 !== ((j & 4) !== 0) ? -s : s;
  return (~(j - 2) & 4) !== 0 ? -c : c;
}

/** [sin, cos] of a float32 as PyTorch's AVX2 `sincos256_ps` computes them. */
export function sincos256f(x: number): [sin: number, cos: number] {
  const c = sincos256(x);
  return [sinOut, c];
}

/** `normal_fill_16_AVX2`: 16 float32 uniforms at `data[i..i+16)` become 16 normals. */

/** PyTorch's AVX2 normal_fill_16 for float32: Box–Muller over 16 uniforms in place. */
export function boxMuller16f(data: Float32Array, i: number, mean: number, std: number): void {
  for (let j = i; j < i + 8; j++) {
    const radius = f(Math.sqrt(f(log256m(16777216 - (data[j] as number) * 16777216) * -2)));
    const cos = sincos256(f(TWO_PI * (data[j + 8] as number)));
    data[j] = fmaf(f(radius * cos), std, mean);
    data[j + 8] = fmaf(f(radius * sinOut), std, mean);
  }
}
