/**
 * Dropout modules: random zeroing in training mode, identity in evaluation mode.
 */
import * as F from '@proj/functional';
import { ArgumentError, type Tensor } from '@proj/tensor';
import { Module } from './module.js';
import { py, pyFloat } from './repr.js';

export interface DropoutOptions {
  /** Overwrite the input instead of allocating the output (default false). */
  inplace?: boolean;
}

/** The shared state of dropout (PyTorch's `_DropoutNd`). */
abstract class _DropoutNd extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(p = 0.5, opts: DropoutOptions = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new ArgumentError(`${this._get_name()}: dropout probability has to be between 0 and 1, but got ${p}`);
    }
    this.p = p;
    this.inplace = opts.inplace ?? false;
  }

  override extra_repr(): string {
    return `p=${pyFloat(this.p, true)}, inplace=${py(this.inplace)}`;
  }
}

/**
 * Zeroes each element with probability `p` and scales the rest by `1 / (1 - p)` while training;
 * the masks come from the PyTorch-compatible generator.
 *
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.5);
 * String(drop); // 'Dropout(p=0.5, inplace=False)'
 * drop.eval(); // now the identity
 * ```
 */
export class Dropout extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}

/** Zeroes whole channels (`[N, C, H, W]` → per `(n, c)`) with probability `p` while training. */
export class Dropout2d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, { p: this.p, training: this.training, inplace: this.inplace });
  }
}
