/**
 * Views: new shapes, strides and offsets over the same storage. No data moves; each view records
 * a backward node when its input requires grad.
 */
import { record } from '../autograd/record.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { fmtShape, inferSize, isContiguous, normDim, numel, viewStrides } from '../shape.js';
import { Tensor } from '../tensor.js';
import { arange, zeros } from './creation.js';
import { sumToShape } from './grad-utils.js';
import { alive, backendOf, kview, sizeArgs, wrap } from './util.js';

type Sizes = (number | readonly number[])[];

/** A tensor sharing `t`'s storage with new geometry (no autograd). */
export function makeView(t: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const out = new Tensor(t._storage.retain(), shape, strides, offset);
  out._base = t._base ?? t;
  return out;
}

/** A contiguous copy, no autograd (internal). */
export function contiguousCopy(t: Tensor): Tensor {
  const be = backendOf('contiguous', t);
  return wrap(be, be.cast(kview(t), t.dtype), t.shape, t.dtype);
}

/**
 * Gradient of a view op whose output elements each come from one input element (possibly
 * several outputs from one input, as with `unfold`): scatter-add through the same view of an
 * index map.
 */
function viewGradByIndex(g: Tensor, input: Tensor, apply: (x: Tensor) => Tensor): Tensor {
  const idx = apply(arange(input.numel(), { dtype: 'int32', device: g.device }).view(input.shape));
  const be = backendOf('backward', g);
  const flatIdx = idx.reshape(-1);
  const flatG = g.reshape(-1);
  return wrap(be, be.scatterAdd([input.numel()], 0, kview(flatIdx), kview(flatG)), [input.numel()], g.dtype).view(input.shape);
}

/** Gradient of a non-overlapping view: zeros of the input's shape with `g` copied into the view. */
function viewGradByEmbed(g: Tensor, input: Tensor, apply: (x: Tensor) => Tensor): Tensor {
  const z = zeros([...input.shape], { dtype: g.dtype, device: g.device });
  const target = apply(z);
  backendOf('backward', g).copy(kview(target), kview(g));
  target.dispose();
  return z;
}

export function detach(t: Tensor): Tensor {
  alive('detach', t);
  const out = new Tensor(t._storage.retain(), t.shape, t._strides, t._offset);
  out._base = t._base;
  return out;
}

export function view(t: Tensor, ...args: Sizes): Tensor {
  alive('view', t);
  const shape = inferSize('view', sizeArgs('view', args), t.numel());
  const strides = viewStrides(t.shape, t._strides, shape);
  if (!strides) {
    throw new ShapeError(
      `view: view size ${fmtShape(shape)} is not compatible with input tensor's size ${fmtShape(t.shape)} and stride ${fmtShape(t._strides)} (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.`,
    );
  }
  return record(makeView(t, shape, strides, t._offset), 'ViewBackward0', [t], (g) => [g.reshape([...t.shape])]);
}

export function reshape(t: Tensor, ...args: Sizes): Tensor {
  alive('reshape', t);
  const shape = inferSize('reshape', sizeArgs('reshape', args), t.numel());
  if (viewStrides(t.shape, t._strides, shape)) return view(t, shape);
  const c = clone(t);
  const out = view(c, shape);
  c.dispose();
  return out;
}

export function contiguous(t: Tensor): Tensor {
  return t.is_contiguous() ? t : clone(t);
}

export function clone(t: Tensor): Tensor {
  alive('clone', t);
  return record(contiguousCopy(t), 'CloneBackward0', [t], (g) => [g]);
}

export function flatten(t: Tensor, start = 0, end = -1): Tensor {
  alive('flatten', t);
  if (t.ndim === 0) return reshape(t, [1]);
  const s = normDim('flatten', start, t.ndim, 'start_dim');
  const e = normDim('flatten', end, t.ndim, 'end_dim');
  if (s > e) throw new ArgumentError('flatten: start_dim cannot come after end_dim');
  const shape = [...t.shape.slice(0, s), numel(t.shape.slice(s, e + 1)), ...t.shape.slice(e + 1)];
  return reshape(t, shape);
}

export function unflatten(t: Tensor, dim: number, sizes: readonly number[]): Tensor {
  alive('unflatten', t);
  const d = normDim('unflatten', dim, t.ndim);
  const inner = inferSize('unflatten', [...sizes], t.shape[d]!);
  return view(t, [...t.shape.slice(0, d), ...inner, ...t.shape.slice(d + 1)]);
}

