/**
 * `F.binary_cross_entropy`, `F.binary_cross_entropy_with_logits` and `F.kl_div`, with PyTorch's
 * numerics (log clamped at −100, the log-sum-exp form for logits) and backward formulas.
 */
import { ArgumentError, broadcastShapes, fmtShape, isTensor, no_grad, record, scope, ShapeError, sumToShape, type Tensor } from '@proj/tensor';
import { type Reduction, checkReduction, describe, parseArgs, reduce, requireFloat, requireTensor, sameBackend, sameShape, syncValues } from './call-args.js';

/** Options of {@link binary_cross_entropy}. */
export interface BceOptions {
  /** Rescales each element's loss; broadcasts to the target's shape. Not differentiated. */
  weight?: Tensor | null;
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/** Options of {@link binary_cross_entropy_with_logits}. */
export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of the positive examples, broadcast along the last dims (e.g. one per class). */
  pos_weight?: Tensor | null;
}

function optionalTensor(op: string, v: unknown, name: string): Tensor | null {
  if (v === undefined || v === null) return null;
  if (!isTensor(v)) throw new ArgumentError(`${op}: expected ${name} to be a Tensor or null, got ${describe(v)}`);
  requireFloat(op, v, name);
  return v;
}

/**
 * `F.binary_cross_entropy(input, target, { weight, reduction })`:
 * `−weight·(target·log(input) + (1 − target)·log(1 − input))` for probabilities `input` in [0, 1]
 * (checked on backends with synchronous reads). Each log is clamped at −100, as PyTorch, so a
 * confident mistake costs 100, not infinity. `target` must have the input's shape.
 *
 * @example
 * ```ts
 * const loss = F.binary_cross_entropy(F.sigmoid(logits), labels);
 * ```
 */
export function binary_cross_entropy(input: Tensor, target: Tensor, opts?: BceOptions): Tensor;
export function binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | null, opts?: Omit<BceOptions, 'weight'>): Tensor;
export function binary_cross_entropy(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = 'binary_cross_entropy';
  requireFloat(op, input);
  requireFloat(op, target, 'target');
  const o = parseArgs<BceOptions>(op, args, ['weight'], ['reduction']);
  const reduction = checkReduction(op, o.reduction ?? 'mean');
  const weight = optionalTensor(op, o.weight, 'weight');
  sameBackend(op, { input, target, weight });
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: using a target size (${fmtShape(target.shape)}) that is different to the input size (${fmtShape(input.shape)}) is not supported; please ensure they have the same size`);
  }
  if (weight) broadcastShapes(op, target.shape, weight.shape);
  const values = syncValues(input);
  if (values?.some((v) => !(v >= 0 && v <= 1))) throw new ArgumentError(`${op}: all elements of input should be between 0 and 1`);
  return scope(() => {
    const w = weight ? weight.to(input.dtype).expand([...target.shape]) : null;
    const loss = no_grad(() =>
      scope(() => {
        const l = target.mul(input.log().clamp(-100)).add(target.neg().add(1).mul(input.neg().add(1).log().clamp(-100))).neg();
        return w ? l.mul(w) : l;
      }),
    );
    const elementwise = record(
      loss,
      'BinaryCrossEntropyBackward0',
      [input, target],
      (g, s, needs) => {
        const [x, t, ws] = s as [Tensor, Tensor, Tensor | null];
        const gw = ws ? g.mul(ws) : g;
        return [
          needs[0] ? gw.mul(x.sub(t)).div(x.mul(x.neg().add(1)).clamp(1e-12)) : null,
          needs[1] ? gw.mul(x.neg().add(1).log().sub(x.log())) : null,
        ];
      },
      [input, target, w],
    );
    return reduce(elementwise, reduction);
  });
}

/** `log(sigmoid(z))`, stable for large `|z|`. */
function logSigmoid(z: Tensor): Tensor {
  return z.clamp(null, 0).sub(z.abs().neg().exp().log1p());
}

/**
 * `F.binary_cross_entropy_with_logits(input, target, { weight, pos_weight, reduction })`:
 * `binary_cross_entropy(sigmoid(input), target)` computed from the logits in log-sum-exp form,
 * so it is exact for large `|input|`. `pos_weight` scales the positive term
 * (`−pos_weight·target·log σ(x) − (1 − target)·log(1 − σ(x))`). Differentiable in `input` and
 * `target`.
 *
 * @example
 * ```ts
 * const loss = F.binary_cross_entropy_with_logits(logits, labels, { pos_weight: torch.tensor([3]) });
 * ```
 */
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, opts?: BceWithLogitsOptions): Tensor;
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | null, opts?: Omit<BceWithLogitsOptions, 'weight'>): Tensor;
export function binary_cross_entropy_with_logits(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = 'binary_cross_entropy_with_logits';
  requireFloat(op, input);
  requireFloat(op, target, 'target');
  const o = parseArgs<BceWithLogitsOptions>(op, args, ['weight'], ['reduction', 'pos_weight']);
  const reduction = checkReduction(op, o.reduction ?? 'mean');
  const weight = optionalTensor(op, o.weight, 'weight');
  const posWeight = optionalTensor(op, o.pos_weight, 'pos_weight');
  sameBackend(op, { input, target, weight, pos_weight: posWeight });
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: target size (${fmtShape(target.shape)}) must be the same as input size (${fmtShape(input.shape)})`);
  }
  let shape = input.shape;
  if (posWeight) shape = broadcastShapes(op, shape, posWeight.shape);
  if (weight) shape = broadcastShapes(op, shape, weight.shape);
  return scope(() => {
    const loss = no_grad(() =>
      scope(() => {
        // PyTorch's form: (1 − t)·x + lw·(log(e^−m + e^(−x−m)) + m), m = max(−x, 0).
        const m = input.neg().clamp(0);
        const lse = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
        const lw = posWeight ? posWeight.sub(1).mul(target).add(1) : null;
        const l = target.neg().add(1).mul(input).add(lw ? lw.mul(lse) : lse);
        return weight ? l.mul(weight) : l;
      }),
    );
    const elementwise = record(
      loss,
      'BinaryCrossEntropyWithLogitsBackward0',
      [input, target],
      (g, s, needs) => {
        const [x, t, w, pw] = s as [Tensor, Tensor, Tensor | null, Tensor | null];
        const gw = w ? g.mul(w) : g;
        let gx: Tensor | null = null;
        let gt: Tensor | null = null;
        if (needs[0]) {
          const d = pw ? pw.mul(t).add(1).sub(t).mul(x.sigmoid()).sub(pw.mul(t)) : x.sigmoid().sub(t);
          gx = sumToShape(gw.mul(d), x.shape);
        }
        if (needs[1]) {
          const d = pw ? logSigmoid(x.neg()).sub(logSigmoid(x).mul(pw)) : x.neg();
          gt = sumToShape(gw.mul(d), t.shape);
        }
        return [gx, gt];
      },
      [input, target, weight, posWeight],
    );
    return reduce(elementwise, reduction);
  });
}

