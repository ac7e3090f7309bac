/**
 * `F.softmax`, `F.log_softmax` and `F.softmin`: the backend's fused kernels when it has them, a
 * stable composite (max subtracted) otherwise, and dedicated backward rules either way.
 */
import { ArgumentError, type DType, DTypeError, type Tensor, backendOf, isFloating, kview, no_grad, normDim, record, scope, wrap } from '@proj/tensor';
import { parseArgs, requireTensor } from './call-args.js';

/** Options of the softmax family. */
export interface SoftmaxOptions {
  /** The dimension the slices that sum to 1 run along. Required (see {@link softmax}). */
  dim?: number;
  /** Casts the input to this dtype first (PyTorch's `dtype`), e.g. to compute in float64. */
  dtype?: DType;
}

type Kind = 'softmax' | 'logSoftmax';

function contiguous(t: Tensor): Tensor {
  return t.is_contiguous() ? t : t.contiguous();
}

/** Forward without autograd: fused kernel or composite. `x` is float, rank ≥ 1. */
export function softmaxForward(kind: Kind, x: Tensor, axis: number): Tensor {
  const be = backendOf(kind, x);
  const fused = kind === 'softmax' ? be.softmax : be.logSoftmax;
  if (fused && x.numel() > 0) {
    return scope(() => {
      const xc = contiguous(x);
      const h = kind === 'softmax' ? be.softmax!(kview(xc), axis) : be.logSoftmax!(kview(xc), axis);
      return wrap(be, h, x.shape, x.dtype);
    });
  }
  return no_grad(() =>
    scope(() => {
      // No masking of infinite maxima: PyTorch's kernels give NaN for all −∞ or any +∞ slice too.
      const shifted = x.sub(x.amax(axis, true));
      if (kind === 'logSoftmax') return shifted.sub(shifted.exp().sum(axis, true).log());
      const e = shifted.exp();
      return e.div(e.sum(axis, true));
    }),
  );
}

/** Backward without autograd: `y` is the forward output, `gy` the incoming gradient. */
export function softmaxBackward(kind: Kind, y: Tensor, gy: Tensor, axis: number): Tensor {
  const be = backendOf(kind, y, gy);
  const fused = kind === 'softmax' ? be.softmaxGrad : be.logSoftmaxGrad;
  if (fused && y.numel() > 0) {
    return scope(() => {
      const yc = contiguous(y);
      const gc = contiguous(gy.dtype === y.dtype ? gy : gy.to(y.dtype));
      const h = kind === 'softmax' ? be.softmaxGrad!(kview(yc), kview(gc), axis) : be.logSoftmaxGrad!(kview(yc), kview(gc), axis);
      return wrap(be, h, y.shape, y.dtype);
    });
  }
  return scope(() =>
    kind === 'softmax' ? y.mul(gy.sub(gy.mul(y).sum(axis, true))) : gy.sub(y.exp().mul(gy.sum(axis, true))),
  );
}

/** The differentiable op, on a float tensor of rank ≥ 1. */
export function softmaxOp(kind: Kind, x: Tensor, axis: number): Tensor {
  const out = softmaxForward(kind, x, axis);
  const name = kind === 'softmax' ? 'SoftmaxBackward0' : 'LogSoftmaxBackward0';
  return record(out, name, [x], (g, s) => [softmaxBackward(kind, s[0]!, g, axis)], [out]);
}

function run(op: string, kind: Kind, input: Tensor, args: readonly unknown[], negate: boolean): Tensor {
  requireTensor(op, input, 'input');
  const o = parseArgs<SoftmaxOptions>(op, args, ['dim'], ['dtype']);
  if (o.dim === undefined || o.dim === null) {
    throw new ArgumentError(
      `${op}: dim is required; PyTorch's implicit dim choice is deprecated, so pass it explicitly, e.g. ${op}(x, -1) or ${op}(x, { dim: 1 })`,
    );
  }
  const dtype = o.dtype ?? input.dtype;
  if (!isFloating(dtype)) {
    throw new DTypeError(`${op}: expected a floating point input (or a floating point dtype option), got ${dtype}`);
  }
  const axis = normDim(op, o.dim, input.ndim);
  return scope(() => {
    let x = dtype === input.dtype ? input : input.to(dtype);
    if (negate) x = x.neg();
    if (x.ndim === 0) return softmaxOp(kind, x.reshape([1]), 0).reshape([]);
    if (x.numel() === 0) return x.clone();
    return softmaxOp(kind, x, axis);
  });
}

/**
 * `F.softmax(input, dim)`: `exp(x) / Σ exp(x)` along `dim`, computed stably (the slice's max is
 * subtracted first, so logits of 1e4 do not overflow). Uses the backend's fused kernel when it
 * has one.
 *
 * Unlike PyTorch, `dim` is required: PyTorch's implicit choice (deprecated there, with a warning)
 * raises an ArgumentError here.
 *
 * @example
 * ```ts
 * const p = F.softmax(logits, -1);               // or F.softmax(logits, { dim: -1 })
 * const p64 = F.softmax(logits, 1, { dtype: 'float64' });
 * ```
 */
export function softmax(input: Tensor, dim: number, opts?: Omit<SoftmaxOptions, 'dim'>): Tensor;
export function softmax(input: Tensor, opts: SoftmaxOptions): Tensor;
export function softmax(input: Tensor, ...args: unknown[]): Tensor {
  return run('softmax', 'softmax', input, args, false);
}

/**
 * `F.log_softmax(input, dim)`: `x − logsumexp(x)` along `dim`, stable for large logits. `−∞`
 * entries stay `−∞`; a slice that is all `−∞` (or holds `+∞`) gives NaN, as in PyTorch. Its
 * gradient is the dedicated `gy − softmax · Σ gy`. `dim` is required (see {@link softmax}).
 *
 * @example
 * ```ts
 * const logp = F.log_softmax(logits, 1);
 * const loss = F.nll_loss(logp, target);
 * ```
 */
export function log_softmax(input: Tensor, dim: number, opts?: Omit<SoftmaxOptions, 'dim'>): Tensor;
export function log_softmax(input: Tensor, opts: SoftmaxOptions): Tensor;
export function log_softmax(input: Tensor, ...args: unknown[]): Tensor {
  return run('log_softmax', 'logSoftmax', input, args, false);
}

/**
 * `F.softmin(input, dim)`: `softmax(−x)` along `dim`. `dim` is required (see {@link softmax}).
 *
 * @example
 * ```ts
 * const w = F.softmin(distances, { dim: 1 });
 * ```
 */
export function softmin(input: Tensor, dim: number, opts?: Omit<SoftmaxOptions, 'dim'>): Tensor;
export function softmin(input: Tensor, opts: SoftmaxOptions): Tensor;
export function softmin(input: Tensor, ...args: unknown[]): Tensor {
  return run('softmin', 'softmax', input, args, true);
}
