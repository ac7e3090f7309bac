/**
 * Conversions: dtype casts and moves between backends, both differentiable.
 */
import { record } from '../autograd/record.js';
import { getBackend } from '../backend/registry.js';
import { DTYPES, type DType, isFloating } from '../dtype.js';
import { BackendError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { alive, backendOf, checkDtypeSupported, kview, wrap } from './util.js';

/** `to('float64')` casts; `to('wasm')` moves to another backend. Returns `t` when nothing changes. */
export function to(t: Tensor, target: DType | string): Tensor {
  alive('to', t);
  return (DTYPES as readonly string[]).includes(target) ? cast(t, target as DType) : move(t, target);
}

function cast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const be = backendOf('to', t);
  checkDtypeSupported('to', be, dtype);
  const out = wrap(be, be.cast(kview(t), dtype), t.shape, dtype);
  if (!isFloating(dtype)) return out;
  return record(out, 'ToCopyBackward0', [t], (g) => [g.to(t.dtype)]);
}

function move(t: Tensor, name: string): Tensor {
  const src = t._storage.backend;
  const dst = getBackend(name);
  if (src === dst) return t;
  checkDtypeSupported('to', dst, t.dtype);
  if (!src.readSync) {
    throw new BackendError(
      `to: the '${src.name}' backend cannot read synchronously; use await toAsync(tensor, '${name}') instead`,
    );
  }
  const data = t.dataSync();
  const out = wrap(dst, dst.upload(data, t.dtype), t.shape, t.dtype);
  return record(out, 'ToCopyBackward0', [t], (g) => [g.to(src.name)]);
}

/** Moves a tensor to another backend, reading asynchronously (works from every backend). */
export async function toAsync(t: Tensor, name: string): Promise<Tensor> {
  const dst = getBackend(name);
  if (t._storage.backend === dst) return t;
  checkDtypeSupported('toAsync', dst, t.dtype);
  const data = await t.data();
  const out = wrap(dst, dst.upload(data, t.dtype), t.shape, t.dtype);
  const srcName = t.device;
  return record(out, 'ToCopyBackward0', [t], (g) => [g.to(srcName)]);
}
