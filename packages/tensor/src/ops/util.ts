/**
 * The dispatch path shared by every op: checking tensors are alive and on one backend, turning
 * tensors into kernel views, and wrapping kernel outputs as tensors.
 */
import type { Backend, StridedView } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import { type DType, isFloating } from '../dtype.js';
import { ArgumentError, BackendError, DTypeError, StateError } from '../errors.js';
import { contiguousStrides, numel } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { isTensor } from '../memory/scope.js';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;

/** The kernel view of a tensor (optionally with broadcast strides). */
export function kview(t: Tensor, shape: readonly number[] = t.shape, strides: readonly number[] = t._strides): StridedView {
  return { handle: t._storage.handle, dtype: t.dtype, shape, strides, offset: t._offset };
}

/** Wraps a fresh contiguous kernel output. */
export function wrap(backend: Backend, handle: unknown, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(new Storage(backend, handle, dtype, numel(shape)), shape, contiguousStrides(shape), 0);
}

/**
 * Throws a StateError naming `op` and the argument's position for the first disposed tensor
 * among `args` (the tensor's own error cannot say which op it was passed to).
 */
export function alive(op: string, ...args: readonly unknown[]): void {
  args.forEach((a, i) => {
    if (isTensor(a) && a.isDisposed) {
      throw new StateError(`${op}: argument ${i + 1} (${a.dtype} [${a.shape}]) has been disposed and cannot be used`);
    }
  });
}

/** The backend all tensor arguments live on; a clear error when they differ. */
export function backendOf(op: string, ...args: readonly unknown[]): Backend {
  let found: Backend | null = null;
  let foundAt = 0;
  alive(op, ...args);
  args.forEach((a, i) => {
    if (!isTensor(a)) return;
    const b = a._storage.backend;
    if (found && found !== b) {
      throw new BackendError(
        `${op}: expected all tensors to be on the same backend, but found '${found.name}' (argument ${foundAt + 1}) and '${b.name}' (argument ${i + 1}); move one with .to('${found.name}')`,
      );
    }
    if (!found) {
      found = b;
      foundAt = i;
    }
  });
  return found ?? getBackend();
}

export function checkDtypeSupported(op: string, backend: Backend, dtype: DType): void {
  if (!backend.dtypes.includes(dtype)) {
    const hint = backend.unsupportedDtypeHint?.(dtype);
    throw new DTypeError(
      `${op}: the '${backend.name}' backend does not support ${dtype} (it supports ${backend.dtypes.join(', ')})${hint ? `: ${hint}` : ''}`,
    );
  }
}

export function requireFloat(op: string, t: Tensor, arg = 'input'): void {
  if (!isFloating(t.dtype)) {
    throw new DTypeError(`${op}: expected a floating point ${arg}, got ${t.dtype}`);
  }
}

/** Checks a finite number option. */
export function checkNumber(op: string, arg: string, v: unknown, opts: { min?: number; max?: number; int?: boolean } = {}): number {
  if (typeof v !== 'number' || Number.isNaN(v) || (opts.int && !Number.isInteger(v))) {
    throw new ArgumentError(`${op}: ${arg} must be ${opts.int ? 'an integer' : 'a number'}, got ${String(v)}`);
  }
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw new ArgumentError(
      `${op}: ${arg} must be in [${opts.min ?? '-inf'}, ${opts.max ?? 'inf'}], got ${v}`,
    );
  }
  return v;
}

/** Flattens PyTorch-style size arguments: `f(2, 3)`, `f([2, 3])`. */
export function sizeArgs(op: string, args: readonly (number | readonly number[])[]): number[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as readonly number[]);
  for (const s of flat) {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new ArgumentError(`${op}: sizes must be integers, got [${flat.map(String).join(', ')}]`);
    }
  }
  return [...flat];
}
