/**
 * Elementwise activations (`F.relu` … `F.hardsigmoid`) with PyTorch's backward formulas, and the
 * softmax family (from `softmax.ts`).
 */
import { ArgumentError, type Tensor, where } from '@proj/tensor';
import { num, parseArgs, requireFloat, requireTensor } from './call-args.js';
import { maybeInplace, pointwise } from './pointwise.js';

export { log_softmax, softmax, softmin, type SoftmaxOptions } from './softmax.js';
export { gelu, hardsigmoid, hardswish, mish, silu, type GeluOptions } from './activation-smooth.js';

/** PyTorch's `inplace` flag: write the result into the input and return it. */
export interface InplaceOptions {
  inplace?: boolean;
}

/**
 * `F.relu(input)`: `max(x, 0)`; the gradient at 0 is 0.
 *
 * @example
 * ```ts
 * const y = F.relu(x);
 * F.relu(h, { inplace: true }); // overwrites h (not a leaf that requires grad)
 * ```
 */
export function relu(input: Tensor, opts?: InplaceOptions): Tensor;
export function relu(input: Tensor, ...args: unknown[]): Tensor {
  requireTensor('relu', input, 'input');
  const o = parseArgs<InplaceOptions>('relu', args, ['inplace']);
  return o.inplace ? input.relu_() : input.relu();
}

/** Options of {@link hardtanh}. */
export interface HardtanhOptions extends InplaceOptions {
  min_val?: number;
  max_val?: number;
}

function hardtanhOp(op: string, x: Tensor, lo: number, hi: number, inplace: boolean | undefined): Tensor {
  return maybeInplace(op, x, inplace, 'output', (v) =>
    pointwise(
      'HardtanhBackward0',
      v,
      (t) => t.clamp(lo, hi),
      (g, out) => g.mul(out.gt(lo).logical_and(out.lt(hi))),
      'output',
    ),
  );
}

/**
 * `F.hardtanh(input, min_val = -1, max_val = 1)`: clamps into `[min_val, max_val]`; the gradient
 * is 1 strictly inside and 0 at and beyond the bounds, as PyTorch.
 *
 * @example
 * ```ts
 * const y = F.hardtanh(x, -2, 2); // or F.hardtanh(x, { min_val: -2, max_val: 2 })
 * ```
 */
export function hardtanh(input: Tensor, opts?: HardtanhOptions): Tensor;
export function hardtanh(input: Tensor, min_val?: number, max_val?: number, opts?: InplaceOptions): Tensor;
export function hardtanh(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('hardtanh', input);
  const o = parseArgs<HardtanhOptions>('hardtanh', args, ['min_val', 'max_val', 'inplace']);
  const lo = num('hardtanh', 'min_val', o.min_val ?? -1, { allowInf: true });
  const hi = num('hardtanh', 'max_val', o.max_val ?? 1, { allowInf: true });
  return hardtanhOp('hardtanh', input, lo, hi, o.inplace);
}

/**
 * `F.relu6(input)`: `min(max(x, 0), 6)`, i.e. `hardtanh(x, 0, 6)`.
 *
 * @example
 * ```ts
 * const y = F.relu6(x);
 * ```
 */
export function relu6(input: Tensor, opts?: InplaceOptions): Tensor;
export function relu6(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('relu6', input);
  const o = parseArgs<InplaceOptions>('relu6', args, ['inplace']);
  return hardtanhOp('relu6', input, 0, 6, o.inplace);
}

/** Options of {@link leaky_relu}. */
export interface LeakyReluOptions extends InplaceOptions {
  /** The slope for `x < 0`; default 0.01. */
  negative_slope?: number;
}

/**
 * `F.leaky_relu(input, negative_slope = 0.01)`: `x` for `x > 0`, else `negative_slope · x`.
 *
 * @example
 * ```ts
 * const y = F.leaky_relu(x, 0.2); // or F.leaky_relu(x, { negative_slope: 0.2 })
 * ```
 */
export function leaky_relu(input: Tensor, opts?: LeakyReluOptions): Tensor;
export function leaky_relu(input: Tensor, negative_slope?: number, opts?: InplaceOptions): Tensor;
export function leaky_relu(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('leaky_relu', input);
  const o = parseArgs<LeakyReluOptions>('leaky_relu', args, ['negative_slope', 'inplace']);
  const slope = num('leaky_relu', 'negative_slope', o.negative_slope ?? 0.01);
  // With a non-negative slope, sign(output) = sign(input): backward can read the output.
  const saved = slope >= 0 ? 'output' : 'input';
  return maybeInplace('leaky_relu', input, o.inplace, saved, (v) =>
    pointwise(
      'LeakyReluBackward0',
      v,
      (t) => where(t.gt(0), t, t.mul(slope)),
      (g, s) => where(s.gt(0), g, g.mul(slope)),
      saved,
    ),
  );
}

