/**
 * Integer indexing: `index_select`, `gather`, `scatter_add`.
 */
import { record } from '../autograd/record.js';
import { ArgumentError, DTypeError, ShapeError, StateError } from '../errors.js';
import { fmtShape, normDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { padEnd } from './pad.js';
import { makeView } from './view.js';
import { backendOf, kview, wrap } from './util.js';

function checkIndex(op: string, index: Tensor, size: number, dim: number): void {
  if (index.dtype !== 'int64' && index.dtype !== 'int32') {
    throw new DTypeError(`${op}: expected an int64 (or int32) index, got ${index.dtype}`);
  }
  if (index.isDisposed) throw new StateError(`${op}: index (${index.dtype} [${index.shape}]) has been disposed and cannot be used`);
  const be = index._storage.backend;
  if (!be.readSync || index.numel() === 0) return;
  const values = index.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v < 0 || v >= size) {
      throw new ArgumentError(`${op}: index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    }
  }
}

/** `index` (1-D) as a view of the output's shape, broadcast along the other dims. */
function spread(index: Tensor, shape: readonly number[], dim: number): Tensor {
  const strides = shape.map((_, i) => (i === dim ? index._strides[0] ?? 0 : 0));
  return makeView(index, [...shape], strides, index._offset);
}

/** `torch.index_select(x, dim, index)`: the slices of `x` along `dim` at the given indices. */
export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim('index_select', dim, x.ndim);
  if (index.ndim > 1) throw new ShapeError(`index_select: index must be 0-D or 1-D, got shape ${fmtShape(index.shape)}`);
  checkIndex('index_select', index, x.ndim === 0 ? 1 : x.shape[d]!, d);
  if (x.ndim === 0) return x.clone();
  const be = backendOf('index_select', x, index);
  const shape = x.shape.map((s, i) => (i === d ? index.numel() : s));
  const idx = spread(index.reshape(-1), shape, d);
  const out = wrap(be, be.gather(kview(x), d, kview(idx)), shape, x.dtype);
  return record(
    out,
    'IndexSelectBackward0',
    [x],
    (g, s) => [wrap(be, be.scatterAdd(x.shape, d, kview(s[0]!), kview(g)), x.shape, g.dtype)],
    [idx],
  );
}

/** `torch.gather(x, dim, index)`: `out[i][j] = x[index[i][j]][j]` for `dim = 0`. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normDim('gather', dim, x.ndim);
  if (index.ndim !== x.ndim) {
    throw new ShapeError(`gather: index tensor must have the same number of dimensions as input tensor (${index.ndim} vs ${x.ndim})`);
  }
  index.shape.forEach((s, i) => {
    if (i !== d && s > x.shape[i]!) {
      throw new ShapeError(
        `gather: size does not match at dimension ${i}: expected index ${fmtShape(index.shape)} to be smaller than self ${fmtShape(x.shape)} apart from dimension ${d}`,
      );
    }
  });
  checkIndex('gather', index, x.shape[d]!, d);
  const be = backendOf('gather', x, index);
  const xv = makeView(x, index.shape.map((s, i) => (i === d ? x.shape[d]! : s)), x._strides, x._offset);
  const out = wrap(be, be.gather(kview(xv), d, kview(index)), index.shape, x.dtype);
  xv.dispose();
  return record(
    out,
    'GatherBackward0',
    [x],
    (g, s) => [wrap(be, be.scatterAdd(x.shape, d, kview(s[0]!), kview(g)), x.shape, g.dtype)],
    [index],
  );
}

/** `x.scatter_add(dim, index, src)`: `x` plus `src` summed in at `index` along `dim`. */
export function scatter_add(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normDim('scatter_add', dim, x.ndim);
  if (index.ndim !== x.ndim || src.ndim !== x.ndim) {
    throw new ShapeError(`scatter_add: index and src must have as many dimensions as self (${x.ndim}), got ${index.ndim} and ${src.ndim}`);
  }
  if (src.dtype !== x.dtype) throw new DTypeError(`scatter_add: expected src dtype ${x.dtype}, got ${src.dtype}`);
  index.shape.forEach((s, i) => {
    if (s > src.shape[i]! || (i !== d && s > x.shape[i]!)) {
      throw new ShapeError(`scatter_add: index ${fmtShape(index.shape)} must not be larger than src ${fmtShape(src.shape)} or self ${fmtShape(x.shape)} (apart from dim ${d})`);
    }
  });
  checkIndex('scatter_add', index, x.shape[d]!, d);
  const be = backendOf('scatter_add', x, index, src);
  const sv = makeView(src, index.shape, src._strides, src._offset);
  const scattered = wrap(be, be.scatterAdd(x.shape, d, kview(index), kview(sv)), x.shape, x.dtype);
  sv.dispose();
  const sumK = be.binary('add', kview(x), kview(scattered), x.shape);
  scattered.dispose();
  const out = wrap(be, sumK, x.shape, x.dtype);
  return record(
    out,
    'ScatterAddBackward0',
    [x, src],
    (g, s) => {
      const gs = gather(g, d, s[0]!);
      return [g, padEnd(gs, src.shape)];
    },
    [index],
  );
}
