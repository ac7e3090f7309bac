/**
 * Linear maps: `linear` (`x Wᵀ + b`) and `bilinear` (`x₁ᵀ W x₂ + b`).
 */
import { ArgumentError, ShapeError, type Tensor, fmtShape, isTensor, scope } from '@proj/tensor';
import { sameBackend } from './call-args.js';
import { optTensor, requireFloating, requireSameDtype, show } from './conv-args.js';

/**
 * Applies `y = x Wᵀ + b` over the last dim, as `torch.nn.functional.linear`. `input` is
 * `(*, in_features)`, `weight` `(out_features, in_features)` (or 1-D `(in_features)`), `bias`
 * `(out_features)` or null.
 *
 * @example
 * ```ts
 * const y = F.linear(x, w, b); // x [64, 512], w [10, 512], b [10] → [64, 10]
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (!isTensor(input)) throw new ArgumentError(`linear: expected input to be a Tensor, got ${show(input)}`);
  if (!isTensor(weight)) throw new ArgumentError(`linear: expected weight to be a Tensor, got ${show(weight)}`);
  const b = optTensor('linear', 'bias', bias);
  sameBackend('linear', { input, weight, bias: b });
  requireFloating('linear', 'input', input);
  requireSameDtype('linear', 'weight', weight, input);
  if (b) requireSameDtype('linear', 'bias', b, input);
  if (input.ndim === 0) throw new ShapeError('linear: expected an input with at least 1 dimension, got a 0-D tensor');
  if (weight.ndim !== 1 && weight.ndim !== 2) {
    throw new ShapeError(`linear: expected a 2-D weight (out_features, in_features) or a 1-D weight, got shape ${fmtShape(weight.shape)}`);
  }
  const inF = input.shape[input.ndim - 1]!;
  const wIn = weight.shape[weight.ndim - 1]!;
  if (inF !== wIn) {
    throw new ShapeError(`linear: input's last dim (${inF}, shape ${fmtShape(input.shape)}) must equal weight's in_features (${wIn}, shape ${fmtShape(weight.shape)})`);
  }
  if (b) {
    const outF = weight.ndim === 2 ? weight.shape[0]! : 1;
    if (b.ndim > 1 || (b.ndim === 1 && b.shape[0] !== outF && b.shape[0] !== 1)) {
      throw new ShapeError(`linear: expected bias of shape [${outF}], got ${fmtShape(b.shape)}`);
    }
  }
  return scope(() => {
    const y = input.matmul(weight.ndim === 2 ? weight.t() : weight);
    return b ? y.add(b) : y;
  });
}

/**
 * Applies `y_k = x₁ᵀ W_k x₂ + b_k`, as `torch.nn.functional.bilinear`. `input1` is
 * `(*, in1)`, `input2` `(*, in2)` with the same leading dims, `weight` `(out, in1, in2)`, `bias`
 * `(out)` or null.
 *
 * @example
 * ```ts
 * const y = F.bilinear(a, b, w); // a [8, 3], b [8, 4], w [5, 3, 4] → [8, 5]
 * ```
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  for (const [name, t] of [['input1', input1], ['input2', input2], ['weight', weight]] as const) {
    if (!isTensor(t)) throw new ArgumentError(`bilinear: expected ${name} to be a Tensor, got ${show(t)}`);
  }
  const b = optTensor('bilinear', 'bias', bias);
  sameBackend('bilinear', { input1, input2, weight, bias: b });
  requireFloating('bilinear', 'input1', input1);
  requireSameDtype('bilinear', 'input2', input2, input1);
  requireSameDtype('bilinear', 'weight', weight, input1);
  if (b) requireSameDtype('bilinear', 'bias', b, input1);
  if (weight.ndim !== 3) throw new ShapeError(`bilinear: expected a 3-D weight (out, in1, in2), got shape ${fmtShape(weight.shape)}`);
  const [out, in1, in2] = weight.shape as [number, number, number];
  if (input1.ndim === 0 || input1.ndim !== input2.ndim || input1.shape.some((s, i) => i < input1.ndim - 1 && s !== input2.shape[i])) {
    throw new ShapeError(`bilinear: expected input1 and input2 to have the same leading dims, got shapes ${fmtShape(input1.shape)} and ${fmtShape(input2.shape)}`);
  }
  if (input1.shape[input1.ndim - 1] !== in1 || input2.shape[input2.ndim - 1] !== in2) {
    throw new ShapeError(
      `bilinear: expected input1 (*, ${in1}) and input2 (*, ${in2}) for weight ${fmtShape(weight.shape)}, got shapes ${fmtShape(input1.shape)} and ${fmtShape(input2.shape)}`,
    );
  }
  if (b && (b.ndim !== 1 || b.shape[0] !== out)) throw new ShapeError(`bilinear: expected bias of shape [${out}], got ${fmtShape(b.shape)}`);
  return scope(() => {
    const lead = input1.shape.slice(0, -1);
    const x1 = input1.reshape([-1, in1]);
    const x2 = input2.reshape([-1, 1, in2]);
    // (x₁ · W viewed as [in1, out·in2]) then a dot with x₂ along in2.
    const t = x1.matmul(weight.permute(1, 0, 2).reshape([in1, out * in2])).reshape([-1, out, in2]);
    const y = t.mul(x2).sum(-1);
    return (b ? y.add(b) : y).reshape([...lead, out]);
  });
}
