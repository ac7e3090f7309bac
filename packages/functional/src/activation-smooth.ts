/**
 * The smooth and "hard" gated activations: `gelu`, `silu`, `mish`, `hardswish`, `hardsigmoid`,
 * with PyTorch's backward formulas.
 */
import { ArgumentError, type Tensor, where } from '@proj/tensor';
import { parseArgs, requireFloat } from './call-args.js';
import type { InplaceOptions } from './activation.js';
import { maybeInplace, pointwise } from './pointwise.js';

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** `'none'` (default): the exact erf form; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const K_BETA = Math.sqrt(2 / Math.PI);
const K_KAPPA = 0.044715;

/**
 * `F.gelu(input, { approximate })`: `x · Φ(x)` with `Φ` the standard normal CDF
 * (`approximate: 'none'`, the default), or `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`
 * (`approximate: 'tanh'`).
 *
 * @example
 * ```ts
 * const y = F.gelu(x);
 * const yFast = F.gelu(x, { approximate: 'tanh' });
 * ```
 */
export function gelu(input: Tensor, opts?: GeluOptions): Tensor;
export function gelu(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('gelu', input);
  const o = parseArgs<GeluOptions>('gelu', args, [], ['approximate']);
  const mode = o.approximate ?? 'none';
  if (mode !== 'none' && mode !== 'tanh') {
    throw new ArgumentError(`gelu: approximate must be 'none' or 'tanh', got '${String(mode)}'`);
  }
  if (mode === 'none') {
    return pointwise(
      'GeluBackward0',
      input,
      (x) => x.mul(x.mul(SQRT1_2).erf().add(1)).mul(0.5),
      (g, x) => {
        const cdf = x.mul(SQRT1_2).erf().add(1).mul(0.5);
        const pdf = x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI);
        return g.mul(cdf.add(x.mul(pdf)));
      },
      'input',
    );
  }
  const inner = (x: Tensor) => x.add(x.mul(x).mul(x).mul(K_KAPPA)).mul(K_BETA).tanh();
  return pointwise(
    'GeluBackward0',
    input,
    (x) => x.mul(0.5).mul(inner(x).add(1)),
    (g, x) => {
      const t = inner(x);
      const left = x.mul(0.5);
      const dInner = x.mul(x).mul(3 * K_KAPPA).add(1).mul(K_BETA);
      const right = left.mul(t.mul(t).neg().add(1)).mul(dInner);
      return g.mul(t.add(1).mul(0.5).add(right));
    },
    'input',
  );
}

/**
 * `F.silu(input)` (swish): `x · sigmoid(x)`.
 *
 * @example
 * ```ts
 * const y = F.silu(x);
 * ```
 */
export function silu(input: Tensor, opts?: InplaceOptions): Tensor;
export function silu(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('silu', input);
  const o = parseArgs<InplaceOptions>('silu', args, ['inplace']);
  return maybeInplace('silu', input, o.inplace, 'input', (v) =>
    pointwise(
      'SiluBackward0',
      v,
      (x) => x.mul(x.sigmoid()),
      (g, x) => {
        const s = x.sigmoid();
        return g.mul(s).mul(x.mul(s.neg().add(1)).add(1));
      },
      'input',
    ),
  );
}

/**
 * `F.mish(input)`: `x · tanh(softplus(x))`.
 *
 * @example
 * ```ts
 * const y = F.mish(x);
 * ```
 */
export function mish(input: Tensor, opts?: InplaceOptions): Tensor;
export function mish(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('mish', input);
  const o = parseArgs<InplaceOptions>('mish', args, ['inplace']);
  const tsp = (x: Tensor) => x.exp().log1p().tanh();
  return maybeInplace('mish', input, o.inplace, 'input', (v) =>
    pointwise(
      'MishBackward0',
      v,
      (x) => x.mul(tsp(x)),
      (g, x) => {
        const t = tsp(x);
        return g.mul(t.add(x.mul(x.sigmoid()).mul(t.mul(t).neg().add(1))));
      },
      'input',
    ),
  );
}

/**
 * `F.hardswish(input)`: `x · relu6(x + 3) / 6`.
 *
 * @example
 * ```ts
 * const y = F.hardswish(x);
 * ```
 */
export function hardswish(input: Tensor, opts?: InplaceOptions): Tensor;
export function hardswish(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('hardswish', input);
  const o = parseArgs<InplaceOptions>('hardswish', args, ['inplace']);
  return maybeInplace('hardswish', input, o.inplace, 'input', (v) =>
    pointwise(
      'HardswishBackward0',
      v,
      (x) => x.mul(x.add(3).clamp(0, 6)).div(6),
      // PyTorch: 0 below −3, x/3 + 1/2 on [−3, 3], 1 above.
      (g, x) => where(x.lt(-3), 0, where(x.le(3), g.mul(x.div(3).add(0.5)), g)),
      'input',
    ),
  );
}

/**
 * `F.hardsigmoid(input)`: `relu6(x + 3) / 6`.
 *
 * @example
 * ```ts
 * const y = F.hardsigmoid(x);
 * ```
 */
export function hardsigmoid(input: Tensor, opts?: InplaceOptions): Tensor;
export function hardsigmoid(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('hardsigmoid', input);
  const o = parseArgs<InplaceOptions>('hardsigmoid', args, ['inplace']);
  return maybeInplace('hardsigmoid', input, o.inplace, 'input', (v) =>
    pointwise(
      'HardsigmoidBackward0',
      v,
      (x) => x.add(3).clamp(0, 6).div(6),
      (g, x) => g.mul(x.gt(-3).logical_and(x.lt(3))).div(6),
      'input',
    ),
  );
}
