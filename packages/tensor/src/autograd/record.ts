/**
 * Recording ops on the autograd graph. Every differentiable op calls `record` once with its
 * output, its inputs and a backward function written with front-end tensor ops.
 */
import type { Tensor } from '../tensor.js';
import { is_grad_enabled } from './grad-mode.js';
import { type BackwardFn, type Edge, Node } from './node.js';

/** True when grad mode is on and some input requires grad, i.e. when `record` would record. */
export function needsGrad(...inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!is_grad_enabled()) return false;
  for (const t of inputs) if (t?.requires_grad) return true;
  return false;
}

/**
 * Attaches a backward node to `out` when grad mode is on and an input requires grad. `save`
 * lists the tensors the backward function needs (null for a slot not needed this time); they are
 * kept alive (sharing storage) until backward has used them, and checked against in-place
 * modification. Save only what backward reads, so that in-place ops on other tensors stay legal.
 * Returns `out`.
 */
export function record(
  out: Tensor,
  name: string,
  inputs: readonly (Tensor | null | undefined)[],
  fn: BackwardFn,
  save: readonly (Tensor | null)[] = [],
): Tensor {
  if (!needsGrad(...inputs)) return out;
  const next: Edge[] = inputs.map((t) => (t?.requires_grad ? (t.grad_fn ?? t) : null));
  const node = new Node(
    name,
    next,
    fn,
    save.map((t) => t?._alias() ?? null),
    save.map((t) => t?._storage.version ?? 0),
  );
  out._setGradFn(node);
  return out;
}
