/**
 * Normalization layers: `BatchNorm1d`, `BatchNorm2d` (with running statistics), `LayerNorm`,
 * `GroupNorm`.
 */
import * as F from '@proj/functional';
import { ArgumentError, ShapeError, type Tensor, isTensor, no_grad, ones, scope, tensor, zeros } from '@proj/tensor';
import { finite, int } from './checks.js';
import * as init from './init.js';
import { Module } from './module.js';
import { type FactoryOptions, type Parameter, emptyParameter } from './parameter.js';
import { py, pyFloat } from './repr.js';

export interface BatchNormOptions extends FactoryOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** The running statistics' update factor (default 0.1); `null` for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for evaluation (default true). */
  track_running_stats?: boolean;
}

/** The shared state of batch normalization (PyTorch's `_NormBase`/`_BatchNorm`). */
export abstract class _BatchNorm extends Module {
  readonly num_features: number;
  eps: number;
  momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  /** An int64 scalar buffer counting the training batches seen. */
  declare num_batches_tracked: Tensor | null;
  // A host copy of num_batches_tracked, valid while its storage and version are unchanged: the
  // cumulative average then needs no device read per step (PyTorch reads it every step).
  #count: { storage: object; version: number; value: number } | null = null;

  constructor(num_features: number, opts: BatchNormOptions = {}) {
    super();
    const name = this._get_name();
    this.num_features = int(name, 'num_features', num_features);
    this.eps = finite(name, 'eps', opts.eps ?? 1e-5);
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum === null ? null : finite(name, 'momentum', opts.momentum);
    this.affine = opts.affine ?? true;
    this.track_running_stats = opts.track_running_stats ?? true;
    this.weight = this.affine ? emptyParameter([num_features], opts, name) : null;
    this.bias = this.affine ? emptyParameter([num_features], opts, name) : null;
    const f = { dtype: opts.dtype ?? 'float32', device: opts.device } as const;
    const track = this.track_running_stats;
    this.register_buffer('running_mean', track ? zeros([num_features], f) : null);
    this.register_buffer('running_var', track ? ones([num_features], f) : null);
    this.register_buffer('num_batches_tracked', track ? tensor(0, { dtype: 'int64', device: opts.device }) : null);
    this.reset_parameters();
  }

  /** Zeroes the running mean and count and sets the running variance to one. */
  reset_running_stats(): void {
    if (!this.track_running_stats) return;
    init.zeros_(this.running_mean!);
    init.ones_(this.running_var!);
    init.zeros_(this.num_batches_tracked!);
    this.#remember(this.num_batches_tracked!, 0);
  }

  #remember(nbt: Tensor, value: number): void {
    this.#count = { storage: nbt._storage, version: nbt._storage.version, value };
  }

  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  protected abstract _check_input_dim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    let factor: number | Tensor = this.momentum ?? 0.0;
    const nbt = this.num_batches_tracked;
    const counting = this.training && this.track_running_stats && nbt !== null;
    let n: number | null = null;
    if (counting && nbt && this.momentum === null) {
      const c = this.#count;
      const known = c && c.storage === nbt._storage && c.version === nbt._storage.version ? c.value : null;
      if (known === null && !nbt._storage.backend.readSync) {
        // The count is unknown on the host and cannot be read synchronously: divide on the device.
        factor = no_grad(() => scope(() => nbt.to('float32').add(1).reciprocal()));
      } else {
        n = (known === null ? nbt.item() : known) + 1;
        factor = 1.0 / n;
      }
    }
    const bnTraining = this.training || (this.running_mean === null && this.running_var === null);
    const useStats = !this.training || this.track_running_stats;
    let out: Tensor;
    try {
      out = F.batch_norm(
        input,
        useStats ? this.running_mean : null,
        useStats ? this.running_var : null,
        this.weight,
        this.bias,
        { training: bnTraining, momentum: factor, eps: this.eps },
      );
    } finally {
      if (isTensor(factor)) factor.dispose();
    }
    // Counted once F.batch_norm has accepted the input: a refused call leaves the count as it was.
    if (counting && nbt) {
      nbt.add_(1);
      if (n !== null) this.#remember(nbt, n);
    }
    return out;
  }

  override extra_repr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum, true);
    return `${this.num_features}, eps=${pyFloat(this.eps, true)}, momentum=${momentum}, affine=${py(this.affine)}, track_running_stats=${py(this.track_running_stats)}`;
  }
}

