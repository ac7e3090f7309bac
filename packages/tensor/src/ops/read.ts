/**
 * Reading a tensor's values back to the host, and printing it.
 */
import type { HostArray } from '../dtype.js';
import { ArgumentError, BackendError, StateError } from '../errors.js';
import { formatTensor } from '../print/format.js';
import { contiguousStrides } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { contiguousCopy } from './view.js';

/** What `tolist()` returns: nested arrays of numbers (booleans for bool tensors). */
export type Nested = number | boolean | Nested[];

function checkAlive(op: string, t: Tensor): void {
  if (t.isDisposed) throw new StateError(`${op}: this tensor (${t.dtype} [${t.shape}]) has been disposed and cannot be used`);
}

/** The tensor itself when its storage is exactly its values, else a contiguous copy. */
function readable(t: Tensor): Tensor {
  return t._offset === 0 && t.is_contiguous() && t._storage.numel === t.numel() ? t : contiguousCopy(t);
}

export async function data(t: Tensor): Promise<HostArray> {
  checkAlive('data', t);
  const c = readable(t);
  try {
    return await c._storage.backend.read(c._storage.handle, c.dtype, c.numel());
  } finally {
    if (c !== t) c.dispose();
  }
}

/** A synchronous read for `op`, whose error names the asynchronous call to use `instead`. */
export function readSync(t: Tensor, op: string, instead: string): HostArray {
  checkAlive(op, t);
  const c = readable(t);
  try {
    const be = c._storage.backend;
    if (!be.readSync) throw new BackendError(`${op}: the '${be.name}' backend cannot read synchronously; use ${instead} instead`);
    return be.readSync(c._storage.handle, c.dtype, c.numel());
  } finally {
    if (c !== t) c.dispose();
  }
}

export function item(t: Tensor): number {
  if (t.numel() !== 1) throw new ArgumentError(`item: a Tensor with ${t.numel()} elements cannot be converted to a number`);
  return Number(readSync(t, 'item', '(await tensor.data())[0]')[0]);
}

export function tolist(t: Tensor): Nested {
  const values = readSync(t, 'tolist', 'await tensor.data()');
  const at = (i: number): number | boolean => (t.dtype === 'bool' ? values[i] !== 0 : Number(values[i]));
  if (t.ndim === 0) return at(0);
  const strides = contiguousStrides(t.shape);
  const rec = (d: number, base: number): Nested[] =>
    Array.from({ length: t.shape[d]! }, (_, i) => (d === t.ndim - 1 ? at(base + i) : rec(d + 1, base + i * strides[d]!)));
  return rec(0, 0);
}

/** PyTorch's repr, with `device=`, `grad_fn=` or `requires_grad=` as PyTorch prints them. */
export function repr(t: Tensor): string {
  if (t.isDisposed) return `tensor(<disposed>, shape=[${t.shape}], dtype=${t.dtype})`;
  const be = t._storage.backend;
  const suffixes: string[] = [];
  if (be.name !== 'cpu') suffixes.push(`device='${be.name}'`);
  if (t.grad_fn) suffixes.push(`grad_fn=<${t.grad_fn.name}>`);
  else if (t.requires_grad) suffixes.push('requires_grad=True');
  if (!be.readSync) return `tensor(<${be.name}: await data() to read>, shape=[${t.shape}], dtype=${t.dtype})`;
  return formatTensor(t.dataSync(), t.shape, t.dtype, suffixes);
}
