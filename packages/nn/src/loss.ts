/**
 * Loss modules: each holds its reduction (and class weights as a buffer) and calls the matching
 * `F` loss with `call(input, target)`.
 */
import * as F from '@proj/functional';
import type { Tensor } from '@proj/tensor';
import { oneOf } from './checks.js';
import { Module } from './module.js';

export type Reduction = 'none' | 'mean' | 'sum';

export interface LossOptions<R extends string = Reduction> {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: R;
}

export interface WeightedLossOptions extends LossOptions {
  /** A per-class rescaling weight (a buffer: moved by `to()`, saved in `state_dict()`). */
  weight?: Tensor | null;
}

/** The shared state of losses (PyTorch's `_Loss`). */
abstract class _Loss<R extends string = Reduction> extends Module {
  readonly reduction: R;

  constructor(opts: LossOptions<R> = {}, extra: readonly R[] = []) {
    super();
    this.reduction = oneOf(this._get_name(), 'reduction', opts.reduction ?? 'mean', ['none', 'mean', 'sum', ...extra] as R[]);
  }

  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** Losses with a `weight` buffer (PyTorch's `_WeightedLoss`). */
abstract class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;

  constructor(opts: WeightedLossOptions = {}) {
    super(opts);
    this.register_buffer('weight', opts.weight ?? null);
  }
}

/** Mean absolute error. */
export class L1Loss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean squared error.
 *
 * @example
 * ```ts
 * const loss = new nn.MSELoss().call(pred, target);
 * ```
 */
export class MSELoss extends _Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}

export interface NLLLossOptions extends WeightedLossOptions {
  /** Targets equal to this contribute nothing (default -100). */
  ignore_index?: number;
}

/** Negative log-likelihood of log-probabilities (pair it with `LogSoftmax`). */
export class NLLLoss extends _WeightedLoss {
  readonly ignore_index: number;

  constructor(opts: NLLLossOptions = {}) {
    super(opts);
    this.ignore_index = opts.ignore_index ?? -100;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}

export interface CrossEntropyLossOptions extends NLLLossOptions {
  /** Mixes the targets with the uniform distribution by this amount (default 0). */
  label_smoothing?: number;
}

/**
 * Cross entropy of logits against class indices (or class probabilities).
 *
 * @example
 * ```ts
 * const criterion = new nn.CrossEntropyLoss({ label_smoothing: 0.1 });
 * const loss = criterion.call(model.call(x), y);
 * loss.backward();
 * ```
 */
export class CrossEntropyLoss extends _WeightedLoss {
  readonly ignore_index: number;
  readonly label_smoothing: number;

  constructor(opts: CrossEntropyLossOptions = {}) {
    super(opts);
    this.ignore_index = opts.ignore_index ?? -100;
    this.label_smoothing = opts.label_smoothing ?? 0;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, {
      weight: this.weight,
      ignore_index: this.ignore_index,
      reduction: this.reduction,
      label_smoothing: this.label_smoothing,
    });
  }
}

export interface KLDivLossOptions extends LossOptions<Reduction | 'batchmean'> {
  /** The target holds log-probabilities (default false). */
  log_target?: boolean;
}

/** Kullback–Leibler divergence of log-probabilities `input` from `target`; `'batchmean'` divides the sum by the batch size. */
export class KLDivLoss extends _Loss<Reduction | 'batchmean'> {
  readonly log_target: boolean;

  constructor(opts: KLDivLossOptions = {}) {
    super(opts, ['batchmean']);
    this.log_target = opts.log_target ?? false;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.kl_div(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  beta?: number;
}

/** The smooth L1 loss: quadratic below `beta`, linear above. */
export class SmoothL1Loss extends _Loss {
  readonly beta: number;

  constructor(opts: SmoothL1LossOptions = {}) {
    super(opts);
    this.beta = opts.beta ?? 1;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** The Huber loss: quadratic below `delta`, linear (slope `delta`) above. */
export class HuberLoss extends _Loss {
  readonly delta: number;

  constructor(opts: HuberLossOptions = {}) {
    super(opts);
    this.delta = opts.delta ?? 1;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Binary cross entropy of probabilities. */
export class BCELoss extends _WeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export interface BCEWithLogitsLossOptions extends WeightedLossOptions {
  /** A weight of the positive examples per class (a buffer). */
  pos_weight?: Tensor | null;
}

/** Binary cross entropy of logits (a stable sigmoid + BCE). */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;

  constructor(opts: BCEWithLogitsLossOptions = {}) {
    super(opts);
    this.register_buffer('weight', opts.weight ?? null);
    this.register_buffer('pos_weight', opts.pos_weight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, { weight: this.weight, pos_weight: this.pos_weight, reduction: this.reduction });
  }
}
