/**
 * `F.cross_entropy` and `F.nll_loss`: class-index targets (with class weights, `ignore_index`,
 * label smoothing, K-dimensional inputs) and, for cross entropy, probability targets.
 */
import { arange, ArgumentError, DTypeError, fmtShape, isTensor, no_grad, record, scope, ShapeError, type Tensor, where } from '@proj/tensor';
import { type Reduction, checkReduction, describe, num, parseArgs, requireFloat, requireTensor, sameBackend, sameShape, syncValues } from './call-args.js';
import { softmaxForward, softmaxOp } from './softmax.js';

/** Options of {@link nll_loss}. */
export interface NllLossOptions {
  /** A weight per class, shape `[C]`. */
  weight?: Tensor | null;
  /** Targets equal to this class contribute nothing (and no gradient); default −100. */
  ignore_index?: number;
  /** `'mean'` (default: weighted by the targets' class weights), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/** Options of {@link cross_entropy}. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution: `(1 − ε)·target + ε/C`; in [0, 1]. */
  label_smoothing?: number;
}

interface Checked {
  reduction: Reduction;
  ignoreIndex: number;
  weight: Tensor | null;
  smoothing: number;
  classes: number;
  probs: boolean;
}

function check(op: string, input: Tensor, target: Tensor, args: readonly unknown[], smoothingAllowed: boolean): Checked {
  requireFloat(op, input);
  requireTensor(op, target, 'target');
  const keywords: (keyof CrossEntropyOptions)[] = smoothingAllowed ? ['ignore_index', 'reduction', 'label_smoothing'] : ['ignore_index', 'reduction'];
  const o = parseArgs<CrossEntropyOptions>(op, args, ['weight'], keywords);
  const reduction = checkReduction(op, o.reduction ?? 'mean');
  const ignoreIndex = num(op, 'ignore_index', o.ignore_index ?? -100, { int: true });
  const smoothing = num(op, 'label_smoothing', o.label_smoothing ?? 0);
  if (smoothing < 0 || smoothing > 1) throw new ArgumentError(`${op}: label_smoothing must be between 0.0 and 1.0, got ${smoothing}`);
  if (input.ndim < 1) throw new ShapeError(`${op}: expected an input of 1 or more dimensions (C) or (N, C, d1, ...), got shape ${fmtShape(input.shape)}`);
  const classes = input.shape[input.ndim === 1 ? 0 : 1]!;
  const weight = o.weight ?? null;
  if (weight !== null) {
    if (!isTensor(weight)) throw new ArgumentError(`${op}: expected weight to be a Tensor or null, got ${describe(weight)}`);
    requireFloat(op, weight, 'weight');
    if (weight.ndim !== 1 || weight.shape[0] !== classes) {
      throw new ShapeError(`${op}: weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${fmtShape(weight.shape)}`);
    }
  }
  sameBackend(op, { input, target, weight });
  const probs = smoothingAllowed && sameShape(input.shape, target.shape);
  if (probs) {
    requireFloat(op, target, 'target (class probabilities, as it has the input\'s shape)');
    if (ignoreIndex >= 0) throw new ArgumentError(`${op}: ignore_index is not supported for floating point (probability) targets, got ignore_index ${ignoreIndex}`);
    return { reduction, ignoreIndex, weight, smoothing, classes, probs };
  }
  if (target.dtype !== 'int64') {
    throw new DTypeError(`${op}: expected target to be an int64 tensor of class indices (or, for cross_entropy, float probabilities of the input's shape), got ${target.dtype} of shape ${fmtShape(target.shape)}`);
  }
  if (input.ndim === 1) {
    if (target.ndim !== 0) throw new ShapeError(`${op}: an unbatched (C) input expects a 0-D target, got shape ${fmtShape(target.shape)}`);
  } else {
    if (target.ndim === 0 || target.shape[0] !== input.shape[0]) {
      throw new ShapeError(`${op}: expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0] ?? 'none: 0-D target'})`);
    }
    const want = [input.shape[0]!, ...input.shape.slice(2)];
    if (!sameShape(want, target.shape)) throw new ShapeError(`${op}: expected target size ${fmtShape(want)}, got ${fmtShape(target.shape)}`);
  }
  const values = syncValues(target);
  if (values) {
    for (const v of values) {
      if (v !== ignoreIndex && (v < 0 || v >= classes)) {
        throw new ArgumentError(`${op}: target ${v} is out of bounds (expected class indices in [0, ${classes - 1}] or ignore_index ${ignoreIndex})`);
      }
    }
  }
  return { reduction, ignoreIndex, weight, smoothing, classes, probs };
}

