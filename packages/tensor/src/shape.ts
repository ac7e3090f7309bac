/**
 * Shape arithmetic shared by the front end: strides, broadcasting, dim normalisation.
 */
import { ArgumentError, ShapeError } from './errors.js';

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i]!, 1);
  }
  return strides;
}

export function isContiguous(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const size = shape[i]!;
    if (size === 0) return true;
    if (size !== 1 && strides[i] !== expected) return false;
    expected *= size;
  }
  return true;
}

/** `[2, 3]`, the way messages print shapes. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Broadcasts two shapes, PyTorch's rules, with PyTorch's message on failure. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot broadcast: the size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that view `shape`/`strides` as broadcast to `target` (0 on broadcast dims). */
export function broadcastStrides(op: string, shape: Shape, strides: Shape, target: Shape): number[] {
  const lead = target.length - shape.length;
  if (lead < 0) throw new ShapeError(`${op}: cannot expand shape ${fmtShape(shape)} to ${fmtShape(target)}`);
  const out = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]!;
    const t = target[lead + i]!;
    if (s === t) out[lead + i] = strides[i]!;
    else if (s !== 1) {
      throw new ShapeError(
        `${op}: the expanded size of the tensor (${t}) must match the existing size (${s}) at non-singleton dimension ${lead + i}; target sizes ${fmtShape(target)}, tensor sizes ${fmtShape(shape)}`,
      );
    }
  }
  return out;
}

/** Normalises a possibly negative dim into `[0, ndim)`; a 0-D tensor accepts -1 and 0. */
export function normDim(op: string, dim: number, ndim: number, arg = 'dim'): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new ArgumentError(
      `${op}: ${arg} ${dim} is out of range for a ${ndim}-D tensor (expected to be in range of [${-n}, ${n - 1}])`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a list of dims; duplicates raise. */
export function normDims(op: string, dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normDim(op, d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new ArgumentError(`${op}: dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out.sort((x, y) => x - y);
}

/** Checks that a shape is a list of non-negative integers. */
export function checkShape(op: string, shape: readonly number[], arg = 'size'): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new ArgumentError(`${op}: ${arg} must be non-negative integers, got ${fmtShape(shape)}`);
    }
  }
  return [...shape];
}

/** Resolves a single -1 in a target shape for `view`/`reshape`. */
export function inferSize(op: string, shape: readonly number[], total: number): number[] {
  let infer = -1;
  let known = 1;
  shape.forEach((s, i) => {
    if (s === -1) {
      if (infer >= 0) throw new ArgumentError(`${op}: only one dimension can be inferred, got ${fmtShape(shape)}`);
      infer = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new ArgumentError(`${op}: invalid shape dimension ${s} in ${fmtShape(shape)}`);
    } else known *= s;
  });
  const out = [...shape];
  if (infer >= 0) {
    if (known === 0 || total % known !== 0) {
      throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${total}`);
    }
    out[infer] = total / known;
  } else if (known !== total) {
    throw new ShapeError(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${total}`);
  }
  return out;
}

/**
 * Strides for viewing (`shape`, `strides`) as `newShape` without copying, or null when the
 * memory layout does not allow it (PyTorch's `computeStride`).
 */
export function viewStrides(shape: Shape, strides: Shape, newShape: Shape): number[] | null {
  const out = new Array<number>(newShape.length);
  if (numel(shape) === 0 || shape.length === 0) return contiguousStrides(newShape);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}

/**
 * For backends that walk strided operands: drops size-1 dims and merges adjacent dims that are
 * contiguous for every operand (dim d folds into the dim before it when each operand's stride
 * there equals its stride at d times shape[d]), so most walks become one long row. Returns the
 * collapsed shape (rank 0 when every dim is 1) and each operand's strides over it.
 */
export function collapseDims(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const sh: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = sh.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k]![last] === s[d]! * n)) {
      sh[last]! *= n;
      for (let k = 0; k < strides.length; k++) st[k]![last] = strides[k]![d]!;
    } else {
      sh.push(n);
      for (let k = 0; k < strides.length; k++) st[k]!.push(strides[k]![d]!);
    }
  }
  return { shape: sh, strides: st };
}
