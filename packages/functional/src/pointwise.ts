/**
 * The machinery of the elementwise activations: a forward computed without autograd, a dedicated
 * backward formula (PyTorch's), and PyTorch's `inplace` flag.
 */
import { type Tensor, inplace as writeInPlace, needsGrad, no_grad, record, scope } from '@proj/tensor';

/** What the backward formula reads: the op's input or its output. */
export type Saved = 'input' | 'output';

/**
 * Runs `forward` without recording and attaches `backward(g, saved)` where `saved` is the input
 * or the output. Output-based rules let the op run in place without keeping a copy of the input.
 */
export function pointwise(
  name: string,
  x: Tensor,
  forward: (x: Tensor) => Tensor,
  backward: (g: Tensor, saved: Tensor) => Tensor,
  saved: Saved,
): Tensor {
  const out = no_grad(() => scope(() => forward(x)));
  return record(out, name, [x], (g, s) => [backward(g, s[0]!)], [saved === 'input' ? x : out]);
}

/**
 * `compute(x)` out of place, or written into `x` when `inplace` (returning `x`), as PyTorch's
 * `F.op(x, inplace=True)`. An input-saving rule then works on a copy of `x`, so that overwriting
 * `x` does not invalidate what backward reads.
 */
export function maybeInplace(op: string, x: Tensor, inplace: boolean | undefined, saved: Saved, compute: (x: Tensor) => Tensor): Tensor {
  if (!inplace) return compute(x);
  return writeInPlace(`${op}_`, x, () => (saved === 'input' && needsGrad(x) ? scope(() => compute(x.clone())) : compute(x)));
}
