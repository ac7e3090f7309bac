/**
 * `Embedding`: a lookup table of `num_embeddings` vectors of size `embedding_dim`.
 */
import * as F from '@proj/functional';
import { ArgumentError, type Tensor, no_grad } from '@proj/tensor';
import { int } from './checks.js';
import * as init from './init.js';
import { Module } from './module.js';
import { type FactoryOptions, Parameter, emptyParameter } from './parameter.js';
import { pyFloat } from './repr.js';

export interface EmbeddingOptions extends FactoryOptions {
  /** This row gets no gradient and starts at zero (negative counts from the end). */
  padding_idx?: number | null;
  /** Renormalize looked-up rows whose norm exceeds this. */
  max_norm?: number | null;
  /** The p of the max_norm norm (default 2). */
  norm_type?: number;
  /** Scale gradients by the inverse frequency of the words in the batch. */
  scale_grad_by_freq?: boolean;
  /** Sparse gradients: not supported (`F.embedding` refuses them); gradients are dense. */
  sparse?: boolean;
  /** @internal Initial weights (what `from_pretrained` passes). */
  _weight?: Tensor | null;
}

/**
 * A lookup table: indices in, rows of `weight` out. Initialised from N(0, 1), the padding row
 * zeroed.
 *
 * @example
 * ```ts
 * const emb = new nn.Embedding(10, 3, { padding_idx: 0 });
 * const v = emb.call(torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])); // [2, 4, 3]
 * ```
 */
export class Embedding extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly sparse: boolean;
  weight: Parameter;

  constructor(num_embeddings: number, embedding_dim: number, opts: EmbeddingOptions = {}) {
    super();
    this.num_embeddings = int('Embedding', 'num_embeddings', num_embeddings);
    this.embedding_dim = int('Embedding', 'embedding_dim', embedding_dim);
    let pad = opts.padding_idx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad >= num_embeddings || pad < -num_embeddings) {
        throw new ArgumentError(`Embedding: Padding_idx must be within num_embeddings, got padding_idx=${pad} for ${num_embeddings} embeddings`);
      }
      if (pad < 0) pad += num_embeddings;
    }
    this.padding_idx = pad;
    this.max_norm = opts.max_norm ?? null;
    this.norm_type = opts.norm_type ?? 2;
    this.scale_grad_by_freq = opts.scale_grad_by_freq ?? false;
    this.sparse = opts.sparse ?? false;
    if (opts._weight) {
      const w = opts._weight;
      if (w.ndim !== 2 || w.shape[0] !== num_embeddings || w.shape[1] !== embedding_dim) {
        throw new ArgumentError(`Embedding: Shape of weight does not match num_embeddings and embedding_dim, got [${w.shape.join(', ')}]`);
      }
      this.weight = new Parameter(w);
    } else {
      this.weight = emptyParameter([num_embeddings, embedding_dim], opts, 'Embedding');
      this.reset_parameters();
    }
  }

  /**
   * An Embedding holding `embeddings` (a `[rows, cols]` tensor, shared), frozen unless
   * `freeze: false`.
   */
  static from_pretrained(embeddings: Tensor, opts: Omit<EmbeddingOptions, '_weight'> & { freeze?: boolean } = {}): Embedding {
    if (embeddings.ndim !== 2) throw new ArgumentError(`Embedding.from_pretrained: Embeddings parameter is expected to be 2-dimensional, got ${embeddings.ndim}-D`);
    const { freeze = true, ...rest } = opts;
    const e = new Embedding(embeddings.shape[0]!, embeddings.shape[1]!, { ...rest, _weight: embeddings });
    e.weight.requires_grad = !freeze;
    return e;
  }

  reset_parameters(): void {
    init.normal_(this.weight);
    if (this.padding_idx !== null) {
      const idx = this.padding_idx;
      no_grad(() => {
        const row = this.weight.select(0, idx);
        row.fill_(0);
        row.dispose();
      });
    }
  }

  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, {
      padding_idx: this.padding_idx,
      max_norm: this.max_norm,
      norm_type: this.norm_type,
      scale_grad_by_freq: this.scale_grad_by_freq,
      sparse: this.sparse,
    });
  }

  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm, true)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type, true)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}