/** ELU with PyTorch's internal coefficients (`elu`, `selu` and `celu` share it). */
function eluOp(op: string, name: string, x: Tensor, alpha: number, scale: number, inputScale: number, inplace: boolean | undefined): Tensor {
  const neg = alpha * scale;
  // Out of place, PyTorch differentiates from the input; in place, from the result.
  const saved = inplace ? 'output' : 'input';
  return maybeInplace(op, x, inplace, saved, (v) =>
    pointwise(
      name,
      v,
      (t) => where(t.gt(0), t.mul(scale), t.mul(inputScale).expm1().mul(neg)),
      saved === 'input'
        ? (g, t) => where(t.gt(0), g.mul(scale), g.mul(t.mul(inputScale).exp().mul(inputScale * neg)))
        : (g, out) => where(out.gt(0), g.mul(scale), g.mul(out.add(neg).mul(inputScale))),
      saved,
    ),
  );
}

/** Options of {@link elu} and {@link celu}. */
export interface EluOptions extends InplaceOptions {
  /** Default 1. */
  alpha?: number;
}

/**
 * `F.elu(input, alpha = 1)`: `x` for `x > 0`, else `alpha · (exp(x) − 1)`.
 *
 * @example
 * ```ts
 * const y = F.elu(x, 0.5); // or F.elu(x, { alpha: 0.5 })
 * ```
 */
export function elu(input: Tensor, opts?: EluOptions): Tensor;
export function elu(input: Tensor, alpha?: number, opts?: InplaceOptions): Tensor;
export function elu(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('elu', input);
  const o = parseArgs<EluOptions>('elu', args, ['alpha', 'inplace']);
  return eluOp('elu', 'EluBackward0', input, num('elu', 'alpha', o.alpha ?? 1), 1, 1, o.inplace);
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * `F.selu(input)`: `scale · elu(x, alpha)` with the self-normalising constants
 * (alpha ≈ 1.6733, scale ≈ 1.0507).
 *
 * @example
 * ```ts
 * const y = F.selu(x);
 * ```
 */
export function selu(input: Tensor, opts?: InplaceOptions): Tensor;
export function selu(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('selu', input);
  const o = parseArgs<InplaceOptions>('selu', args, ['inplace']);
  return eluOp('selu', 'EluBackward0', input, SELU_ALPHA, SELU_SCALE, 1, o.inplace);
}

/**
 * `F.celu(input, alpha = 1)`: `x` for `x > 0`, else `alpha · (exp(x / alpha) − 1)`. `alpha`
 * must not be 0.
 *
 * @example
 * ```ts
 * const y = F.celu(x, { alpha: 0.7 });
 * ```
 */
export function celu(input: Tensor, opts?: EluOptions): Tensor;
export function celu(input: Tensor, alpha?: number, opts?: InplaceOptions): Tensor;
export function celu(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('celu', input);
  const o = parseArgs<EluOptions>('celu', args, ['alpha', 'inplace']);
  const alpha = num('celu', 'alpha', o.alpha ?? 1);
  if (alpha === 0) throw new ArgumentError('celu: alpha cannot be 0 (it divides the input)');
  return eluOp('celu', 'EluBackward0', input, alpha, 1, 1 / alpha, o.inplace);
}

/** Options of {@link softplus}. */
export interface SoftplusOptions {
  /** Default 1. */
  beta?: number;
  /** Above `beta · x > threshold` the op is the identity; default 20. */
  threshold?: number;
}

/**
 * `F.softplus(input, beta = 1, threshold = 20)`: `log(1 + exp(beta·x)) / beta`, and `x` itself
 * where `beta·x > threshold` (which also keeps `exp` from overflowing).
 *
 * @example
 * ```ts
 * const y = F.softplus(x, 2, 10); // or F.softplus(x, { beta: 2, threshold: 10 })
 * ```
 */
export function softplus(input: Tensor, opts?: SoftplusOptions): Tensor;
export function softplus(input: Tensor, beta?: number, threshold?: number): Tensor;
export function softplus(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('softplus', input);
  const o = parseArgs<SoftplusOptions>('softplus', args, ['beta', 'threshold']);
  const beta = num('softplus', 'beta', o.beta ?? 1);
  const threshold = num('softplus', 'threshold', o.threshold ?? 20, { allowInf: true });
  return pointwise(
    'SoftplusBackward0',
    input,
    (x) => {
      const bx = x.mul(beta);
      return where(bx.gt(threshold), x, bx.exp().log1p().div(beta));
    },
    (g, x) => {
      const bx = x.mul(beta);
      const z = bx.exp();
      return where(bx.gt(threshold), g, g.mul(z).div(z.add(1)));
    },
    'input',
  );
}

/**
 * `F.sigmoid(input)`: `1 / (1 + exp(−x))`, without overflow for large `|x|`.
 *
 * @example
 * ```ts
 * const p = F.sigmoid(logits);
 * ```
 */
export function sigmoid(input: Tensor): Tensor {
  requireTensor('sigmoid', input, 'input');
  return input.sigmoid();
}

/**
 * `F.tanh(input)`: the hyperbolic tangent.
 *
 * @example
 * ```ts
 * const y = F.tanh(x);
 * ```
 */
export function tanh(input: Tensor): Tensor {
  requireTensor('tanh', input, 'input');
  return input.tanh();
}
