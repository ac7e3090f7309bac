/**
 * Activation modules: each holds its settings and calls the matching `F` function.
 */
import * as F from '@proj/functional';
import { ArgumentError, type Tensor } from '@proj/tensor';
import { Module } from './module.js';
import { pyFloat } from './repr.js';

export interface InplaceOptions {
  /** Overwrite the input instead of allocating the output (default false). */
  inplace?: boolean;
}

const inplaceRepr = (inplace: boolean, lead = '') => (inplace ? `${lead}inplace=True` : '');

/** Shared by activations whose only setting is `inplace`. */
abstract class InplaceActivation extends Module {
  readonly inplace: boolean;

  constructor(opts: InplaceOptions = {}) {
    super();
    this.inplace = opts.inplace ?? false;
  }

  override extra_repr(): string {
    return inplaceRepr(this.inplace);
  }
}

/**
 * `max(0, x)`.
 *
 * @example
 * ```ts
 * const relu = new nn.ReLU({ inplace: true });
 * String(relu); // 'ReLU(inplace=True)'
 * ```
 */
export class ReLU extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.relu(input, { inplace: this.inplace });
  }
}

/** `x * sigmoid(x)`. */
export class SiLU extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.silu(input, { inplace: this.inplace });
  }
}

/** `x * tanh(softplus(x))`. */
export class Mish extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.mish(input, { inplace: this.inplace });
  }
}

/** `scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))` with SELU's constants. */
export class SELU extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.selu(input, { inplace: this.inplace });
  }
}

/** `x * relu6(x + 3) / 6`. Its repr shows no settings, as PyTorch's. */
export class Hardswish extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.hardswish(input, { inplace: this.inplace });
  }

  override extra_repr(): string {
    return '';
  }
}

/** `relu6(x + 3) / 6`. Its repr shows no settings, as PyTorch's. */
export class Hardsigmoid extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.hardsigmoid(input, { inplace: this.inplace });
  }

  override extra_repr(): string {
    return '';
  }
}

/** `1 / (1 + exp(-x))`. */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

/** `tanh(x)`. */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

export interface HardtanhOptions extends InplaceOptions {
  min_val?: number;
  max_val?: number;
}

/** `clamp(x, min_val, max_val)` (default -1, 1). */
export class Hardtanh extends Module {
  readonly min_val: number;
  readonly max_val: number;
  readonly inplace: boolean;

  constructor(opts: HardtanhOptions = {}) {
    super();
    this.min_val = opts.min_val ?? -1;
    this.max_val = opts.max_val ?? 1;
    this.inplace = opts.inplace ?? false;
    if (!(this.max_val > this.min_val)) {
      throw new ArgumentError(`${this._get_name()}: max_val must be greater than min_val, got min_val=${this.min_val}, max_val=${this.max_val}`);
    }
  }

  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, { min_val: this.min_val, max_val: this.max_val, inplace: this.inplace });
  }

  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val, true)}, max_val=${pyFloat(this.max_val, true)}${inplaceRepr(this.inplace, ', ')}`;
  }
}

/** `min(max(0, x), 6)`. */
export class ReLU6 extends Hardtanh {
  constructor(opts: InplaceOptions = {}) {
    super({ min_val: 0, max_val: 6, inplace: opts.inplace });
  }

  override extra_repr(): string {
    return inplaceRepr(this.inplace);
  }
}

export interface LeakyReLUOptions extends InplaceOptions {
  /** The slope for x < 0 (default 0.01). */
  negative_slope?: number;
}

/** `max(0, x) + negative_slope * min(0, x)`. */
export class LeakyReLU extends Module {
  readonly negative_slope: number;
  readonly inplace: boolean;

  constructor(opts: LeakyReLUOptions = {}) {
    super();
    this.negative_slope = opts.negative_slope ?? 0.01;
    this.inplace = opts.inplace ?? false;
  }

  override forward(input: Tensor): Tensor {
    return F.leaky_relu(input, { negative_slope: this.negative_slope, inplace: this.inplace });
  }

  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope, true)}${inplaceRepr(this.inplace, ', ')}`;
  }
}

export interface ELUOptions extends InplaceOptions {
  alpha?: number;
}

/** `max(0, x) + min(0, alpha * (exp(x) - 1))`. */
export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;

  constructor(opts: ELUOptions = {}) {
    super();
    this.alpha = opts.alpha ?? 1;
    this.inplace = opts.inplace ?? false;
  }

  override forward(input: Tensor): Tensor {
    return F.elu(input, { alpha: this.alpha, inplace: this.inplace });
  }

  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha, true)}${inplaceRepr(this.inplace, ', ')}`;
  }
}

/** `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`. */
export class CELU extends ELU {
  override forward(input: Tensor): Tensor {
    return F.celu(input, { alpha: this.alpha, inplace: this.inplace });
  }
}

export interface GELUOptions {
  /** `'none'` (exact, default) or `'tanh'`. */
  approximate?: 'none' | 'tanh';
}

/** `x * Φ(x)`, exact or with the tanh approximation. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(opts: GELUOptions = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
  }

  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }

  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export interface SoftplusOptions {
  beta?: number;
  /** Above `beta * x > threshold` the function is linear (default 20). */
  threshold?: number;
}

/** `log(1 + exp(beta * x)) / beta`. */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  constructor(opts: SoftplusOptions = {}) {
    super();
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }

  override forward(input: Tensor): Tensor {
    return F.softplus(input, { beta: this.beta, threshold: this.threshold });
  }

  override extra_repr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

// PyTorch's deprecated implicit dim (`_get_softmax_dim`) for a module built without one.
const implicitDim = (ndim: number) => (ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1);

/** Shared by Softmax, LogSoftmax and Softmin. */
abstract class SoftmaxBase extends Module {
  constructor(readonly dim: number | null = null) {
    super();
  }

  protected _dim(input: Tensor): number {
    return this.dim ?? implicitDim(input.ndim);
  }

  override extra_repr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

/**
 * Softmax along `dim`.
 *
 * @example
 * ```ts
 * const probs = new nn.Softmax(1).call(logits);
 * ```
 */
export class Softmax extends SoftmaxBase {
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this._dim(input));
  }
}

/** Log-softmax along `dim`. */
export class LogSoftmax extends SoftmaxBase {
  override forward(input: Tensor): Tensor {
    return F.log_softmax(input, this._dim(input));
  }
}

/** Softmin (softmax of `-x`) along `dim`. */
export class Softmin extends SoftmaxBase {
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this._dim(input));
  }
}
