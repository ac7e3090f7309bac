/**
 * Linear layers: `Identity`, `Linear`, `Bilinear`, and the reshaping `Flatten`, `Unflatten`.
 */
import * as F from '@proj/functional';
import { ArgumentError, type Tensor } from '@proj/tensor';
import { int } from './checks.js';
import * as init from './init.js';
import { Module } from './module.js';
import { type FactoryOptions, type Parameter, emptyParameter } from './parameter.js';
import { py } from './repr.js';

/**
 * Returns its input; takes and ignores any arguments (a placeholder, e.g. to remove a layer).
 *
 * @example
 * ```ts
 * model.fc = new nn.Identity();
 * ```
 */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return input;
  }
}

export interface LinearOptions extends FactoryOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * `y = x Wᵀ + b`, with `weight` of shape `[out_features, in_features]`. Initialised as PyTorch
 * does: kaiming_uniform_(a = √5) for the weight, U(-1/√in, 1/√in) for the bias.
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(512, 10);
 * const logits = fc.call(torch.randn(8, 512)); // [8, 10]
 * ```
 */
export class Linear extends Module {
  readonly in_features: number;
  readonly out_features: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(in_features: number, out_features: number, opts: LinearOptions = {}) {
    super();
    this.in_features = int('Linear', 'in_features', in_features);
    this.out_features = int('Linear', 'out_features', out_features);
    this.weight = emptyParameter([out_features, in_features], opts, 'Linear');
    this.bias = (opts.bias ?? true) ? emptyParameter([out_features], opts, 'Linear') : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${py(this.bias !== null)}`;
  }
}

/**
 * `y = x1ᵀ W x2 + b`, with `weight` of shape `[out_features, in1_features, in2_features]`.
 *
 * @example
 * ```ts
 * const m = new nn.Bilinear(20, 30, 40);
 * const y = m.call(torch.randn(128, 20), torch.randn(128, 30)); // [128, 40]
 * ```
 */
export class Bilinear extends Module {
  readonly in1_features: number;
  readonly in2_features: number;
  readonly out_features: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(in1_features: number, in2_features: number, out_features: number, opts: LinearOptions = {}) {
    super();
    this.in1_features = int('Bilinear', 'in1_features', in1_features);
    this.in2_features = int('Bilinear', 'in2_features', in2_features);
    this.out_features = int('Bilinear', 'out_features', out_features);
    this.weight = emptyParameter([out_features, in1_features, in2_features], opts, 'Bilinear');
    this.bias = (opts.bias ?? true) ? emptyParameter([out_features], opts, 'Bilinear') : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]!);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${py(this.bias !== null)}`;
  }
}

/**
 * Flattens dims `start_dim..end_dim` (default 1..-1: everything but the batch).
 *
 * @example
 * ```ts
 * new nn.Flatten().call(torch.zeros(32, 1, 5, 5)).shape; // [32, 25]
 * ```
 */
export class Flatten extends Module {
  constructor(
    readonly start_dim = 1,
    readonly end_dim = -1,
  ) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }

  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

/**
 * Splits dim `dim` into `unflattened_size`.
 *
 * @example
 * ```ts
 * new nn.Unflatten(1, [2, 5, 5]).call(torch.zeros(2, 50)).shape; // [2, 2, 5, 5]
 * ```
 */
export class Unflatten extends Module {
  readonly unflattened_size: readonly number[];

  constructor(
    readonly dim: number,
    unflattened_size: readonly number[],
  ) {
    super();
    if (!Array.isArray(unflattened_size)) {
      throw new ArgumentError(`Unflatten: unflattened_size must be a tuple of ints, but found type ${typeof unflattened_size}`);
    }
    this.unflattened_size = unflattened_size.map((s, i) => int('Unflatten', `unflattened_size[${i}]`, s, -1));
  }

  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattened_size);
  }

  override extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=${py(this.unflattened_size)}`;
  }
}
