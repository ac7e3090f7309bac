/**
 * Reductions over dims with `keepdim`: sum, mean, prod, max/min (with indices), amax/amin,
 * argmax/argmin, all/any.
 */
import type { ArgReduceOp, ReduceOp } from '../backend/ops.js';
import { no_grad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { type DType, isFloating } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { isTensor, scope } from '../memory/scope.js';
import { normDim, normDims, numel } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { full } from './creation.js';
import { alive, backendOf, kview, wrap } from './util.js';

/** One dim, several, or all (`null`/omitted). */
export type Dims = number | readonly number[] | null | undefined;
/** PyTorch's positional `keepdim`, or the keyword form `{ keepdim, dtype }`. */
export type KeepDim = boolean | { keepdim?: boolean; dtype?: DType } | undefined;
/** What `max(dim)`/`min(dim)` return: destructure `[values, indices]` or read `.values`/`.indices`. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

const keepOf = (k: KeepDim) => (typeof k === 'object' ? (k.keepdim ?? false) : (k ?? false));
const dtypeOf = (k: KeepDim) => (typeof k === 'object' ? k.dtype : undefined);

function axesOf(op: string, x: Tensor, dim: Dims): number[] {
  if (dim === null || dim === undefined) return x.shape.map((_, i) => i);
  return normDims(op, typeof dim === 'number' ? [dim] : dim, x.ndim);
}

/** Runs a reduction kernel (no autograd) and reshapes for `keepdim`. */
export function reduceKernel(op: ReduceOp, x: Tensor, axes: readonly number[], keepdim: boolean): Tensor {
  const be = backendOf(op, x);
  const shape = x.shape.filter((_, i) => !axes.includes(i));
  const out = wrap(be, be.reduce(op, kview(x), axes), shape, x.dtype);
  return keepdim ? keepDims(out, x.shape, axes) : out;
}

function keepDims(out: Tensor, inShape: readonly number[], axes: readonly number[]): Tensor {
  const r = out.view(inShape.map((s, i) => (axes.includes(i) ? 1 : s)));
  out.dispose();
  return r;
}

/** The gradient of a reduction output broadcast back over the input's shape. */
function expandBack(g: Tensor, inShape: readonly number[], axes: readonly number[], keepdim: boolean): Tensor {
  const kept = keepdim ? g : g.reshape(inShape.map((s, i) => (axes.includes(i) ? 1 : s)));
  return kept.expand([...inShape]);
}

export function sum(x: Tensor, dim?: Dims, keepdim?: KeepDim): Tensor {
  const axes = axesOf('sum', x, dim);
  const keep = keepOf(keepdim);
  const dtype = dtypeOf(keepdim) ?? (isFloating(x.dtype) ? x.dtype : 'int64');
  const xin = x.dtype === dtype ? x : x.to(dtype);
  const out = reduceKernel('sum', xin, axes, keep);
  if (xin !== x) xin.dispose();
  return record(out, dim === null || dim === undefined ? 'SumBackward0' : 'SumBackward1', [x], (g) => [expandBack(g, x.shape, axes, keep).to(x.dtype)]);
}

export function mean(x: Tensor, dim?: Dims, keepdim?: KeepDim): Tensor {
  const dtype = dtypeOf(keepdim) ?? x.dtype;
  if (!isFloating(dtype)) {
    throw new DTypeError(
      `mean: could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${x.dtype}`,
    );
  }
  const axes = axesOf('mean', x, dim);
  const keep = keepOf(keepdim);
  const n = numel(axes.map((a) => x.shape[a]!));
  const out = no_grad(() => scope(() => sum(x, axes, { keepdim: keep, dtype }).div(n)));
  return record(out, dim === null || dim === undefined ? 'MeanBackward0' : 'MeanBackward1', [x], (g) => [
    expandBack(g, x.shape, axes, keep).div(n).to(x.dtype),
  ]);
}

export function prod(x: Tensor, dim?: number | null, keepdim?: KeepDim): Tensor {
  const axes = axesOf('prod', x, dim);
  const keep = keepOf(keepdim);
  const dtype = dtypeOf(keepdim) ?? (isFloating(x.dtype) ? x.dtype : 'int64');
  const xin = x.dtype === dtype ? x : x.to(dtype);
  const out = reduceKernel('prod', xin, axes, keep);
  if (xin !== x) xin.dispose();
  return record(
    out,
    'ProdBackward0',
    [x],
    (g, s) => {
      // Product of the other elements: out/x where x ≠ 0; where x = 0, the product of the
      // non-zeros if it is the only zero, else 0.
      const xs = s[0]!;
      const outK = expandBack(s[1]!, x.shape, axes, keep);
      const zero = xs.eq(0);
      const zeros = expandBack(reduceKernel('sum', zero.to(xs.dtype), axes, keep), x.shape, axes, keep);
      const nonzeroProd = expandBack(reduceKernel('prod', xs.masked_fill(zero, 1), axes, keep), x.shape, axes, keep);
      const others = outK.div(xs).masked_fill(zero, 0).add(nonzeroProd.mul(zero.logical_and(zeros.eq(1))));
      return [expandBack(g, x.shape, axes, keep).mul(others)];
    },
    [x, out],
  );
}

/** amax/amin and full max/min: the gradient is split evenly among ties, as PyTorch. */
function extremum(op: 'max' | 'min', name: string, x: Tensor, axes: number[], keep: boolean, full = false): Tensor {
  if (axes.some((a) => x.shape[a] === 0) || (x.numel() === 0 && axes.length === x.ndim)) {
    throw new ArgumentError(
      `${name}: expected reduction dim to be specified for input.numel() == 0 (shape [${x.shape}]); cannot reduce over a zero-size dimension`,
    );
  }
  const out = reduceKernel(op, x, axes, keep);
  return record(
    out,
    full ? (op === 'max' ? 'MaxBackward1' : 'MinBackward1') : op === 'max' ? 'AmaxBackward0' : 'AminBackward0',
    [x],
    (g, s) => {
      const value = expandBack(s[1]!, x.shape, axes, keep);
      let mask = s[0]!.eq(value);
      // A full max/min that is NaN sends its gradient to the NaNs (evenly_distribute_backward).
      if (full) mask = mask.logical_or(s[0]!.isnan().logical_and(value.isnan()));
      const count = expandBack(reduceKernel('sum', mask.to(g.dtype), axes, keep), x.shape, axes, keep);
      return [expandBack(g, x.shape, axes, keep).mul(mask).div(count)];
    },
    [x, out],
  );
}

export function amax(x: Tensor, dim?: Dims, keepdim?: KeepDim): Tensor {
  return extremum('max', 'amax', x, axesOf('amax', x, dim), keepOf(keepdim));
}
export function amin(x: Tensor, dim?: Dims, keepdim?: KeepDim): Tensor {
  return extremum('min', 'amin', x, axesOf('amin', x, dim), keepOf(keepdim));
}

function withIndices(op: 'max' | 'min', x: Tensor, dim: number, keep: boolean): ValuesIndices {
  const d = normDim(op, dim, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0) {
    throw new ArgumentError(`${op}: cannot compute ${op} over dim ${d} of size 0 (input shape [${x.shape}])`);
  }
  const axes = x.ndim === 0 ? [] : [d];
  const indices = argKernel(op === 'max' ? 'argmax' : 'argmin', x, d, keep);
  const values = record(reduceKernel(op, x, axes, keep), op === 'max' ? 'MaxBackward0' : 'MinBackward0', [x], (g, s) => {
    if (x.ndim === 0) return [g];
    const idx = keep ? s[0]! : s[0]!.unsqueeze(d);
    const gk = keep ? g : g.unsqueeze(d);
    const be = backendOf('backward', g);
    return [wrap(be, be.scatterAdd(x.shape, d, kview(idx), kview(gk)), x.shape, g.dtype)];
  }, [indices]);
  return Object.assign([values, indices] as [Tensor, Tensor], { values, indices });
}

export function max(x: Tensor, dim?: number | Tensor, keepdim?: KeepDim): Tensor | ValuesIndices {
  alive('max', x);
  if (isTensor(dim)) return x.maximum(dim);
  if (dim === undefined) return extremum('max', 'max', x, axesOf('max', x, null), false, true);
  return withIndices('max', x, dim, keepOf(keepdim));
}
export function min(x: Tensor, dim?: number | Tensor, keepdim?: KeepDim): Tensor | ValuesIndices {
  alive('min', x);
  if (isTensor(dim)) return x.minimum(dim);
  if (dim === undefined) return extremum('min', 'min', x, axesOf('min', x, null), false, true);
  return withIndices('min', x, dim, keepOf(keepdim));
}

function argKernel(op: ArgReduceOp, x: Tensor, axis: number, keep: boolean): Tensor {
  const be = backendOf(op, x);
  if (x.ndim === 0) return wrap(be, be.fill(1, 0, 'int64'), [], 'int64');
  const shape = x.shape.filter((_, i) => i !== axis);
  const out = wrap(be, be.argReduce(op, kview(x), axis), shape, 'int64');
  return keep ? keepDims(out, x.shape, [axis]) : out;
}

function argReduce(op: ArgReduceOp, x: Tensor, dim: number | null | undefined, keepdim: KeepDim): Tensor {
  if (x.numel() === 0) throw new ArgumentError(`${op}: expected reduction dim to be specified for input.numel() == 0`);
  if (dim === null || dim === undefined) {
    return scope(() => {
      const flat = argKernel(op, x.reshape(-1), 0, false);
      return keepOf(keepdim) ? flat.view(x.shape.map(() => 1)) : flat;
    });
  }
  return argKernel(op, x, normDim(op, dim, x.ndim), keepOf(keepdim));
}

export function argmax(x: Tensor, dim?: number | null, keepdim?: KeepDim): Tensor {
  return argReduce('argmax', x, dim, keepdim);
}
export function argmin(x: Tensor, dim?: number | null, keepdim?: KeepDim): Tensor {
  return argReduce('argmin', x, dim, keepdim);
}

function boolReduce(op: 'all' | 'any', x: Tensor, dim: number | null | undefined, keepdim: KeepDim): Tensor {
  const axes = axesOf(op, x, dim);
  const keep = keepOf(keepdim);
  if (axes.some((a) => x.shape[a] === 0) || (x.numel() === 0 && axes.length === 0)) {
    const shape = x.shape.map((s, i) => (axes.includes(i) ? 1 : s)).filter((_, i) => keep || !axes.includes(i));
    return full(shape, op === 'all', { device: x.device });
  }
  return scope(() => reduceKernel(op === 'all' ? 'min' : 'max', x.dtype === 'bool' ? x : x.ne(0), axes, keep));
}

export function all(x: Tensor, dim?: number | null, keepdim?: KeepDim): Tensor {
  return boolReduce('all', x, dim, keepdim);
}
export function any(x: Tensor, dim?: number | null, keepdim?: KeepDim): Tensor {
  return boolReduce('any', x, dim, keepdim);
}
