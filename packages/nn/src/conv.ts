/**
 * Convolutions: `Conv1d`, `Conv2d` (padding modes zeros/reflect/replicate/circular),
 * `ConvTranspose1d`, `ConvTranspose2d`.
 */
import * as F from '@proj/functional';
import { ArgumentError, type Tensor } from '@proj/tensor';
import { int, ntuple, oneOf } from './checks.js';
import * as init from './init.js';
import { Module } from './module.js';
import { type FactoryOptions, type Parameter, emptyParameter } from './parameter.js';
import { py } from './repr.js';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
type IntOrTuple = number | readonly number[];

export interface ConvOptions extends FactoryOptions {
  stride?: IntOrTuple;
  /** Zero-padding on both sides, or `'same'` / `'valid'` (stride 1 only for 'same'). */
  padding?: IntOrTuple | 'same' | 'valid';
  dilation?: IntOrTuple;
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** How padding is filled (default 'zeros'). */
  padding_mode?: PaddingMode;
}

export interface ConvTransposeOptions extends FactoryOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  output_padding?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrTuple;
  padding_mode?: 'zeros';
}

const zeros = (t: readonly number[]) => t.every((v) => v === 0);

/** The shared state of every convolution (PyTorch's `_ConvNd`). */
export abstract class _ConvNd extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly transposed: boolean;
  readonly output_padding: number[];
  readonly groups: number;
  readonly padding_mode: PaddingMode;
  /** @internal `F.pad`'s amounts for a non-zeros padding mode. */
  readonly _reversed_padding_repeated_twice: number[];
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    name: string,
    n: number,
    in_channels: number,
    out_channels: number,
    kernel_size: IntOrTuple,
    transposed: boolean,
    opts: ConvOptions & { output_padding?: IntOrTuple },
  ) {
    super();
    const groups = opts.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new ArgumentError(`${name}: groups must be a positive integer, got ${groups}`);
    this.in_channels = int(name, 'in_channels', in_channels);
    this.out_channels = int(name, 'out_channels', out_channels);
    if (in_channels % groups !== 0) throw new ArgumentError(`${name}: in_channels must be divisible by groups, got ${in_channels} and ${groups}`);
    if (out_channels % groups !== 0) throw new ArgumentError(`${name}: out_channels must be divisible by groups, got ${out_channels} and ${groups}`);
    this.kernel_size = ntuple(name, 'kernel_size', kernel_size, n, 1);
    this.stride = ntuple(name, 'stride', opts.stride ?? 1, n, 1);
    const padding = opts.padding ?? 0;
    if (typeof padding === 'string') {
      oneOf(name, 'padding', padding, ['same', 'valid']);
      if (padding === 'same' && this.stride.some((s) => s !== 1)) {
        throw new ArgumentError(`${name}: padding='same' is not supported for strided convolutions`);
      }
      this.padding = padding;
    } else {
      this.padding = ntuple(name, 'padding', padding, n);
    }
    this.dilation = ntuple(name, 'dilation', opts.dilation ?? 1, n, 1);
    this.transposed = transposed;
    this.output_padding = ntuple(name, 'output_padding', opts.output_padding ?? 0, n);
    this.groups = groups;
    this.padding_mode = oneOf(name, 'padding_mode', opts.padding_mode ?? 'zeros', ['zeros', 'reflect', 'replicate', 'circular']);
    if (typeof this.padding === 'string') {
      this._reversed_padding_repeated_twice = new Array<number>(2 * n).fill(0);
      if (this.padding === 'same') {
        for (let d = 0; d < n; d++) {
          const total = this.dilation[d]! * (this.kernel_size[d]! - 1);
          const i = n - 1 - d;
          this._reversed_padding_repeated_twice[2 * i] = Math.floor(total / 2);
          this._reversed_padding_repeated_twice[2 * i + 1] = total - Math.floor(total / 2);
        }
      }
    } else {
      this._reversed_padding_repeated_twice = [...this.padding].reverse().flatMap((p) => [p, p]);
    }
    const shape = transposed
      ? [in_channels, out_channels / groups, ...this.kernel_size]
      : [out_channels, in_channels / groups, ...this.kernel_size];
    this.weight = emptyParameter(shape, opts, name);
    this.bias = (opts.bias ?? true) ? emptyParameter([out_channels], opts, name) : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}`;
    const pad = this.padding;
    if (typeof pad === 'string' || !zeros(pad)) s += `, padding=${typeof pad === 'string' ? pad : py(pad)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (!zeros(this.output_padding)) s += `, output_padding=${py(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }

  /** @internal The convolution with this layer's geometry (`_conv_forward`). */
  protected _convArgs(input: Tensor): [Tensor, F.ConvOptions] {
    const geometry = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.padding_mode !== 'zeros') {
      const padded = F.pad(input, this._reversed_padding_repeated_twice, { mode: this.padding_mode });
      return [padded, { ...geometry, padding: 0 }];
    }
    return [input, { ...geometry, padding: this.padding }];
  }
}

/**
 * A 1-D convolution over `[N, C, L]` (or `[C, L]`) input.
 *
 * @example
 * ```ts
 * const m = new nn.Conv1d(16, 33, 3, { stride: 2 });
 * const y = m.call(torch.randn(20, 16, 50)); // [20, 33, 24]
 * ```
 */
export class Conv1d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvOptions = {}) {
    super('Conv1d', 1, in_channels, out_channels, kernel_size, false, opts);
  }

  override forward(input: Tensor): Tensor {
    const [x, o] = this._convArgs(input);
    return F.conv1d(x, this.weight, this.bias, o);
  }
}

/**
 * A 2-D convolution over `[N, C, H, W]` (or `[C, H, W]`) input.
 *
 * @example
 * ```ts
 * const conv = new nn.Conv2d(3, 64, 3, { stride: 2, padding: 1 });
 * String(conv); // 'Conv2d(3, 64, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))'
 * ```
 */
export class Conv2d extends _ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvOptions = {}) {
    super('Conv2d', 2, in_channels, out_channels, kernel_size, false, opts);
  }

  override forward(input: Tensor): Tensor {
    const [x, o] = this._convArgs(input);
    return F.conv2d(x, this.weight, this.bias, o);
  }
}

/** The shared state of transposed convolutions, with PyTorch's `output_size` resolution. */
export abstract class _ConvTransposeNd extends _ConvNd {
  constructor(name: string, n: number, in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvTransposeOptions) {
    if ((opts.padding_mode ?? 'zeros') !== 'zeros') {
      throw new ArgumentError(`${name}: Only "zeros" padding mode is supported for ${name}, got '${String(opts.padding_mode)}'`);
    }
    super(name, n, in_channels, out_channels, kernel_size, true, opts);
  }

  /** @internal The output padding that makes the output `output_size` (or the layer's own). */
  protected _output_padding(input: Tensor, output_size: readonly number[] | null | undefined, n: number): number[] {
    if (output_size === null || output_size === undefined) return this.output_padding;
    const nonSpatial = input.ndim === n + 2 ? 2 : 1;
    const size = output_size.length === nonSpatial + n ? output_size.slice(nonSpatial) : [...output_size];
    if (size.length !== n) {
      throw new ArgumentError(
        `ConvTranspose${n}D: for ${input.ndim}D input, output_size must have ${n} or ${nonSpatial + n} elements (got ${size.length})`,
      );
    }
    const padding = this.padding as number[];
    const min = size.map((_, d) => (input.shape[d + nonSpatial]! - 1) * this.stride[d]! - 2 * padding[d]! + this.dilation[d]! * (this.kernel_size[d]! - 1) + 1);
    const max = min.map((m, d) => m + this.stride[d]! - 1);
    if (size.some((s, i) => s < min[i]! || s > max[i]!)) {
      throw new ArgumentError(
        `${this._get_name()}: requested an output size of [${size.join(', ')}], but valid sizes range from [${min.join(', ')}] to [${max.join(', ')}] (for an input of [${input.shape.slice(nonSpatial).join(', ')}])`,
      );
    }
    return size.map((s, d) => s - min[d]!);
  }

  protected _transposeArgs(input: Tensor, output_size: readonly number[] | null | undefined, n: number): F.ConvTransposeOptions {
    return {
      stride: this.stride,
      padding: this.padding as number[],
      output_padding: this._output_padding(input, output_size, n),
      groups: this.groups,
      dilation: this.dilation,
    };
  }
}

/**
 * A 1-D transposed convolution ("deconvolution"); `output_size` picks among the valid lengths.
 *
 * @example
 * ```ts
 * const up = new nn.ConvTranspose1d(8, 4, 3, { stride: 2 });
 * const y = up.call(torch.randn(1, 8, 10)); // [1, 4, 21]
 * ```
 */
export class ConvTranspose1d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvTransposeOptions = {}) {
    super('ConvTranspose1d', 1, in_channels, out_channels, kernel_size, opts);
  }

  override forward(input: Tensor, output_size?: readonly number[] | null): Tensor {
    return F.conv_transpose1d(input, this.weight, this.bias, this._transposeArgs(input, output_size, 1));
  }
}

/**
 * A 2-D transposed convolution; `output_size` picks among the valid sizes.
 *
 * @example
 * ```ts
 * const up = new nn.ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1 });
 * const y = up.call(x, [x.shape[0], 8, 32, 32]);
 * ```
 */
export class ConvTranspose2d extends _ConvTransposeNd {
  constructor(in_channels: number, out_channels: number, kernel_size: IntOrTuple, opts: ConvTransposeOptions = {}) {
    super('ConvTranspose2d', 2, in_channels, out_channels, kernel_size, opts);
  }

  override forward(input: Tensor, output_size?: readonly number[] | null): Tensor {
    return F.conv_transpose2d(input, this.weight, this.bias, this._transposeArgs(input, output_size, 2));
  }
}
