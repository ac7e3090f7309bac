/**
 * Distances between batches of vectors: `F.cosine_similarity` and `F.pairwise_distance`.
 */
import { type Tensor, broadcastShapes, normDim, record, scope } from '@proj/tensor';
import { num, parseArgs, requireFloat, sameBackend } from './call-args.js';

/** Options of {@link cosine_similarity}. */
export interface CosineSimilarityOptions {
  /** Default 1. */
  dim?: number;
  /** Each norm is clamped to at least this; default 1e-8. */
  eps?: number;
}

/**
 * `max(‖x‖₂, eps)` along `dim` (kept), differentiated as PyTorch 1.13 does: the clamp happens in
 * place outside autograd, so the gradient is `x / max(‖x‖, eps)` even where it clamps.
 */
function clampedNorm(x: Tensor, dim: number, eps: number): Tensor {
  const out = scope(() => x.detach().mul(x.detach()).sum(dim, true).sqrt().clamp(eps));
  return record(out, 'SqrtBackward0', [x], (g, s) => [g.mul(s[0]!).div(s[1]!)], [x, out]);
}

/**
 * `F.cosine_similarity(x1, x2, { dim, eps })`: `Σ (x1/‖x1‖)·(x2/‖x2‖)` along `dim`, each norm
 * clamped to at least `eps`. The inputs broadcast; `dim` refers to the broadcast shape and is
 * removed from the result.
 *
 * @example
 * ```ts
 * const sim = F.cosine_similarity(a, b, { dim: -1 }); // a, b [N, D] → [N]
 * ```
 */
export function cosine_similarity(x1: Tensor, x2: Tensor, opts?: CosineSimilarityOptions): Tensor;
export function cosine_similarity(x1: Tensor, x2: Tensor, dim?: number, eps?: number): Tensor;
export function cosine_similarity(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const op = 'cosine_similarity';
  requireFloat(op, x1, 'x1');
  requireFloat(op, x2, 'x2');
  sameBackend(op, { x1, x2 });
  const o = parseArgs<CosineSimilarityOptions>(op, args, ['dim', 'eps']);
  const shape = broadcastShapes(op, x1.shape, x2.shape);
  const dim = normDim(op, num(op, 'dim', o.dim ?? 1, { int: true }), shape.length);
  const eps = num(op, 'eps', o.eps ?? 1e-8);
  return scope(() => {
    const a = x1.expand(shape);
    const b = x2.expand(shape);
    return a.div(clampedNorm(a, dim, eps)).mul(b.div(clampedNorm(b, dim, eps))).sum(dim);
  });
}

/** Options of {@link pairwise_distance}. */
export interface PairwiseDistanceOptions {
  /** The norm's exponent; default 2. */
  p?: number;
  /** Added to the difference before the norm; default 1e-6. */
  eps?: number;
  /** Keep the reduced last dim; default false. */
  keepdim?: boolean;
}

/**
 * `F.pairwise_distance(x1, x2, { p, eps, keepdim })`: `‖x1 − x2 + eps‖_p` along the last dim of
 * the broadcast shape.
 *
 * @example
 * ```ts
 * const d = F.pairwise_distance(anchor, positive); // [N, D] → [N]
 * ```
 */
export function pairwise_distance(x1: Tensor, x2: Tensor, opts?: PairwiseDistanceOptions): Tensor;
export function pairwise_distance(x1: Tensor, x2: Tensor, p?: number, eps?: number, keepdim?: boolean): Tensor;
export function pairwise_distance(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const op = 'pairwise_distance';
  requireFloat(op, x1, 'x1');
  requireFloat(op, x2, 'x2');
  sameBackend(op, { x1, x2 });
  const o = parseArgs<PairwiseDistanceOptions>(op, args, ['p', 'eps', 'keepdim']);
  const p = num(op, 'p', o.p ?? 2, { allowInf: true });
  const eps = num(op, 'eps', o.eps ?? 1e-6);
  const shape = broadcastShapes(op, x1.shape, x2.shape);
  return scope(() => x1.sub(x2).add(eps).norm(p, Math.max(shape.length - 1, 0), o.keepdim ?? false));
}
