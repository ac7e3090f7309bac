/**
 * Lookups by index: `F.embedding` and `F.one_hot`.
 */
import { arange, ArgumentError, DTypeError, fmtShape, no_grad, ones, record, scope, ShapeError, type Tensor, where, zeros } from '@proj/tensor';
import { num, parseArgs, requireFloat, requireTensor, sameBackend, syncValues } from './call-args.js';

/** Options of {@link embedding}. */
export interface EmbeddingOptions {
  /** This row gets no gradient (its value is used as is). Negative counts from the end. */
  padding_idx?: number | null;
  /** Rows looked up whose `norm_type`-norm exceeds this are rescaled to it, in place. */
  max_norm?: number | null;
  /** The norm for `max_norm`; default 2. */
  norm_type?: number;
  /** Divides each row's gradient by how often its index occurs in the batch. */
  scale_grad_by_freq?: boolean;
  /** Sparse gradients are not supported; must be false. */
  sparse?: boolean;
}

/**
 * `F.embedding(input, weight, { padding_idx, max_norm, norm_type, scale_grad_by_freq })`: the
 * rows of `weight` `[num_embeddings, D]` at the int64/int32 indices `input`, shape
 * `[...input.shape, D]`. The `padding_idx` row receives no gradient. With `max_norm`, the
 * looked-up rows of `weight` are renormalized in place first (outside autograd), as PyTorch.
 *
 * @example
 * ```ts
 * const vectors = F.embedding(tokenIds, table, { padding_idx: 0 });
 * ```
 */
export function embedding(input: Tensor, weight: Tensor, opts?: EmbeddingOptions): Tensor;
export function embedding(input: Tensor, weight: Tensor, padding_idx?: number | null, max_norm?: number | null, norm_type?: number): Tensor;
export function embedding(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const op = 'embedding';
  requireTensor(op, input, 'input');
  requireFloat(op, weight, 'weight');
  sameBackend(op, { input, weight });
  const o = parseArgs<EmbeddingOptions>(op, args, ['padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse']);
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new DTypeError(`${op}: expected input (the indices) to be an int64 or int32 tensor, got ${input.dtype}`);
  }
  if (weight.ndim !== 2) throw new ShapeError(`${op}: expected weight to be 2-D [num_embeddings, embedding_dim], got shape ${fmtShape(weight.shape)}`);
  if (o.sparse) throw new ArgumentError(`${op}: sparse gradients are not supported; pass sparse: false`);
  const count = weight.shape[0]!;
  const dim = weight.shape[1]!;
  let pad: number | null = null;
  if (o.padding_idx !== undefined && o.padding_idx !== null) {
    pad = num(op, 'padding_idx', o.padding_idx, { int: true });
    if (pad < -count || pad >= count) throw new ArgumentError(`${op}: padding_idx must be within num_embeddings [${-count}, ${count - 1}], got ${pad}`);
    if (pad < 0) pad += count;
  }
  const maxNorm = o.max_norm === undefined || o.max_norm === null ? null : num(op, 'max_norm', o.max_norm, { allowInf: true });
  const normType = num(op, 'norm_type', o.norm_type ?? 2, { allowInf: true });
  const values = syncValues(input);
  const bad = values?.find((v) => v < 0 || v >= count);
  if (bad !== undefined) throw new ArgumentError(`${op}: index ${bad} is out of range for ${count} embeddings (expected indices in [0, ${count - 1}])`);
  const byFreq = o.scale_grad_by_freq ?? false;
  return scope(() => {
    const flat = input.reshape([-1]);
    if (maxNorm !== null) renorm(weight, flat, maxNorm, normType);
    const rows = no_grad(() => weight.index_select(0, flat));
    const out = record(
      rows,
      'EmbeddingBackward0',
      [weight],
      (g, s) => {
        const idx = s[0]!;
        let g2 = g.reshape([-1, dim]);
        if (pad !== null) g2 = g2.mul(idx.ne(pad).unsqueeze(1));
        if (byFreq) {
          const freq = zeros([count], { dtype: g2.dtype, device: g2.device }).scatter_add(0, idx, ones([idx.numel()], { dtype: g2.dtype, device: g2.device }));
          g2 = g2.div(freq.index_select(0, idx).unsqueeze(1));
        }
        const target = idx.unsqueeze(1).expand([idx.numel(), dim]);
        return [zeros([count, dim], { dtype: g2.dtype, device: g2.device }).scatter_add(0, target, g2)];
      },
      [flat],
    );
    return out.reshape([...input.shape, dim]);
  });
}

/** PyTorch's `embedding_renorm_`: rescales the rows at `indices` whose norm exceeds `maxNorm`. */
function renorm(weight: Tensor, indices: Tensor, maxNorm: number, normType: number): void {
  no_grad(() =>
    scope(() => {
      const count = weight.shape[0]!;
      const hits = zeros([count], { dtype: weight.dtype, device: weight.device }).scatter_add(0, indices, ones([indices.numel()], { dtype: weight.dtype, device: weight.device }));
      const norms = weight.norm(normType, 1);
      const scale = where(hits.gt(0).logical_and(norms.gt(maxNorm)), norms.add(1e-7).reciprocal().mul(maxNorm), 1);
      weight.mul_(scale.unsqueeze(1));
    }),
  );
}

/** Options of {@link one_hot}. */
export interface OneHotOptions {
  /** The number of classes; −1 (default) infers `max(tensor) + 1` (needs a synchronous read). */
  num_classes?: number;
}

/**
 * `F.one_hot(tensor, num_classes = -1)`: an int64 tensor of shape `[...tensor.shape, num_classes]`
 * with a 1 at each class index. Inferring `num_classes` reads the values, so on backends without
 * synchronous reads (WebGPU) pass it explicitly.
 *
 * @example
 * ```ts
 * F.one_hot(torch.tensor([0, 2, 1]), 3); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * ```
 */
export function one_hot(tensor: Tensor, num_classes?: number): Tensor;
export function one_hot(tensor: Tensor, opts: OneHotOptions): Tensor;
export function one_hot(tensor: Tensor, ...args: unknown[]): Tensor {
  const op = 'one_hot';
  requireTensor(op, tensor, 'tensor');
  const o = parseArgs<OneHotOptions>(op, args, ['num_classes']);
  if (tensor.dtype !== 'int64') throw new DTypeError(`${op}: is only applicable to index tensors (int64), got ${tensor.dtype}`);
  let classes = num(op, 'num_classes', o.num_classes ?? -1, { int: true, min: -1 });
  const values = syncValues(tensor);
  if (classes === -1) {
    if (!values) {
      throw new ArgumentError(`${op}: cannot infer num_classes on the '${tensor.device}' backend without a synchronous read; pass num_classes`);
    }
    if (values.length === 0) throw new ArgumentError(`${op}: cannot infer the total number of classes from an empty tensor; pass num_classes`);
    classes = values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY) + 1;
  }
  if (values?.some((v) => v < 0)) throw new ArgumentError(`${op}: class values must be non-negative`);
  if (values?.some((v) => v >= classes)) throw new ArgumentError(`${op}: class values must be smaller than num_classes (${classes})`);
  return scope(() => tensor.unsqueeze(-1).eq(arange(classes, { device: tensor.device })).to('int64'));
}
