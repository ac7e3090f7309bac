/**
 * Batched matmul. Each operand is packed into 4-wide panels (which also absorbs any strides,
 * so transposed inputs cost nothing extra), then a 4×4 register-tiled kernel runs over the
 * panels. Accumulation is in double precision.
 */
import type { StridedView } from '@proj/tensor';
import { type Data, alloc } from './storage.js';
import { walk } from './strided.js';

/** A strided matrix inside a buffer. */
export interface Mat {
  data: Data;
  offset: number;
  rowStride: number;
  colStride: number;
}

const KC = 256;

/** Packs rows [i0, i0+4) × cols [k0, k0+kc) of A into `buf` as k-major groups of 4 (zero-padded). */
function packA(a: Mat, m: number, i0: number, k0: number, kc: number, buf: Float64Array): void {
  for (let k = 0; k < kc; k++) {
    const base = a.offset + (k0 + k) * a.colStride;
    for (let r = 0; r < 4; r++) {
      const i = i0 + r;
      buf[k * 4 + r] = i < m ? a.data[base + i * a.rowStride]! : 0;
    }
  }
}

/** Packs rows [k0, k0+kc) × all cols of B as column panels of 4: panel p holds cols 4p..4p+3, k-major. */
function packB(b: Mat, n: number, k0: number, kc: number, buf: Float64Array): void {
  const panels = Math.ceil(n / 4);
  for (let p = 0; p < panels; p++) {
    for (let k = 0; k < kc; k++) {
      const base = b.offset + (k0 + k) * b.rowStride;
      const dst = (p * kc + k) * 4;
      for (let c = 0; c < 4; c++) {
        const j = p * 4 + c;
        buf[dst + c] = j < n ? b.data[base + j * b.colStride]! : 0;
      }
    }
  }
}

/**
 * `out[outOffset + i*n + j] (+)= Σ_k A[i,k]·B[k,j]` for an M×K by K×N product. With
 * `accumulate`, adds into `out` instead of overwriting it.
 */
export function gemm(a: Mat, b: Mat, m: number, n: number, k: number, out: Data, outOffset: number, accumulate = false): void {
  if (!accumulate) out.fill(0, outOffset, outOffset + m * n);
  const panels = Math.ceil(n / 4);
  const bBuf = new Float64Array(panels * Math.min(KC, k) * 4);
  const aBuf = new Float64Array(KC * 4);
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = Math.min(KC, k - k0);
    packB(b, n, k0, kc, bBuf);
    for (let i0 = 0; i0 < m; i0 += 4) {
      packA(a, m, i0, k0, kc, aBuf);
      for (let p = 0; p < panels; p++) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        let bi = p * kc * 4;
        for (let kk = 0, ai = 0; kk < kc; kk++, ai += 4, bi += 4) {
          const a0 = aBuf[ai]!, a1 = aBuf[ai + 1]!, a2 = aBuf[ai + 2]!, a3 = aBuf[ai + 3]!;
          const b0 = bBuf[bi]!, b1 = bBuf[bi + 1]!, b2 = bBuf[bi + 2]!, b3 = bBuf[bi + 3]!;
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        const rows = Math.min(4, m - i0);
        const cols = Math.min(4, n - p * 4);
        if (rows === 4 && cols === 4) {
          let o = outOffset + i0 * n + p * 4;
          out[o]! += c00; out[o + 1]! += c01; out[o + 2]! += c02; out[o + 3]! += c03; o += n;
          out[o]! += c10; out[o + 1]! += c11; out[o + 2]! += c12; out[o + 3]! += c13; o += n;
          out[o]! += c20; out[o + 1]! += c21; out[o + 2]! += c22; out[o + 3]! += c23; o += n;
          out[o]! += c30; out[o + 1]! += c31; out[o + 2]! += c32; out[o + 3]! += c33;
          continue;
        }
        const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < rows; r++) {
          const o = outOffset + (i0 + r) * n + p * 4;
          for (let c = 0; c < cols; c++) out[o + c]! += tile[r * 4 + c]!;
        }
      }
    }
  }
}

export function matmul(a: StridedView<Data>, b: StridedView<Data>): Data {
  const r = a.shape.length;
  const m = a.shape[r - 2]!;
  const k = a.shape[r - 1]!;
  const n = b.shape[r - 1]!;
  const batch = a.shape.slice(0, r - 2);
  const out = alloc(a.dtype, batch.reduce((x, y) => x * y, 1) * m * n);
  if (m === 0 || n === 0) return out;
  const ops = [
    { strides: a.strides.slice(0, r - 2), offset: a.offset },
    { strides: b.strides.slice(0, r - 2), offset: b.offset },
  ];
  walk(batch, ops, (len, offs, steps, o) => {
    for (let t = 0; t < len; t++) {
      const am: Mat = { data: a.handle, offset: offs[0]! + t * steps[0]!, rowStride: a.strides[r - 2]!, colStride: a.strides[r - 1]! };
      const bm: Mat = { data: b.handle, offset: offs[1]! + t * steps[1]!, rowStride: b.strides[r - 2]!, colStride: b.strides[r - 1]! };
      gemm(am, bm, m, n, k, out, (o + t) * m * n);
    }
  });
  return out;
}
