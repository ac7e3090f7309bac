/**
 * Pooling modules: max, average and adaptive pooling in 1-D and 2-D.
 */
import * as F from '@proj/functional';
import type { Tensor } from '@proj/tensor';
import { ntuple } from './checks.js';
import { Module } from './module.js';
import { py } from './repr.js';

type IntOrTuple = number | readonly number[];
type MaybeIndices<R extends boolean> = R extends true ? [Tensor, Tensor] : Tensor;

export interface MaxPoolOptions<R extends boolean = boolean> {
  /** Default: `kernel_size`. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  /** Also return the argmax indices (for `MaxUnpool`). */
  return_indices?: R;
  ceil_mode?: boolean;
}

/** The shared state of max pooling (PyTorch's `_MaxPoolNd`); settings are kept as given. */
abstract class _MaxPoolNd<R extends boolean> extends Module {
  readonly kernel_size: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly dilation: IntOrTuple;
  readonly return_indices: R;
  readonly ceil_mode: boolean;

  constructor(kernel_size: IntOrTuple, opts: MaxPoolOptions<R>) {
    super();
    this.kernel_size = kernel_size;
    this.stride = opts.stride ?? kernel_size;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.return_indices = (opts.return_indices ?? false) as R;
    this.ceil_mode = opts.ceil_mode ?? false;
  }

  protected get _opts(): F.MaxPoolOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceil_mode: this.ceil_mode, return_indices: this.return_indices };
  }

  override extra_repr(): string {
    return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${py(this.ceil_mode)}`;
  }
}

/** 1-D max pooling over `[N, C, L]` input. */
export class MaxPool1d<R extends boolean = false> extends _MaxPoolNd<R> {
  constructor(kernel_size: IntOrTuple, opts: MaxPoolOptions<R> = {}) {
    super(kernel_size, opts);
  }

  override forward(input: Tensor): MaybeIndices<R> {
    return F.max_pool1d(input, this.kernel_size, this._opts) as MaybeIndices<R>;
  }
}

/**
 * 2-D max pooling over `[N, C, H, W]` input.
 *
 * @example
 * ```ts
 * const pool = new nn.MaxPool2d(2);
 * String(pool); // 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * const [y, idx] = new nn.MaxPool2d(2, { return_indices: true }).call(x);
 * ```
 */
export class MaxPool2d<R extends boolean = false> extends _MaxPoolNd<R> {
  constructor(kernel_size: IntOrTuple, opts: MaxPoolOptions<R> = {}) {
    super(kernel_size, opts);
  }

  override forward(input: Tensor): MaybeIndices<R> {
    return F.max_pool2d(input, this.kernel_size, this._opts) as MaybeIndices<R>;
  }
}

export interface AvgPoolOptions {
  /** Default: `kernel_size`. */
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceil_mode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  count_include_pad?: boolean;
}

/** 1-D average pooling; settings are kept as 1-tuples, as PyTorch's. */
export class AvgPool1d extends Module {
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;

  constructor(kernel_size: IntOrTuple, opts: AvgPoolOptions = {}) {
    super();
    this.kernel_size = ntuple('AvgPool1d', 'kernel_size', kernel_size, 1, 1);
    this.stride = ntuple('AvgPool1d', 'stride', opts.stride ?? kernel_size, 1, 1);
    this.padding = ntuple('AvgPool1d', 'padding', opts.padding ?? 0, 1);
    this.ceil_mode = opts.ceil_mode ?? false;
    this.count_include_pad = opts.count_include_pad ?? true;
  }

  override forward(input: Tensor): Tensor {
    return F.avg_pool1d(input, this.kernel_size, {
      stride: this.stride,
      padding: this.padding,
      ceil_mode: this.ceil_mode,
      count_include_pad: this.count_include_pad,
    });
  }

  override extra_repr(): string {
    return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

export interface AvgPool2dOptions extends AvgPoolOptions {
  /** Divide by this instead of the window size. */
  divisor_override?: number | null;
}

/**
 * 2-D average pooling.
 *
 * @example
 * ```ts
 * const y = new nn.AvgPool2d(2, { stride: 1 }).call(x);
 * ```
 */
export class AvgPool2d extends Module {
  readonly kernel_size: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;

  constructor(kernel_size: IntOrTuple, opts: AvgPool2dOptions = {}) {
    super();
    this.kernel_size = kernel_size;
    this.stride = opts.stride ?? kernel_size;
    this.padding = opts.padding ?? 0;
    this.ceil_mode = opts.ceil_mode ?? false;
    this.count_include_pad = opts.count_include_pad ?? true;
    this.divisor_override = opts.divisor_override ?? null;
  }

  override forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, {
      stride: this.stride,
      padding: this.padding,
      ceil_mode: this.ceil_mode,
      count_include_pad: this.count_include_pad,
      divisor_override: this.divisor_override,
    });
  }

  override extra_repr(): string {
    return `kernel_size=${py(this.kernel_size)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

type OutputSize2d = number | readonly (number | null)[];

/** Average pooling to a fixed output length. */
export class AdaptiveAvgPool1d extends Module {
  constructor(readonly output_size: IntOrTuple) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool1d(input, this.output_size);
  }

  override extra_repr(): string {
    return `output_size=${py(this.output_size)}`;
  }
}

/**
 * Average pooling to a fixed output size (`null` keeps that input dim).
 *
 * @example
 * ```ts
 * const gap = new nn.AdaptiveAvgPool2d(1); // global average pooling: [N, C, 1, 1]
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly output_size: OutputSize2d) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool2d(input, this.output_size);
  }

  override extra_repr(): string {
    return `output_size=${py(this.output_size)}`;
  }
}

/** Max pooling to a fixed output size, optionally with the argmax indices. */
export class AdaptiveMaxPool2d<R extends boolean = false> extends Module {
  readonly return_indices: R;

  constructor(
    readonly output_size: OutputSize2d,
    opts: { return_indices?: R } = {},
  ) {
    super();
    this.return_indices = (opts.return_indices ?? false) as R;
  }

  override forward(input: Tensor): MaybeIndices<R> {
    return F.adaptive_max_pool2d(input, this.output_size, { return_indices: this.return_indices }) as MaybeIndices<R>;
  }

  override extra_repr(): string {
    return `output_size=${py(this.output_size)}`;
  }
}
