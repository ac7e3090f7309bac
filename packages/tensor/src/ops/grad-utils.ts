/**
 * Helpers for backward functions.
 */
import type { Tensor } from '../tensor.js';
import * as rd from './reduce.js';

/** Sums a broadcast gradient back to `shape` (the inverse of broadcasting), and casts to `dtype`. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length ? rd.sum(g, dims, true) : g;
  if (lead > 0 || r.shape.length !== shape.length) r = r.reshape([...shape]);
  return r;
}

/** The gradient for an input that was promoted to `g.dtype`: summed back to its shape and cast back. */
export function gradFor(g: Tensor, input: Tensor): Tensor {
  const r = sumToShape(g, input.shape);
  return r.dtype === input.dtype ? r : r.to(input.dtype);
}
