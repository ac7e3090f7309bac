/**
 * Dropout: `F.dropout`, `F.dropout2d`, `F.alpha_dropout`. Masks are drawn on the host from the
 * seeded generator exactly as PyTorch draws them (`empty_like(x).bernoulli_(1 − p)`), so every
 * backend gets identical masks and `manual_seed` reproduces PyTorch's.
 */
import { ArgumentError, empty, fmtShape, inplace as writeInPlace, scope, ShapeError, type Tensor } from '@proj/tensor';
import { parseArgs, requireFloat } from './call-args.js';

/** Options of the dropout functions. */
export interface DropoutOptions {
  /** The probability of zeroing an element (a channel for `dropout2d`); default 0.5. */
  p?: number;
  /**
   * Apply dropout only when true. **Defaults to true for `dropout` and `dropout2d`** (false for
   * `alpha_dropout`), exactly as PyTorch's functional API: pass the module's `training` flag.
   */
  training?: boolean;
  /** Multiply into the input and return it. */
  inplace?: boolean;
}

const SELU_ALPHA = 1.7580993408473766; // −scale·alpha of SELU: the value SELU saturates to.

function parse(op: string, args: readonly unknown[], trainingDefault: boolean): Required<DropoutOptions> {
  const o = parseArgs<DropoutOptions>(op, args, ['p', 'training', 'inplace']);
  const p = o.p ?? 0.5;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ArgumentError(`${op}: dropout probability has to be between 0 and 1, but got ${String(p)}`);
  }
  return { p, training: o.training ?? trainingDefault, inplace: o.inplace ?? false };
}

/** PyTorch's `_dropout_impl`: the noise of `noiseShape` broadcasts over the input. */
function dropoutImpl(op: string, input: Tensor, o: Required<DropoutOptions>, noiseShape: readonly number[], alpha: boolean): Tensor {
  const { p, training, inplace } = o;
  if (p === 0 || !training || input.numel() === 0) return input;
  const compute = (): Tensor =>
    scope(() => {
      if (p === 1) return input.mul(0);
      const noise = empty([...noiseShape], { dtype: input.dtype, device: input.device }).bernoulli_(1 - p);
      if (!alpha) return input.mul(noise.div_(1 - p));
      const a = 1 / Math.sqrt((SELU_ALPHA * SELU_ALPHA * p + 1) * (1 - p));
      const b = noise.sub(1).mul(SELU_ALPHA * a).add(SELU_ALPHA * a * p);
      return input.mul(noise.mul_(a)).add(b);
    });
  // In place, the leaf check runs before the noise is drawn: a refused call leaves the generator as it was.
  return inplace ? writeInPlace(`${op}_`, input, compute) : compute();
}

/**
 * `F.dropout(input, { p = 0.5, training = true, inplace = false })`: zeroes each element with
 * probability `p` and scales the rest by `1 / (1 − p)`.
 *
 * **`training` defaults to true**, as in PyTorch's `F.dropout`: calling it in an evaluation loop
 * without `{ training: false }` (or the module's flag) still drops units. `nn.Dropout` passes
 * its own `training` flag for you. When no dropout happens (`training` false, `p` 0, or an empty
 * input) the input itself is returned, as PyTorch does.
 *
 * The mask is PyTorch's: after `manual_seed(s)`, the same call draws the same mask as PyTorch,
 * on every backend.
 *
 * @example
 * ```ts
 * manual_seed(0);
 * const y = F.dropout(x, { p: 0.2, training: model.training });
 * ```
 */
export function dropout(input: Tensor, opts?: DropoutOptions): Tensor;
export function dropout(input: Tensor, p?: number, training?: boolean, inplace?: boolean): Tensor;
export function dropout(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('dropout', input);
  return dropoutImpl('dropout', input, parse('dropout', args, true), input.shape, false);
}

/**
 * `F.dropout2d(input, { p = 0.5, training = true, inplace = false })`: zeroes whole channels of an
 * `(N, C, H, W)` input (or `(N, C, L)`, as PyTorch 1.13 reads 3-D input) with probability `p`,
 * drawing one value per `(n, c)`. **`training` defaults to true**, as in PyTorch (see
 * {@link dropout}).
 *
 * @example
 * ```ts
 * const y = F.dropout2d(features, { p: 0.1, training: true });
 * ```
 */
export function dropout2d(input: Tensor, opts?: DropoutOptions): Tensor;
export function dropout2d(input: Tensor, p?: number, training?: boolean, inplace?: boolean): Tensor;
export function dropout2d(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('dropout2d', input);
  const o = parse('dropout2d', args, true);
  if (input.ndim < 2) throw new ShapeError(`dropout2d: expected a 3-D (N, C, L) or 4-D (N, C, H, W) input, got shape ${fmtShape(input.shape)}`);
  const noise = input.shape.map((s, i) => (i < 2 ? s : 1));
  return dropoutImpl('dropout2d', input, o, noise, false);
}

/**
 * `F.alpha_dropout(input, { p = 0.5, training = false, inplace = false })`: dropout for SELU
 * networks, which keeps the mean and variance: dropped units are set to SELU's saturation value
 * and the result is rescaled affinely. Unlike `dropout`, `training` defaults to false, as in
 * PyTorch.
 *
 * @example
 * ```ts
 * const y = F.alpha_dropout(F.selu(x), { p: 0.1, training: true });
 * ```
 */
export function alpha_dropout(input: Tensor, opts?: DropoutOptions): Tensor;
export function alpha_dropout(input: Tensor, p?: number, training?: boolean, inplace?: boolean): Tensor;
export function alpha_dropout(input: Tensor, ...args: unknown[]): Tensor {
  requireFloat('alpha_dropout', input);
  return dropoutImpl('alpha_dropout', input, parse('alpha_dropout', args, false), input.shape, true);
}
