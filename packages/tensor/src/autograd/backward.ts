/**
 * `tensor.backward(gradient?, { retain_graph })`: validation and the root gradient, then the engine.
 */
import { ArgumentError, StateError } from '../errors.js';
import { isTensor, untrack } from '../memory/scope.js';
import { ones_like } from '../ops/creation.js';
import type { BackwardOptions, Tensor } from '../tensor.js';
import { runBackward } from './engine.js';

export function tensorBackward(t: Tensor, gradient: Tensor | null | undefined, opts: BackwardOptions): void {
  // Disposing dropped the graph too: say so rather than "does not require grad".
  if (t.isDisposed) throw new StateError(`backward: this tensor (${t.dtype} [${t.shape}]) has been disposed and cannot be used`);
  if (!t.requires_grad) throw new StateError('backward: element 0 of tensors does not require grad and does not have a grad_fn');
  if (gradient !== null && gradient !== undefined && !isTensor(gradient)) {
    throw new ArgumentError(`backward: expected gradient to be a Tensor or null, got ${typeof gradient} (pass options second: backward(null, { retain_graph: true }))`);
  }
  let g: Tensor;
  if (gradient) {
    if (gradient.shape.length !== t.shape.length || gradient.shape.some((s, i) => s !== t.shape[i])) {
      throw new ArgumentError(`backward: gradient has shape [${gradient.shape}] but the output has shape [${t.shape}]`);
    }
    g = gradient.to(t.dtype)._alias();
  } else {
    if (t.numel() !== 1) throw new StateError('backward: grad can be implicitly created only for scalar outputs');
    g = ones_like(t);
    untrack(g);
  }
  runBackward([t], [g], { retain_graph: opts.retain_graph ?? false, capture: null });
}
