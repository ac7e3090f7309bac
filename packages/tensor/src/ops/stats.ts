/**
 * Statistics built from reductions: var, std, logsumexp and norm.
 */
import { record } from '../autograd/record.js';
import { no_grad } from '../autograd/grad-mode.js';
import { isFloating } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { scope } from '../memory/scope.js';
import { normDims, numel } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { type Dims, type KeepDim, amax } from './reduce.js';
import { alive } from './util.js';

export interface VarOptions {
  /** Degrees of freedom subtracted from N: 1 (Bessel's correction, the default) or 0. */
  correction?: number;
  /** PyTorch's older spelling: `unbiased: false` is `correction: 0`. */
  unbiased?: boolean;
  keepdim?: boolean;
}

function axesOf(op: string, x: Tensor, dim: Dims): number[] {
  if (dim === null || dim === undefined) return x.shape.map((_, i) => i);
  return normDims(op, typeof dim === 'number' ? [dim] : dim, x.ndim);
}

function requireFloat(op: string, x: Tensor): void {
  if (!isFloating(x.dtype)) {
    throw new DTypeError(`${op}: expected a floating point input, got ${x.dtype}`);
  }
}

/** `torch.var` with `correction` (default 1). */
export function var_(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  requireFloat('var', x);
  const axes = axesOf('var', x, dim);
  const correction = opts.correction ?? (opts.unbiased === false ? 0 : 1);
  const n = numel(axes.map((a) => x.shape[a]!));
  return scope(() => {
    // float16 squares overflow past 256: accumulate in float32 and round once, as PyTorch does.
    const xf = x.dtype === 'float16' ? x.float() : x;
    const centered = xf.sub(xf.mean(axes, true));
    const v = centered.mul(centered).sum(axes, opts.keepdim ?? false).div(Math.max(n - correction, 0));
    return xf === x ? v : v.half();
  });
}

/** `torch.std`: the square root of `var`. */
export function std(x: Tensor, dim?: Dims, opts: VarOptions = {}): Tensor {
  return scope(() => var_(x, dim, opts).sqrt());
}

/** `torch.logsumexp`, stable for large inputs and all `-inf` slices. */
export function logsumexp(x: Tensor, dim: Dims, keepdim?: KeepDim): Tensor {
  alive('logsumexp', x);
  requireFloat('logsumexp', x);
  const axes = axesOf('logsumexp', x, dim);
  const keep = typeof keepdim === 'object' ? (keepdim.keepdim ?? false) : (keepdim ?? false);
  if (x.numel() === 0) return scope(() => x.exp().sum(axes, keep).log());
  return scope(() => {
    const m = no_grad(() => {
      const mx = amax(x, axes, true);
      return mx.masked_fill(mx.abs().eq(Number.POSITIVE_INFINITY), 0);
    });
    const s = x.sub(m).exp().sum(axes, true).log().add(m);
    return keep ? s : s.squeeze(axes);
  });
}

/** `torch.norm` / `Tensor.norm`: p = 2 (`'fro'`, default), 1, ∞, −∞ or any other p. */
export function norm(x: Tensor, p: number | 'fro' = 2, dim?: Dims, keepdim?: KeepDim): Tensor {
  requireFloat('norm', x);
  const axes = axesOf('norm', x, dim);
  const keep = typeof keepdim === 'object' ? (keepdim.keepdim ?? false) : (keepdim ?? false);
  const pp = p === 'fro' ? 2 : p;
  if (typeof pp !== 'number' || Number.isNaN(pp)) throw new ArgumentError(`norm: p must be a number or 'fro', got ${String(p)}`);
  if (pp === 2) {
    const out = no_grad(() => scope(() => x.mul(x).sum(axes, keep).sqrt()));
    return record(
      out,
      'NormBackward1',
      [x],
      (g, s) => {
        const n = keep ? s[1]! : s[1]!.reshape(x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
        const gk = keep ? g : g.reshape(n.shape);
        // The gradient at a zero norm is 0, not NaN, as PyTorch's norm_backward.
        return [s[0]!.mul(gk).div(n).masked_fill(n.eq(0), 0)];
      },
      [x, out],
    );
  }
  return scope(() => {
    const a = x.abs();
    if (pp === Number.POSITIVE_INFINITY) return a.amax(axes, keep);
    if (pp === Number.NEGATIVE_INFINITY) return a.amin(axes, keep);
    if (pp === 1) return a.sum(axes, keep);
    if (pp === 0) return a.ne(0).to(x.dtype).sum(axes, keep);
    return a.pow(pp).sum(axes, keep).pow(1 / pp);
  });
}