/** Per-element class weights of the targets (0 where ignored), the safe targets and the mask. */
function targetWeights(target: Tensor, c: Checked, dtype: 'float32' | 'float64'): { safe: Tensor; valid: Tensor; wt: Tensor } {
  const valid = target.ne(c.ignoreIndex);
  const safe = where(valid, target, 0);
  const wt = c.weight ? c.weight.to(dtype).index_select(0, safe.flatten()).view([...safe.shape]).mul(valid) : valid.to(dtype);
  return { safe, valid, wt };
}

/** `Σ / W`, NaN (with a zero gradient) when every target is ignored, as PyTorch. */
function weightedMean(total: Tensor, w: Tensor): Tensor {
  const zero = w.eq(0);
  return where(zero, Number.NaN, total.div(where(zero, 1, w)));
}

/** `[1, C, 1, …]`: a class vector broadcast along dim 1 of an `ndim`-D tensor. */
function classView(v: Tensor, ndim: number): Tensor {
  return v.view([1, v.shape[0]!, ...new Array<number>(ndim - 2).fill(1)]);
}

function classIndexCrossEntropy(x: Tensor, target: Tensor, c: Checked): Tensor {
  const dtype = x.dtype as 'float32' | 'float64';
  const { classes: C, smoothing: eps, reduction } = c;
  const logp = softmaxForward('logSoftmax', x, 1);
  const { safe, valid, wt } = targetWeights(target, c, dtype);
  const wsum = c.weight ? c.weight.to(dtype).sum() : null;
  const out = no_grad(() =>
    scope(() => {
      // Ignored rows are masked with where, not multiplied by 0: their logits may be −∞.
      let loss = where(valid, logp.gather(1, safe.unsqueeze(1)).squeeze(1).mul(wt).neg(), 0);
      if (eps > 0) {
        const weighted = c.weight ? logp.mul(classView(c.weight.to(dtype), x.ndim)) : logp;
        const smooth = where(valid, weighted.sum(1).neg(), 0);
        loss = loss.mul(1 - eps).add(smooth.mul(eps / C));
      }
      if (reduction === 'none') return loss;
      return reduction === 'sum' ? loss.sum() : weightedMean(loss.sum(), wt.sum());
    }),
  );
  return record(
    out,
    'CrossEntropyLossBackward0',
    [x],
    (g, s) => {
      const [lp, tSafe, wts, vmask, w, ws] = s as [Tensor, Tensor, Tensor, Tensor, Tensor | null, Tensor | null];
      // loss_i = −Σ_c q_ic·logp_ic, so ∂loss_i/∂x_i = softmax_i·Σ_c q_ic − q_i.
      const onehot = arange(C, { device: lp.device }).view([1, C, ...new Array<number>(lp.ndim - 2).fill(1)]).eq(tSafe.unsqueeze(1));
      let q = onehot.mul(wts.mul(1 - eps).unsqueeze(1));
      let qsum = wts.mul(1 - eps);
      if (eps > 0) {
        const vf = vmask.to(lp.dtype);
        const uniform = w ? classView(w, lp.ndim).mul(eps / C) : eps / C;
        q = q.add(vf.unsqueeze(1).mul(uniform));
        qsum = qsum.add(vf.mul(ws ? ws.mul(eps / C) : eps));
      }
      let scale = g;
      if (reduction === 'mean') {
        const W = wts.sum();
        scale = g.div(where(W.eq(0), 1, W));
      }
      const sc = reduction === 'none' ? scale.unsqueeze(1) : scale;
      return [lp.exp().mul(qsum.unsqueeze(1)).sub(q).mul(sc)];
    },
    [logp, safe, wt, valid, c.weight ? c.weight.to(dtype) : null, wsum],
  );
}

