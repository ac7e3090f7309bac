/**
 * Host-side linear algebra for `init.orthogonal_`.
 */

/**
 * The Q of a reduced QR of the row-major m×n matrix `a` (m >= n), by Householder reflections in
 * float64, with each column multiplied by the sign of R's diagonal entry: that makes Q unique, so
 * it equals what PyTorch's `q * diag(r).sign()` gives from LAPACK.
 */
export function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const A = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += A[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    const x0 = A[k * n + k]!;
    const alpha = x0 > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let i = k; i < m; i++) v[i] = A[i * n + k]!;
    v[k] = x0 - alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i]! ** 2;
    if (vv > 0) {
      for (let j = k; j < n; j++) {
        let dot = 0;
        for (let i = k; i < m; i++) dot += v[i]! * A[i * n + j]!;
        const s = (2 * dot) / vv;
        for (let i = k; i < m; i++) A[i * n + j] = A[i * n + j]! - s * v[i]!;
      }
    }
    diag[k] = vv > 0 ? alpha : x0;
    vs.push(vv > 0 ? v : new Float64Array(m));
  }
  // Q = H_0 … H_{n-1} applied to the first n columns of the identity.
  const Q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i]! ** 2;
    if (vv === 0) continue;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i]! * Q[i * n + j]!;
      const s = (2 * dot) / vv;
      for (let i = k; i < m; i++) Q[i * n + j] = Q[i * n + j]! - s * v[i]!;
    }
  }
  for (let j = 0; j < n; j++) {
    const sign = Math.sign(diag[j]!);
    for (let i = 0; i < m; i++) Q[i * n + j] = Q[i * n + j]! * sign;
  }
  return Q;
}
