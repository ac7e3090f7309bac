/**
 * Joining and rearranging: cat, stack, flip, repeat, roll, tril, triu.
 */
import { record } from '../autograd/record.js';
import { resultType } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { scope } from '../memory/scope.js';
import { fmtShape, normDim, normDims } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { arange } from './creation.js';
import { index_select } from './gather.js';
import { backendOf, kview, sizeArgs, wrap } from './util.js';

/** `torch.cat(tensors, dim)`: joins along an existing dim; dtypes promote as in PyTorch. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('cat: expected a non-empty list of Tensors');
  // PyTorch skips legacy empty 1-D tensors when the others are not 1-D.
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0) || tensors.every((u) => u.ndim === 1));
  const ref = parts[0] ?? tensors[0]!;
  const d = normDim('cat', dim, ref.ndim);
  parts.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => k !== d && s !== ref.shape[k])) {
      throw new ShapeError(
        `cat: sizes of tensors must match except in dimension ${d}: expected ${fmtShape(ref.shape)} (tensor 0) but got ${fmtShape(t.shape)} (tensor ${i})`,
      );
    }
  });
  const be = backendOf('cat', ...parts);
  const dtype = resultType(...parts.map((t) => ({ dtype: t.dtype, ndim: t.ndim })));
  const shape = [...ref.shape];
  shape[d] = parts.reduce((n, t) => n + t.shape[d]!, 0);
  const out = wrap(be, be.fill(shape.reduce((a, b) => a * b, 1), 0, dtype), shape, dtype);
  const starts: number[] = [];
  let at = 0;
  for (const t of parts) {
    starts.push(at);
    const len = t.shape[d]!;
    if (len > 0) {
      const target = out.narrow(d, at, len);
      const src = t.dtype === dtype ? t : t.to(dtype);
      be.copy(kview(target), kview(src));
      if (src !== t) src.dispose();
      target.dispose();
    }
    at += len;
  }
  return record(out, 'CatBackward0', parts, (g) =>
    parts.map((t, i) => {
      const gi = g.narrow(d, starts[i]!, t.shape[d]!);
      return gi.dtype === t.dtype ? gi : gi.to(t.dtype);
    }),
  );
}

/** `torch.stack(tensors, dim)`: joins along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('stack: expected a non-empty list of Tensors');
  backendOf('stack', ...tensors);
  const ref = tensors[0]!;
  tensors.forEach((t, i) => {
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => s !== ref.shape[k])) {
      throw new ShapeError(`stack: expects each tensor to be equal size, but got ${fmtShape(ref.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normDim('stack', dim, ref.ndim + 1);
  return scope(() => cat(tensors.map((t) => t.unsqueeze(d)), d));
}

/** `torch.flip(x, dims)`: reverses the order along `dims` (a copy, as in PyTorch). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const ds = normDims('flip', typeof dims === 'number' ? [dims] : dims, x.ndim);
  return scope(() => {
    let r = x;
    for (const d of ds) {
      const n = x.shape[d]!;
      r = index_select(r, d, arange(n - 1, -1, -1, { dtype: 'int64', device: x.device }));
    }
    return r === x ? x.clone() : r;
  });
}

/** `x.repeat(*sizes)`: tiles `x` (a copy). */
export function repeat(x: Tensor, ...args: (number | readonly number[])[]): Tensor {
  const reps = sizeArgs('repeat', args);
  if (reps.length < x.ndim) {
    throw new ArgumentError(`repeat: number of dimensions of repeat dims (${reps.length}) can not be smaller than number of dimensions of tensor (${x.ndim})`);
  }
  const shape = [...new Array<number>(reps.length - x.ndim).fill(1), ...x.shape];
  return scope(() => {
    const interleaved = shape.flatMap((s) => [1, s]);
    const expanded = shape.flatMap((s, i) => [reps[i]!, s]);
    return x.reshape(interleaved).expand(expanded).reshape(shape.map((s, i) => s * reps[i]!));
  });
}

/** `torch.roll(x, shifts, dims)`. Without dims, rolls the flattened tensor. */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const sh = typeof shifts === 'number' ? [shifts] : [...shifts];
  if (dims === undefined) return scope(() => roll(x.reshape(-1), sh, 0).view(x.shape));
  const ds = typeof dims === 'number' ? [dims] : [...dims];
  if (ds.length !== sh.length) throw new ArgumentError(`roll: shifts and dims must align, got ${sh.length} shifts and ${ds.length} dims`);
  return scope(() => {
    let r = x;
    ds.forEach((dim, i) => {
      const d = normDim('roll', dim, x.ndim);
      const n = x.shape[d]!;
      if (n === 0) return;
      const s = ((sh[i]! % n) + n) % n;
      if (s !== 0) r = cat([r.narrow(d, n - s, s), r.narrow(d, 0, n - s)], d);
    });
    return r === x ? x.clone() : r;
  });
}

function triangle(op: 'tril' | 'triu', x: Tensor, diagonal: number): Tensor {
  if (x.ndim < 2) throw new ShapeError(`${op}: input tensor must have at least 2 dimensions, got ${x.ndim}`);
  const [m, n] = [x.shape[x.ndim - 2]!, x.shape[x.ndim - 1]!];
  return scope(() => {
    const rows = arange(m, { device: x.device }).unsqueeze(1);
    const cols = arange(n, { device: x.device }).unsqueeze(0);
    const offset = cols.sub(rows);
    const drop = op === 'tril' ? offset.gt(diagonal) : offset.lt(diagonal);
    return x.masked_fill(drop, 0);
  });
}

export const tril = (x: Tensor, diagonal = 0) => triangle('tril', x, diagonal);
export const triu = (x: Tensor, diagonal = 0) => triangle('triu', x, diagonal);