function probabilityCrossEntropy(x: Tensor, target: Tensor, c: Checked, classDim: number): Tensor {
  const logp = softmaxOp('logSoftmax', x, classDim);
  const t = c.smoothing > 0 ? target.mul(1 - c.smoothing).add(c.smoothing / c.classes) : target;
  let prod = logp.mul(t);
  if (c.weight) prod = prod.mul(x.ndim === 1 ? c.weight : classView(c.weight, x.ndim));
  if (c.reduction === 'none') return prod.sum(classDim).neg();
  if (c.reduction === 'sum') return prod.sum().neg();
  const n = x.numel() / c.classes;
  return n === 0 ? prod.sum().mul(Number.NaN) : prod.sum().neg().div(n);
}

/**
 * `F.cross_entropy(input, target, { weight, ignore_index, reduction, label_smoothing })`:
 * `nll_loss(log_softmax(input, 1), target)` for class-index targets (int64, shape `(N)` or
 * `(N, d1, …)` for an `(N, C, d1, …)` input; `()` for an unbatched `(C)` input), or the soft
 * cross entropy `−Σ target·log_softmax(input)` when `target` is a float tensor of the input's
 * shape (class probabilities). The class-index path has a dedicated backward,
 * `softmax − smoothed one-hot`, which stays finite for masked (−∞) logits.
 *
 * `'mean'` divides by the summed class weights of the non-ignored targets (NaN when all are
 * ignored, as PyTorch), or by the number of samples for probability targets.
 *
 * @example
 * ```ts
 * const loss = F.cross_entropy(logits, labels);                       // logits [N, C], labels int64 [N]
 * const smooth = F.cross_entropy(logits, labels, { label_smoothing: 0.1, ignore_index: 0 });
 * ```
 */
export function cross_entropy(input: Tensor, target: Tensor, opts?: CrossEntropyOptions): Tensor;
export function cross_entropy(input: Tensor, target: Tensor, weight: Tensor | null, opts?: Omit<CrossEntropyOptions, 'weight'>): Tensor;
export function cross_entropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const c = check('cross_entropy', input, target, args, true);
  return scope(() => {
    if (c.probs) return probabilityCrossEntropy(input, target, c, input.ndim === 1 ? 0 : 1);
    if (input.ndim === 1) {
      const r = classIndexCrossEntropy(input.unsqueeze(0), target.unsqueeze(0), c);
      return c.reduction === 'none' ? r.squeeze(0) : r;
    }
    return classIndexCrossEntropy(input, target, c);
  });
}

/**
 * `F.nll_loss(input, target, { weight, ignore_index, reduction })`: the negative log likelihood
 * `−weight[t]·input[t]` of log-probabilities `input` (`(C)`, `(N, C)` or `(N, C, d1, …)`) at
 * int64 class indices `target`. `'mean'` divides by the summed weights of the non-ignored targets.
 *
 * @example
 * ```ts
 * const loss = F.nll_loss(F.log_softmax(logits, 1), labels, { ignore_index: -1 });
 * ```
 */
export function nll_loss(input: Tensor, target: Tensor, opts?: NllLossOptions): Tensor;
export function nll_loss(input: Tensor, target: Tensor, weight: Tensor | null, opts?: Omit<NllLossOptions, 'weight'>): Tensor;
export function nll_loss(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const c = check('nll_loss', input, target, args, false);
  return scope(() => {
    const batched = input.ndim === 1;
    const x = batched ? input.unsqueeze(0) : input;
    const t = batched ? target.unsqueeze(0) : target;
    const dtype = x.dtype as 'float32' | 'float64';
    const { safe, valid, wt } = no_grad(() => targetWeights(t, c, dtype));
    const loss = where(valid, x.gather(1, safe.unsqueeze(1)).squeeze(1).mul(wt).neg(), 0);
    if (c.reduction === 'none') return batched ? loss.squeeze(0) : loss;
    return c.reduction === 'sum' ? loss.sum() : weightedMean(loss.sum(), wt.sum());
  });
}
