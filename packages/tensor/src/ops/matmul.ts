/**
 * Matrix products: `matmul` with PyTorch's 1-D/2-D/batched rules and batch broadcasting, and the
 * strict forms `mm`, `bmm`, `mv`, `dot`, `outer`.
 */
import { record } from '../autograd/record.js';
import { isFloating } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { scope } from '../memory/scope.js';
import { broadcastShapes, fmtShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { backendOf, kview, wrap } from './util.js';

function checkTypes(op: string, a: Tensor, b: Tensor): void {
  backendOf(op, a, b);
  if (!isFloating(a.dtype) || a.dtype !== b.dtype) {
    throw new DTypeError(
      `${op}: expected both operands to have the same floating point dtype, got ${a.dtype} and ${b.dtype}`,
    );
  }
}

/** `[...B, M, K] @ [...B, K, N]` with identical batch shapes (broadcast views allowed). */
function batched(op: string, a: Tensor, b: Tensor): Tensor {
  const be = backendOf(op, a, b);
  const m = a.shape[a.ndim - 2]!;
  const n = b.shape[b.ndim - 1]!;
  const shape = [...a.shape.slice(0, -2), m, n];
  const out = wrap(be, be.matmul(kview(a), kview(b)), shape, a.dtype);
  return record(
    out,
    'BmmBackward0',
    [a, b],
    (g, s) => [g.matmul(s[1]!.mT), s[0]!.mT.matmul(g)],
    [a, b],
  );
}

function checkInner(op: string, a: Tensor, b: Tensor, ka: number, kb: number): void {
  if (ka !== kb) {
    throw new ShapeError(
      `${op}: shapes cannot be multiplied (${fmtShape(a.shape)} and ${fmtShape(b.shape)}): inner dimensions ${ka} and ${kb} differ`,
    );
  }
}

/** `torch.matmul`. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTypes('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both arguments need at least 1 dimension, got ${a.ndim}D and ${b.ndim}D`);
  }
  if (a.ndim === 1 && b.ndim === 1) return dot(a, b);
  return scope(() => {
    const a2 = a.ndim === 1 ? a.unsqueeze(0) : a;
    const b2 = b.ndim === 1 ? b.unsqueeze(-1) : b;
    checkInner('matmul', a, b, a2.shape[a2.ndim - 1]!, b2.shape[b2.ndim - 2]!);
    const batch = broadcastShapes('matmul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    const ae = a2.expand([...batch, ...a2.shape.slice(-2)]);
    const bexp = b2.expand([...batch, ...b2.shape.slice(-2)]);
    let out = batched('matmul', ae, bexp);
    if (a.ndim === 1) out = out.squeeze(-2);
    if (b.ndim === 1) out = out.squeeze(-1);
    return out;
  });
}

/** `torch.mm`: 2-D only. */
export function mm(a: Tensor, b: Tensor): Tensor {
  checkTypes('mm', a, b);
  if (a.ndim !== 2 || b.ndim !== 2) throw new ShapeError(`mm: expected 2-D tensors, got ${a.ndim}D and ${b.ndim}D`);
  checkInner('mm', a, b, a.shape[1]!, b.shape[0]!);
  return batched('mm', a, b);
}

/** `torch.bmm`: 3-D with equal batch sizes. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  checkTypes('bmm', a, b);
  if (a.ndim !== 3 || b.ndim !== 3) throw new ShapeError(`bmm: expected 3-D tensors, got ${a.ndim}D and ${b.ndim}D`);
  if (a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`bmm: batch sizes differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  checkInner('bmm', a, b, a.shape[2]!, b.shape[1]!);
  return batched('bmm', a, b);
}

/** `torch.mv`: matrix × vector. */
export function mv(a: Tensor, v: Tensor): Tensor {
  backendOf('mv', a, v);
  if (a.ndim !== 2 || v.ndim !== 1) throw new ShapeError(`mv: expected a 2-D matrix and a 1-D vector, got ${a.ndim}D and ${v.ndim}D`);
  return matmul(a, v);
}

/** `torch.dot`: 1-D × 1-D of equal length. */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkTypes('dot', a, b);
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`dot: 1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`dot: inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements`);
  }
  return scope(() => batched('dot', a.unsqueeze(0), b.unsqueeze(1)).reshape([]));
}

/** `torch.outer`. */
export function outer(a: Tensor, b: Tensor): Tensor {
  backendOf('outer', a, b);
  if (a.ndim !== 1 || b.ndim !== 1) throw new ShapeError(`outer: expected 1-D tensors, got ${a.ndim}D and ${b.ndim}D`);
  return scope(() => a.unsqueeze(1).mul(b.unsqueeze(0)));
}