export function squeeze(t: Tensor, dim?: number | readonly number[]): Tensor {
  alive('squeeze', t);
  const dims =
    dim === undefined
      ? t.shape.map((_, i) => i)
      : (typeof dim === 'number' ? [dim] : dim).map((d) => normDim('squeeze', d, t.ndim));
  const keep = t.shape.map((s, i) => !(s === 1 && dims.includes(i)));
  const out = makeView(
    t,
    t.shape.filter((_, i) => keep[i]),
    t._strides.filter((_, i) => keep[i]),
    t._offset,
  );
  return record(out, 'SqueezeBackward0', [t], (g) => [g.reshape([...t.shape])]);
}

export function unsqueeze(t: Tensor, dim: number): Tensor {
  alive('unsqueeze', t);
  const d = normDim('unsqueeze', dim, t.ndim + 1);
  const stride = d < t.ndim ? t._strides[d]! * t.shape[d]! : 1;
  const shape = [...t.shape.slice(0, d), 1, ...t.shape.slice(d)];
  const strides = [...t._strides.slice(0, d), stride, ...t._strides.slice(d)];
  return record(makeView(t, shape, strides, t._offset), 'UnsqueezeBackward0', [t], (g) => [g.squeeze(d)]);
}

export function permute(t: Tensor, ...args: Sizes): Tensor {
  alive('permute', t);
  const dims = sizeArgs('permute', args).map((d) => normDim('permute', d, t.ndim));
  if (dims.length !== t.ndim || new Set(dims).size !== dims.length) {
    throw new ArgumentError(
      `permute: dims [${dims}] must be a permutation of the ${t.ndim} dims of the input (shape ${fmtShape(t.shape)})`,
    );
  }
  const inv = new Array<number>(dims.length);
  dims.forEach((d, i) => {
    inv[d] = i;
  });
  const out = makeView(t, dims.map((d) => t.shape[d]!), dims.map((d) => t._strides[d]!), t._offset);
  return record(out, 'PermuteBackward0', [t], (g) => [g.permute(inv)]);
}

export function transpose(t: Tensor, dim0: number, dim1: number): Tensor {
  alive('transpose', t);
  if (t.ndim === 0) return permute(t, []);
  const a = normDim('transpose', dim0, t.ndim, 'dim0');
  const b = normDim('transpose', dim1, t.ndim, 'dim1');
  const dims = t.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(t, dims);
}