/** Options of {@link kl_div}. */
export interface KlDivOptions {
  /**
   * `'mean'` (default, PyTorch's: over every element), `'batchmean'` (the sum divided by the
   * batch size: the mathematical KL divergence), `'sum'` or `'none'`.
   */
  reduction?: Reduction | 'batchmean';
  /** True when `target` holds log-probabilities too. */
  log_target?: boolean;
}

/**
 * `F.kl_div(input, target, { reduction, log_target })`: pointwise
 * `target·(log(target) − input)` for log-probabilities `input` (0 where `target` is 0), or
 * `exp(target)·(target − input)` with `log_target`. Prefer `reduction: 'batchmean'`: PyTorch's
 * default `'mean'` also divides by the number of classes.
 *
 * @example
 * ```ts
 * const loss = F.kl_div(F.log_softmax(student, 1), F.softmax(teacher, 1), { reduction: 'batchmean' });
 * ```
 */
export function kl_div(input: Tensor, target: Tensor, opts?: KlDivOptions): Tensor;
export function kl_div(input: Tensor, target: Tensor, ...args: unknown[]): Tensor {
  const op = 'kl_div';
  requireFloat(op, input);
  requireTensor(op, target, 'target');
  sameBackend(op, { input, target });
  const o = parseArgs<KlDivOptions>(op, args, [], ['reduction', 'log_target']);
  const reduction = checkReduction(op, o.reduction ?? 'mean', ['batchmean']) as Reduction | 'batchmean';
  broadcastShapes(op, input.shape, target.shape);
  return scope(() => {
    let out: Tensor;
    if (o.log_target) out = target.exp().mul(target.sub(input));
    else {
      // xlogy(t, t): 0 where t = 0; log(1) there keeps the gradient finite.
      const safe = no_grad(() => target.eq(0));
      out = target.mul(target.masked_fill(safe, 1).log()).sub(target.mul(input));
    }
    if (reduction !== 'batchmean') return reduce(out, reduction);
    return input.ndim === 0 ? out.sum() : out.sum().div(input.shape[0]!);
  });
}
