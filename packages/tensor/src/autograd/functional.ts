/**
 * `torch.autograd`: `grad` and `backward` over several outputs.
 */
import { ArgumentError, StateError } from '../errors.js';
import { trackInScope, untrack } from '../memory/scope.js';
import { ones_like } from '../ops/creation.js';
import type { Tensor } from '../tensor.js';
import { runBackward } from './engine.js';

export interface GradOptions {
  /** Gradients of the outputs; default ones for one-element outputs. */
  grad_outputs?: readonly (Tensor | null)[] | Tensor | null;
  retain_graph?: boolean;
  /** Return null instead of raising for inputs that the outputs do not depend on. */
  allow_unused?: boolean;
  /** Higher-order gradients are not supported yet; passing true raises. */
  create_graph?: boolean;
}

function rootGrads(op: string, outputs: readonly Tensor[], given: GradOptions['grad_outputs']): Tensor[] {
  const list: readonly (Tensor | null)[] =
    given === undefined || given === null ? [] : Array.isArray(given) ? given : [given as Tensor];
  return outputs.map((o, i) => {
    if (!o.requires_grad) throw new StateError(`${op}: element ${i} of tensors does not require grad and does not have a grad_fn`);
    const g = list[i];
    if (g) {
      if (g.shape.length !== o.shape.length || g.shape.some((s, k) => s !== o.shape[k])) {
        throw new ArgumentError(`${op}: mismatch in shape: grad_output[${i}] has a shape of [${g.shape}] and output[${i}] has a shape of [${o.shape}]`);
      }
      return g._alias();
    }
    if (o.numel() !== 1) throw new StateError(`${op}: grad can be implicitly created only for scalar outputs`);
    const one = ones_like(o);
    untrack(one);
    return one;
  });
}

/**
 * `torch.autograd.grad`: the gradients of `outputs` with respect to `inputs`, returned instead of
 * accumulated into `.grad`.
 *
 * @example
 * ```ts
 * const [dx] = autograd.grad(y.sum(), [x]);
 * ```
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  if (opts.create_graph) throw new ArgumentError('autograd.grad: create_graph (higher-order gradients) is not supported yet');
  const outs = Array.isArray(outputs) ? outputs : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? inputs : [inputs as Tensor];
  ins.forEach((t, i) => {
    if (!t.requires_grad) throw new StateError(`autograd.grad: input ${i} does not require grad`);
  });
  const grads = runBackward(outs, rootGrads('autograd.grad', outs, opts.grad_outputs), {
    retain_graph: opts.retain_graph ?? false,
    capture: ins,
    allow_unused: opts.allow_unused ?? false,
  });
  // The returned gradients belong to the caller, like any op's result: track them in its scope.
  for (const g of grads) if (g) trackInScope(g);
  return grads;
}

/** `torch.autograd.backward`: backward from several outputs at once, accumulating into `.grad`. */
export function backward(tensors: Tensor | readonly Tensor[], grad_tensors?: GradOptions['grad_outputs'], opts: { retain_graph?: boolean } = {}): void {
  const outs = Array.isArray(tensors) ? tensors : [tensors as Tensor];
  runBackward(outs, rootGrads('autograd.backward', outs, grad_tensors), { retain_graph: opts.retain_graph ?? false, capture: null });
}