/**
 * Batch normalization over `[N, C]` or `[N, C, L]` input.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm1d(100, { momentum: null }); // cumulative running average
 * ```
 */
export class BatchNorm1d extends _BatchNorm {
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new ShapeError(`BatchNorm1d: expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

/**
 * Batch normalization over `[N, C, H, W]` input: per-channel statistics of the batch in training
 * (updating `running_mean`/`running_var`), the running statistics in `eval()`.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm2d(64);
 * String(bn); // 'BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)'
 * ```
 */
export class BatchNorm2d extends _BatchNorm {
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 4) throw new ShapeError(`BatchNorm2d: expected 4D input (got ${input.ndim}D input)`);
  }
}

export interface LayerNormOptions extends FactoryOptions {
  eps?: number;
  /** Learn a scale and shift of shape `normalized_shape` (default true). */
  elementwise_affine?: boolean;
}

/**
 * Normalizes over the trailing `normalized_shape` dims of each sample.
 *
 * @example
 * ```ts
 * const ln = new nn.LayerNorm(64);
 * String(ln); // 'LayerNorm((64,), eps=1e-05, elementwise_affine=True)'
 * ```
 */
export class LayerNorm extends Module {
  readonly normalized_shape: number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(normalized_shape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    const shape = typeof normalized_shape === 'number' ? [normalized_shape] : [...normalized_shape];
    this.normalized_shape = shape.map((s) => int('LayerNorm', 'normalized_shape', s));
    this.eps = finite('LayerNorm', 'eps', opts.eps ?? 1e-5);
    this.elementwise_affine = opts.elementwise_affine ?? true;
    this.weight = this.elementwise_affine ? emptyParameter(shape, opts, 'LayerNorm') : null;
    this.bias = this.elementwise_affine ? emptyParameter(shape, opts, 'LayerNorm') : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.normalized_shape, this.weight, this.bias, { eps: this.eps });
  }

  override extra_repr(): string {
    return `${py(this.normalized_shape)}, eps=${pyFloat(this.eps, true)}, elementwise_affine=${py(this.elementwise_affine)}`;
  }
}

export interface GroupNormOptions extends FactoryOptions {
  eps?: number;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
}

/**
 * Normalizes each group of `num_channels / num_groups` channels of each sample.
 *
 * @example
 * ```ts
 * const gn = new nn.GroupNorm(4, 32);
 * ```
 */
export class GroupNorm extends Module {
  readonly num_groups: number;
  readonly num_channels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(num_groups: number, num_channels: number, opts: GroupNormOptions = {}) {
    super();
    this.num_groups = int('GroupNorm', 'num_groups', num_groups, 1);
    this.num_channels = int('GroupNorm', 'num_channels', num_channels);
    if (num_channels % num_groups !== 0) {
      throw new ArgumentError(`GroupNorm: num_channels must be divisible by num_groups, got ${num_channels} and ${num_groups}`);
    }
    this.eps = finite('GroupNorm', 'eps', opts.eps ?? 1e-5);
    this.affine = opts.affine ?? true;
    this.weight = this.affine ? emptyParameter([num_channels], opts, 'GroupNorm') : null;
    this.bias = this.affine ? emptyParameter([num_channels], opts, 'GroupNorm') : null;
    this.reset_parameters();
  }

  reset_parameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.group_norm(input, this.num_groups, this.weight, this.bias, { eps: this.eps });
  }

  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps, true)}, affine=${py(this.affine)}`;
  }
}