export function t(x: Tensor): Tensor {
  alive('t', x);
  if (x.ndim > 2) throw new ShapeError(`t: expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  return x.ndim < 2 ? permute(x, x.shape.map((_, i) => i)) : transpose(x, 0, 1);
}

export function movedim(t: Tensor, source: number, destination: number): Tensor {
  alive('movedim', t);
  const s = normDim('movedim', source, t.ndim, 'source');
  const d = normDim('movedim', destination, t.ndim, 'destination');
  const order = t.shape.map((_, i) => i).filter((i) => i !== s);
  order.splice(d, 0, s);
  return permute(t, order);
}

export function expand(t: Tensor, ...args: Sizes): Tensor {
  alive('expand', t);
  const sizes = sizeArgs('expand', args);
  if (sizes.length < t.ndim) {
    throw new ShapeError(
      `expand: the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim})`,
    );
  }
  const lead = sizes.length - t.ndim;
  const shape: number[] = [];
  const strides: number[] = [];
  sizes.forEach((s, i) => {
    const own = i >= lead ? t.shape[i - lead]! : 1;
    const target = s === -1 && i >= lead ? own : s;
    if (target < 0 || (own !== 1 && own !== target)) {
      throw new ShapeError(
        `expand: the expanded size of the tensor (${s}) must match the existing size (${own}) at non-singleton dimension ${i}. Target sizes: ${fmtShape(sizes)}. Tensor sizes: ${fmtShape(t.shape)}`,
      );
    }
    shape.push(target);
    strides.push(i < lead || (own === 1 && target !== 1) ? 0 : t._strides[i - lead]!);
  });
  return record(makeView(t, shape, strides, t._offset), 'ExpandBackward0', [t], (g) => [sumToShape(g, t.shape)]);
}

function sliceView(t: Tensor, dim: number, start: number, length: number, step = 1, drop = false): Tensor {
  const shape = [...t.shape];
  const strides = [...t._strides];
  const offset = t._offset + start * t._strides[dim]!;
  if (drop) {
    shape.splice(dim, 1);
    strides.splice(dim, 1);
  } else {
    shape[dim] = length;
    strides[dim] = t._strides[dim]! * step;
  }
  return makeView(t, shape, strides, length === 0 && !drop ? t._offset : offset);
}

export function narrow(t: Tensor, dim: number, start: number, length: number): Tensor {
  alive('narrow', t);
  const d = normDim('narrow', dim, t.ndim);
  const size = t.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || s < 0 || s > size || length < 0 || s + length > size) {
    throw new ArgumentError(`narrow: start (${start}) + length (${length}) exceeds dimension size (${size}) of dim ${d}`);
  }
  return record(sliceView(t, d, s, length), 'NarrowBackward0', [t], (g) => [
    viewGradByEmbed(g, t, (z) => sliceView(z, d, s, length)),
  ]);
}

/** A strided slice `start:end:step` of one dim (the building block of `index`). */
export function slice(t: Tensor, dim: number, start: number, end: number, step: number): Tensor {
  alive('slice', t);
  const d = normDim('slice', dim, t.ndim);
  const len = Math.max(0, Math.ceil((end - start) / step));
  return record(sliceView(t, d, start, len, step), 'SliceBackward0', [t], (g) => [
    viewGradByEmbed(g, t, (z) => sliceView(z, d, start, len, step)),
  ]);
}

export function select(t: Tensor, dim: number, index: number): Tensor {
  alive('select', t);
  const d = normDim('select', dim, t.ndim);
  const size = t.shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new ArgumentError(`select: index ${index} out of range for tensor of size ${fmtShape(t.shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  return record(sliceView(t, d, i, 1, 1, true), 'SelectBackward0', [t], (g) => [
    viewGradByEmbed(g, t, (z) => sliceView(z, d, i, 1, 1, true)),
  ]);
}

export function as_strided(t: Tensor, size: readonly number[], stride: readonly number[], offset?: number): Tensor {
  alive('as_strided', t);
  if (size.length !== stride.length) {
    throw new ArgumentError(`as_strided: size ${fmtShape(size)} and stride ${fmtShape(stride)} must have the same length`);
  }
  const off = offset ?? t._offset;
  let last = off;
  size.forEach((s, i) => {
    if (s > 0) last += (s - 1) * stride[i]!;
  });
  if (numel(size) > 0 && (off < 0 || stride.some((s) => s < 0) || last >= t._storage.numel)) {
    throw new ArgumentError(
      `as_strided: size ${fmtShape(size)} with stride ${fmtShape(stride)} and offset ${off} is out of bounds for storage of size ${t._storage.numel}`,
    );
  }
  const out = makeView(t, [...size], [...stride], off);
  if (!t.requires_grad) return out;
  if (!isContiguous(t.shape, t._strides)) {
    throw new ArgumentError('as_strided: autograd through as_strided needs a contiguous input; call .contiguous() first');
  }
  const base = t._offset;
  return record(out, 'AsStridedBackward0', [t], (g) => [
    viewGradByIndex(g, t, (idx) => makeView(idx, [...size], [...stride], off - base)),
  ]);
}

export function unfold(t: Tensor, dim: number, size: number, step: number): Tensor {
  alive('unfold', t);
  const d = normDim('unfold', dim, t.ndim);
  const n = t.ndim === 0 ? 1 : t.shape[d]!;
  if (size > n || size < 0) throw new ArgumentError(`unfold: maximum size for tensor at dimension ${d} is ${n} but size is ${size}`);
  if (step <= 0) throw new ArgumentError(`unfold: step is ${step} but must be > 0`);
  const geometry = (x: Tensor) => {
    const shape = [...x.shape];
    const strides = [...x._strides];
    shape[d] = Math.floor((n - size) / step) + 1;
    strides[d] = x._strides[d]! * step;
    return makeView(x, [...shape, size], [...strides, x._strides[d]!], x._offset);
  };
  return record(geometry(t), 'UnfoldBackward0', [t], (g) => [viewGradByIndex(g, t, geometry)]);
}

export function unbind(t: Tensor, dim = 0): Tensor[] {
  alive('unbind', t);
  const d = normDim('unbind', dim, t.ndim);
  return Array.from({ length: t.shape[d]! }, (_, i) => select(t, d, i));
}

export function split(t: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  alive('split', t);
  const d = normDim('split', dim, t.ndim);
  const n = t.shape[d]!;
  let parts: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new ArgumentError(`split: split_size must be a positive integer, got ${sizes}`);
    parts = [];
    for (let s = 0; s < n || (n === 0 && parts.length === 0); s += sizes) parts.push(Math.min(sizes, n - s));
  } else {
    parts = [...sizes];
    const total = parts.reduce((a, b) => a + b, 0);
    if (total !== n) {
      throw new ArgumentError(`split: split_with_sizes expects split_sizes ${fmtShape(parts)} to sum exactly to ${n} (input tensor's size at dimension ${d})`);
    }
  }
  let start = 0;
  return parts.map((len) => {
    const out = narrow(t, d, start, len);
    start += len;
    return out;
  });
}

export function chunk(t: Tensor, chunks: number, dim = 0): Tensor[] {
  alive('chunk', t);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ArgumentError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normDim('chunk', dim, t.ndim);
  return split(t, Math.max(1, Math.ceil(t.shape[d]! / chunks)), d);
}
