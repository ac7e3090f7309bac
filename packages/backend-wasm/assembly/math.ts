// Scalar functions with the reference backend's semantics (packages/backend-cpu/src/math.ts).

export function sigmoid(x: f64): f64 {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** erf: Taylor series below 3, continued fraction for erfc above; ~1e-15 absolute. */
export function erf(x: f64): f64 {
  if (isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / <f64>n;
      const add = term / <f64>(2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  const tiny = 1e-300;
  let f = ax;
  let c = ax;
  let d = 0.0;
  for (let n = 1; n < 300; n++) {
    const an = <f64>n / 2;
    d = ax + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = ax + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** PyTorch's floor division of floats: the exact floor of the real quotient (1 // 0.1 = 9). */
@inline export function floorDivF(a: f64, b: f64): f64 {
  if (b == 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
  if (div == 0) return copysign<f64>(0, a / b);
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

/** Python-style remainder: the sign of the divisor. */
@inline export function remainderF(a: f64, b: f64): f64 {
  const r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}
