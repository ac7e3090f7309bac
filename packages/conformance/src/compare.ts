/**
 * Comparing our tensors with PyTorch's values: shape, dtype, and elementwise closeness
 * (`|a − e| ≤ atol + rtol·|e|`, NaN equal to NaN, infinities equal by sign).
 */
import type { Tensor } from '@proj/tensor';
import { type JsonNumber, type TensorSpec, num } from './fixture.js';

export interface Tolerance {
  atol: number;
  rtol: number;
}

/** The default tolerance for a dtype: exact for integers and bools. */
export function defaultTolerance(dtype: string, grad = false): Tolerance {
  if (dtype === 'float32') return grad ? { atol: 1e-4, rtol: 1e-4 } : { atol: 1e-5, rtol: 1e-4 };
  if (dtype === 'float64') return { atol: 1e-9, rtol: 1e-7 };
  return { atol: 0, rtol: 0 };
}

/** Returns a description of the first mismatch, or null when `actual` matches `expected`. */
export function mismatch(actual: Tensor, expected: TensorSpec, tol: Tolerance): string | null {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((s, i) => s !== expected.shape[i])) {
    return `shape [${actual.shape}] instead of [${expected.shape}]`;
  }
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype} instead of ${expected.dtype}`;
  return valuesMismatch(Array.from(actual.dataSync() as ArrayLike<number | bigint>, Number), expected.data, tol);
}

/**
 * `mismatch` for every backend: reads with `await actual.data()`, so it also works on backends
 * without synchronous reads (WebGPU).
 */
export async function mismatchAsync(actual: Tensor, expected: TensorSpec, tol: Tolerance): Promise<string | null> {
  if (actual.shape.length !== expected.shape.length || actual.shape.some((s, i) => s !== expected.shape[i])) {
    return `shape [${actual.shape}] instead of [${expected.shape}]`;
  }
  if (actual.dtype !== expected.dtype) return `dtype ${actual.dtype} instead of ${expected.dtype}`;
  return valuesMismatch(Array.from((await actual.data()) as ArrayLike<number | bigint>, Number), expected.data, tol);
}

export function valuesMismatch(actual: readonly number[], expected: readonly JsonNumber[], tol: Tolerance): string | null {
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = num(expected[i]!);
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) return `element ${i}: ${a} instead of ${e}`;
      continue;
    }
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (a !== e) return `element ${i}: ${a} instead of ${e}`;
      continue;
    }
    const err = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (err > worstErr) {
      worst = i;
      worstErr = err;
    }
  }
  if (worst >= 0) {
    const e = num(expected[worst]!);
    return `element ${worst}: ${actual[worst]} instead of ${e} (|diff| ${Math.abs(actual[worst]! - e).toExponential(2)} > atol ${tol.atol} + rtol ${tol.rtol}·|expected|)`;
  }
  return null;
}
