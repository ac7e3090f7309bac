/**
 * Losses on pairs of inputs and a ±1 target: `F.margin_ranking_loss` and
 * `F.cosine_embedding_loss`.
 */
import { broadcastShapes, fmtShape, scope, ShapeError, type Tensor, where } from '@proj/tensor';
import { type Reduction, checkReduction, num, parseArgs, reduce, requireFloat, requireTensor, sameBackend } from './call-args.js';

/** Options of the margin losses. */
export interface MarginOptions {
  /** Default 0. */
  margin?: number;
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

function parse(op: string, args: readonly unknown[]): { margin: number; reduction: Reduction } {
  const o = parseArgs<MarginOptions>(op, args, ['margin'], ['reduction']);
  return { margin: num(op, 'margin', o.margin ?? 0), reduction: checkReduction(op, o.reduction ?? 'mean') };
}

/**
 * `F.margin_ranking_loss(input1, input2, target, { margin, reduction })`:
 * `max(0, −target·(input1 − input2) + margin)`, with `target` 1 where `input1` should rank
 * higher and −1 where `input2` should. The three must have the same number of dimensions.
 *
 * @example
 * ```ts
 * const loss = F.margin_ranking_loss(scoreA, scoreB, preferA, { margin: 0.5 });
 * ```
 */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, opts?: MarginOptions): Tensor;
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin?: number, opts?: Omit<MarginOptions, 'margin'>): Tensor;
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = 'margin_ranking_loss';
  requireFloat(op, input1, 'input1');
  requireFloat(op, input2, 'input2');
  requireTensor(op, target, 'target');
  sameBackend(op, { input1, input2, target });
  const { margin, reduction } = parse(op, args);
  if (input1.ndim !== input2.ndim || input1.ndim !== target.ndim) {
    throw new ShapeError(
      `${op}: all input tensors should have the same number of dimensions, but got sizes input1: ${fmtShape(input1.shape)}, input2: ${fmtShape(input2.shape)}, target: ${fmtShape(target.shape)}`,
    );
  }
  broadcastShapes(op, broadcastShapes(op, input1.shape, input2.shape), target.shape);
  return scope(() => reduce(target.neg().mul(input1.sub(input2)).add(margin).clamp(0), reduction));
}

const EPSILON = 1e-12;

/**
 * `F.cosine_embedding_loss(input1, input2, target, { margin, reduction })`: `1 − cos(x1, x2)`
 * where `target` is 1, `max(0, cos(x1, x2) − margin)` where it is −1 (and 0 elsewhere). Inputs
 * are `(N, D)` with a `(N)` target, or `(D)` with a 0-D target.
 *
 * @example
 * ```ts
 * const loss = F.cosine_embedding_loss(a, b, same, { margin: 0.2 });
 * ```
 */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, opts?: MarginOptions): Tensor;
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin?: number, opts?: Omit<MarginOptions, 'margin'>): Tensor;
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = 'cosine_embedding_loss';
  requireFloat(op, input1, 'input1');
  requireFloat(op, input2, 'input2');
  requireTensor(op, target, 'target');
  sameBackend(op, { input1, input2, target });
  const { margin, reduction } = parse(op, args);
  const td = target.ndim;
  if (td > 1) throw new ShapeError(`${op}: expected a 0-D or 1-D target, got shape ${fmtShape(target.shape)} (multi-target is not supported)`);
  const want = td === 1 ? 2 : 1;
  if (input1.ndim !== want || input2.ndim !== want) {
    throw new ShapeError(`${op}: a ${td}-D target expects ${want}-D inputs, but got inputs of shapes ${fmtShape(input1.shape)} and ${fmtShape(input2.shape)}`);
  }
  broadcastShapes(op, broadcastShapes(op, input1.shape, input2.shape).slice(0, td), target.shape);
  return scope(() => {
    const prod = input1.mul(input2).sum(td);
    const mag1 = input1.mul(input1).sum(td).add(EPSILON);
    const mag2 = input2.mul(input2).sum(td).add(EPSILON);
    const cos = prod.div(mag1.mul(mag2).sqrt());
    const pos = where(target.eq(1), cos.neg().add(1), 0);
    const neg = where(target.eq(-1), cos.sub(margin).clamp(0), 0);
    return reduce(pos.add(neg), reduction);
  });
}
