/**
 * Selection by a boolean mask: `where` and `masked_fill`.
 */
import { record } from '../autograd/record.js';
import { type DType, resultType } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { isTensor } from '../memory/scope.js';
import { broadcastShapes, broadcastStrides } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { gradFor } from './grad-utils.js';
import { type TensorOrScalar, backendOf, kview, wrap } from './util.js';

/** The `where` kernel over broadcast operands, converting tensor operands to `dtype` (no autograd). */
export function whereKernel(op: string, cond: Tensor, a: TensorOrScalar, b: TensorOrScalar, dtype: DType, shape?: readonly number[]): Tensor {
  if (cond.dtype !== 'bool') throw new DTypeError(`${op}: expected a bool condition, got ${cond.dtype}`);
  const be = backendOf(op, cond, a, b);
  let out = shape ?? broadcastShapes(op, cond.shape, isTensor(a) ? a.shape : []);
  if (!shape) out = broadcastShapes(op, out, isTensor(b) ? b.shape : []);
  const temps: Tensor[] = [];
  const prep = (x: TensorOrScalar) => {
    if (!isTensor(x)) return Number(x);
    const c = x.dtype === dtype ? x : x.to(dtype);
    if (c !== x) temps.push(c);
    return kview(c, out, broadcastStrides(op, c.shape, c._strides, out));
  };
  const cv = kview(cond, out, broadcastStrides(op, cond.shape, cond._strides, out));
  const h = be.where(cv, prep(a), prep(b), out, dtype);
  for (const t of temps) t.dispose();
  return wrap(be, h, out, dtype);
}

/** `torch.where(condition, input, other)`: `input` where true, `other` where false. */
export function where(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar): Tensor {
  const dtype = resultType(
    ...[input, other].map((x) => (isTensor(x) ? { dtype: x.dtype, ndim: x.ndim } : x)),
  );
  const out = whereKernel('where', condition, input, other, dtype);
  const ta = isTensor(input) ? input : null;
  const tb = isTensor(other) ? other : null;
  return record(
    out,
    'WhereBackward0',
    [ta, tb],
    (g, s) => [
      ta && gradFor(whereKernel('where', s[0]!, g, 0, g.dtype), ta),
      tb && gradFor(whereKernel('where', s[0]!, 0, g, g.dtype), tb),
    ],
    [condition],
  );
}

/** `x.masked_fill(mask, value)`: `value` where `mask` is true. `mask` broadcasts to `x`. */
export function masked_fill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  backendOf('masked_fill', x, mask, value);
  if (mask.dtype !== 'bool') throw new DTypeError(`masked_fill: expected a bool mask, got ${mask.dtype}`);
  if (isTensor(value) && value.ndim !== 0) {
    throw new ArgumentError(`masked_fill: only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s)`);
  }
  broadcastStrides('masked_fill', mask.shape, mask._strides, x.shape);
  const out = whereKernel('masked_fill', mask, value, x, x.dtype, x.shape);
  const tv = isTensor(value) ? value : null;
  return record(
    out,
    'MaskedFillBackward0',
    [x, tv],
    (g, s) => [
      whereKernel('masked_fill', s[0]!, 0, g, g.dtype, g.shape),
      tv && whereKernel('masked_fill', s[0]!, g, 0, g.dtype, g.shape).sum().to(tv.dtype),
    ],
    [mask],
  );
}
