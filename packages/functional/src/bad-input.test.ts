/**
 * The bad-input matrix of `@proj/functional`, part 1: activations, the softmax family, dropout,
 * linear maps, distances and lookups. Each row is an invalid call with the typed error it must
 * raise and a pattern naming the op and the offending argument (or an edge case PyTorch accepts,
 * with PyTorch's result shape). The harness also checks that the failed call changed no argument
 * and leaked nothing. Losses are in bad-input-loss.test.ts, spatial ops and normalization in
 * bad-input-spatial.test.ts.
 */
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, BackendError, DTypeError, ShapeError, StateError, type Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { badInput } from '@proj/conformance';
import * as F from './index.js';

const { bad, dead, ok, runRow } = badInput;
type Row = badInput.Row;

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.registerBackend(cpu({ name: 'cpu2' }));
  torch.setBackend('cpu');
});

const x23 = () => torch.randn([2, 3]);
const leaf = () => torch.randn([2, 3], { requires_grad: true });
const ints = () => torch.tensor([[1, -2, 3]]);
const i64 = (v: Parameters<typeof torch.tensor>[0]) => torch.tensor(v, { dtype: 'int64' });
const gone = (op: string, arg: string) => new RegExp(`^${op}: ${arg} \\(float32 \\[[\\d,]*\\]\\) has been disposed`);
const apart = (op: string, a: string, b: string) => new RegExp(`^${op}: expected all tensors to be on the same backend, but found 'cpu' \\(${a}\\) and 'cpu2' \\(${b}\\)`);
const notFloat = (op: string, arg = 'input') => new RegExp(`^${op}: expected ${arg} to be a floating point tensor, got int64`);

type Unary = (x: Tensor, ...rest: never[]) => Tensor;
const ACTIVATIONS: [string, Unary, { float: boolean; inplace: boolean }][] = [
  ['relu', F.relu, { float: false, inplace: true }],
  ['relu6', F.relu6, { float: true, inplace: true }],
  ['hardtanh', F.hardtanh, { float: true, inplace: true }],
  ['leaky_relu', F.leaky_relu, { float: true, inplace: true }],
  ['elu', F.elu, { float: true, inplace: true }],
  ['selu', F.selu, { float: true, inplace: true }],
  ['celu', F.celu, { float: true, inplace: true }],
  ['softplus', F.softplus, { float: true, inplace: false }],
  ['gelu', F.gelu, { float: true, inplace: false }],
  ['silu', F.silu, { float: true, inplace: true }],
  ['mish', F.mish, { float: true, inplace: true }],
  ['hardswish', F.hardswish, { float: true, inplace: true }],
  ['hardsigmoid', F.hardsigmoid, { float: true, inplace: true }],
  ['sigmoid', F.sigmoid, { float: false, inplace: false }],
  ['tanh', F.tanh, { float: false, inplace: false }],
];

const activationRows: Row[] = ACTIVATIONS.flatMap(([op, fn, o]) => {
  const call = fn as (x: Tensor, opts?: object) => Tensor;
  const rows = [
    bad(`${op}: disposed input`, () => [dead(x23())] as const, (x) => call(x), StateError, gone(op, 'input')),
    ok(`${op}: empty batch`, () => [torch.randn([0, 3])] as const, (x) => call(x), [0, 3]),
  ];
  // PyTorch implements these for floating point inputs only ("not implemented for 'Long'").
  if (o.float) rows.push(bad(`${op}: int64 input`, () => [ints()] as const, (x) => call(x), DTypeError, notFloat(op)));
  if (o.inplace) {
    rows.push(bad(`${op}: in place on a leaf that requires grad`, () => [leaf()] as const, (x) => call(x, { inplace: true }), StateError, new RegExp(`^${op}_: a leaf Variable that requires grad is being used in an in-place operation`)));
  }
  return rows;
});

const parameterRows: Row[] = [
  bad('leaky_relu: negative_slope NaN', () => [x23()] as const, (x) => F.leaky_relu(x, Number.NaN), ArgumentError, /^leaky_relu: negative_slope must be a number, got NaN/),
  bad('leaky_relu: negative_slope Infinity', () => [x23()] as const, (x) => F.leaky_relu(x, { negative_slope: Number.POSITIVE_INFINITY }), ArgumentError, /^leaky_relu: negative_slope must be a number, got Infinity/),
  bad('leaky_relu: negative_slope -Infinity', () => [x23()] as const, (x) => F.leaky_relu(x, Number.NEGATIVE_INFINITY), ArgumentError, /^leaky_relu: negative_slope must be a number, got -Infinity/),
  bad('leaky_relu: negative_slope given twice', () => [x23()] as const, (x) => F.leaky_relu(x, 0.1, { negative_slope: 0.2 } as never), ArgumentError, /^leaky_relu: got multiple values for argument 'negative_slope'/),
  bad('elu: alpha NaN', () => [x23()] as const, (x) => F.elu(x, Number.NaN), ArgumentError, /^elu: alpha must be a number, got NaN/),
  bad('elu: alpha Infinity', () => [x23()] as const, (x) => F.elu(x, { alpha: Number.POSITIVE_INFINITY }), ArgumentError, /^elu: alpha must be a number, got Infinity/),
  bad('celu: alpha 0', () => [x23()] as const, (x) => F.celu(x, 0), ArgumentError, /^celu: alpha cannot be 0/),
  bad('celu: alpha NaN', () => [x23()] as const, (x) => F.celu(x, { alpha: Number.NaN }), ArgumentError, /^celu: alpha must be a number, got NaN/),
  bad('hardtanh: min_val NaN', () => [x23()] as const, (x) => F.hardtanh(x, Number.NaN, 1), ArgumentError, /^hardtanh: min_val must be a number, got NaN/),
  bad('hardtanh: max_val NaN', () => [x23()] as const, (x) => F.hardtanh(x, { max_val: Number.NaN }), ArgumentError, /^hardtanh: max_val must be a number, got NaN/),
  bad('softplus: beta NaN', () => [x23()] as const, (x) => F.softplus(x, Number.NaN), ArgumentError, /^softplus: beta must be a number, got NaN/),
  bad('softplus: beta Infinity', () => [x23()] as const, (x) => F.softplus(x, { beta: Number.POSITIVE_INFINITY }), ArgumentError, /^softplus: beta must be a number, got Infinity/),
  bad('softplus: threshold NaN', () => [x23()] as const, (x) => F.softplus(x, 1, Number.NaN), ArgumentError, /^softplus: threshold must be a number, got NaN/),
  bad('gelu: unknown approximate', () => [x23()] as const, (x) => F.gelu(x, { approximate: 'fast' as never }), ArgumentError, /^gelu: approximate must be 'none' or 'tanh', got 'fast'/),
  bad('gelu: approximate passed positionally', () => [x23()] as const, (x) => (F.gelu as (...a: unknown[]) => Tensor)(x, 'tanh'), ArgumentError, /^gelu: takes at most 0 positional arguments/),
  bad('relu: unknown option', () => [x23()] as const, (x) => F.relu(x, { in_place: true } as never), ArgumentError, /^relu: unexpected option 'in_place'/),
  bad('relu: not a tensor', () => [] as const, () => F.relu([1, 2] as never), ArgumentError, /^relu: expected input to be a Tensor, got \[1, 2\]/),
];

const SOFTMAX: [string, (x: Tensor, ...rest: never[]) => Tensor][] = [['softmax', F.softmax], ['log_softmax', F.log_softmax], ['softmin', F.softmin]];
const softmaxRows: Row[] = SOFTMAX.flatMap(([op, fn]) => {
  const call = fn as (x: Tensor, ...rest: unknown[]) => Tensor;
  return [
    bad(`${op}: dim 2 of a 2-D input`, () => [x23()] as const, (x) => call(x, 2), ArgumentError, new RegExp(`^${op}: dim 2 is out of range for a 2-D tensor \\(expected to be in range of \\[-2, 1\\]\\)`)),
    bad(`${op}: dim -3 of a 2-D input`, () => [x23()] as const, (x) => call(x, { dim: -3 }), ArgumentError, new RegExp(`^${op}: dim -3 is out of range for a 2-D tensor`)),
    bad(`${op}: dim 1 of a 0-D input`, () => [torch.tensor(1.5)] as const, (x) => call(x, 1), ArgumentError, new RegExp(`^${op}: dim 1 is out of range for a 0-D tensor \\(expected to be in range of \\[-1, 0\\]\\)`)),
    bad(`${op}: dim NaN`, () => [x23()] as const, (x) => call(x, Number.NaN), ArgumentError, new RegExp(`^${op}: dim .*NaN`)),
    bad(`${op}: dim missing`, () => [x23()] as const, (x) => call(x), ArgumentError, new RegExp(`^${op}: dim is required`)),
    bad(`${op}: int64 input`, () => [ints()] as const, (x) => call(x, 1), DTypeError, new RegExp(`^${op}: expected a floating point input .*got int64`)),
    bad(`${op}: int64 dtype option`, () => [x23()] as const, (x) => call(x, 1, { dtype: 'int64' }), DTypeError, new RegExp(`^${op}: expected a floating point input \\(or a floating point dtype option\\), got int64`)),
    bad(`${op}: disposed input`, () => [dead(x23())] as const, (x) => call(x, 1), StateError, gone(op, 'input')),
    ok(`${op}: empty batch`, () => [torch.randn([0, 3])] as const, (x) => call(x, 1), [0, 3]),
    ok(`${op}: empty batch along the empty dim`, () => [torch.randn([0, 3])] as const, (x) => call(x, 0), [0, 3]),
    ok(`${op}: 0-D input, dim -1`, () => [torch.tensor(1.5)] as const, (x) => call(x, -1), []),
  ];
});

const dropoutRows: Row[] = [
  ...(
    [['dropout', F.dropout], ['dropout2d', F.dropout2d], ['alpha_dropout', F.alpha_dropout]] as [string, (x: Tensor, o?: F.DropoutOptions) => Tensor][]
  ).flatMap(([op, fn]) => [
    ...[Number.NaN, Number.POSITIVE_INFINITY, -0.1, 1.5].map((p) =>
      bad(`${op}: p ${p}`, () => [torch.randn([2, 3, 4])] as const, (x) => fn(x, { p, training: true }), ArgumentError, new RegExp(`^${op}: dropout probability has to be between 0 and 1, but got ${p}`)),
    ),
    bad(`${op}: int64 input`, () => [torch.ones([2, 3, 4], { dtype: 'int64' })] as const, (x) => fn(x, { training: true }), DTypeError, notFloat(op)),
    bad(`${op}: disposed input`, () => [dead(torch.randn([2, 3, 4]))] as const, (x) => fn(x, { training: true }), StateError, gone(op, 'input')),
    bad(`${op}: in place on a leaf that requires grad`, () => [torch.randn([2, 3, 4], { requires_grad: true })] as const, (x) => fn(x, { training: true, inplace: true }), StateError, new RegExp(`^${op}_: a leaf Variable that requires grad`)),
    ok(`${op}: empty batch`, () => [torch.randn([0, 3, 4])] as const, (x) => fn(x, { training: true }), [0, 3, 4]),
  ]),
  bad('dropout2d: 1-D input', () => [torch.randn([4])] as const, (x) => F.dropout2d(x), ShapeError, /^dropout2d: expected a 3-D \(N, C, L\) or 4-D \(N, C, H, W\) input, got shape \[4\]/),
  bad('dropout: training given twice', () => [x23()] as const, (x) => F.dropout(x, 0.5, true, { training: false } as never), ArgumentError, /^dropout: got multiple values for argument 'training'/),
];

const linearRows: Row[] = [
  bad('linear: 0-D input', () => [torch.tensor(1.5), torch.randn([2, 1])] as const, (x, w) => F.linear(x, w), ShapeError, /^linear: expected an input with at least 1 dimension, got a 0-D tensor/),
  bad('linear: 3-D weight', () => [x23(), torch.randn([2, 4, 3])] as const, (x, w) => F.linear(x, w), ShapeError, /^linear: expected a 2-D weight \(out_features, in_features\) or a 1-D weight, got shape \[2, 4, 3\]/),
  bad('linear: in_features mismatch', () => [x23(), torch.randn([4, 5])] as const, (x, w) => F.linear(x, w), ShapeError, /^linear: input's last dim \(3, shape \[2, 3\]\) must equal weight's in_features \(5, shape \[4, 5\]\)/),
  bad('linear: bias of the wrong size', () => [x23(), torch.randn([4, 3]), torch.randn([5])] as const, (x, w, b) => F.linear(x, w, b), ShapeError, /^linear: expected bias of shape \[4\], got \[5\]/),
  bad('linear: int64 input', () => [ints(), torch.randn([4, 3])] as const, (x, w) => F.linear(x, w), DTypeError, /^linear: expected a floating point input \(float16, float32 or float64\), got int64/),
  bad('linear: float64 weight for a float32 input', () => [x23(), torch.randn([4, 3], { dtype: 'float64' })] as const, (x, w) => F.linear(x, w), DTypeError, /^linear: expected weight to have the input's dtype float32, got float64/),
  bad('linear: float64 bias', () => [x23(), torch.randn([4, 3]), torch.randn([4], { dtype: 'float64' })] as const, (x, w, b) => F.linear(x, w, b), DTypeError, /^linear: expected bias to have the input's dtype float32, got float64/),
  bad('linear: weight not a tensor', () => [x23()] as const, (x) => F.linear(x, [[1, 2, 3]] as never), ArgumentError, /^linear: expected weight to be a Tensor, got \[\[1, 2, 3\]\]/),
  bad('linear: disposed input', () => [dead(x23()), torch.randn([4, 3])] as const, (x, w) => F.linear(x, w), StateError, gone('linear', 'input')),
  bad('linear: disposed weight', () => [x23(), dead(torch.randn([4, 3]))] as const, (x, w) => F.linear(x, w), StateError, gone('linear', 'weight')),
  bad('linear: weight on another backend', () => [x23(), torch.randn([4, 3], { device: 'cpu2' })] as const, (x, w) => F.linear(x, w), BackendError, apart('linear', 'input', 'weight')),
  bad('linear: bias on another backend', () => [x23(), torch.randn([4, 3]), torch.randn([4], { device: 'cpu2' })] as const, (x, w, b) => F.linear(x, w, b), BackendError, apart('linear', 'input', 'bias')),
  ok('linear: empty batch', () => [torch.randn([0, 3]), torch.randn([4, 3])] as const, (x, w) => F.linear(x, w), [0, 4]),
  bad('bilinear: 2-D weight', () => [x23(), torch.randn([2, 2]), torch.randn([3, 2])] as const, (a, b, w) => F.bilinear(a, b, w), ShapeError, /^bilinear: expected a 3-D weight \(out, in1, in2\), got shape \[3, 2\]/),
  bad('bilinear: input2 features mismatch', () => [x23(), torch.randn([2, 4]), torch.randn([5, 3, 2])] as const, (a, b, w) => F.bilinear(a, b, w), ShapeError, /^bilinear: expected input1 \(\*, 3\) and input2 \(\*, 2\) for weight \[5, 3, 2\], got shapes \[2, 3\] and \[2, 4\]/),
  bad('bilinear: batch dims differ', () => [x23(), torch.randn([3, 2]), torch.randn([5, 3, 2])] as const, (a, b, w) => F.bilinear(a, b, w), ShapeError, /^bilinear: expected input1 and input2 to have the same leading dims, got shapes \[2, 3\] and \[3, 2\]/),
  bad('bilinear: float64 input2', () => [x23(), torch.randn([2, 2], { dtype: 'float64' }), torch.randn([5, 3, 2])] as const, (a, b, w) => F.bilinear(a, b, w), DTypeError, /^bilinear: expected input2 to have the input's dtype float32, got float64/),
  bad('bilinear: weight on another backend', () => [x23(), torch.randn([2, 2]), torch.randn([5, 3, 2], { device: 'cpu2' })] as const, (a, b, w) => F.bilinear(a, b, w), BackendError, apart('bilinear', 'input1', 'weight')),
  bad('bilinear: disposed input2', () => [x23(), dead(torch.randn([2, 2])), torch.randn([5, 3, 2])] as const, (a, b, w) => F.bilinear(a, b, w), StateError, gone('bilinear', 'input2')),
  ok('bilinear: empty batch', () => [torch.randn([0, 3]), torch.randn([0, 2]), torch.randn([4, 3, 2])] as const, (a, b, w) => F.bilinear(a, b, w), [0, 4]),
];

const distanceRows: Row[] = [
  bad('cosine_similarity: dim 2 of 2-D inputs', () => [x23(), x23()] as const, (a, b) => F.cosine_similarity(a, b, { dim: 2 }), ArgumentError, /^cosine_similarity: dim 2 is out of range for a 2-D tensor/),
  bad('cosine_similarity: dim -3', () => [x23(), x23()] as const, (a, b) => F.cosine_similarity(a, b, -3), ArgumentError, /^cosine_similarity: dim -3 is out of range/),
  bad('cosine_similarity: shapes do not broadcast', () => [x23(), torch.randn([4, 3])] as const, (a, b) => F.cosine_similarity(a, b), ShapeError, /^cosine_similarity: shapes \[2, 3\] and \[4, 3\] cannot broadcast/),
  bad('cosine_similarity: eps NaN', () => [x23(), x23()] as const, (a, b) => F.cosine_similarity(a, b, 1, Number.NaN), ArgumentError, /^cosine_similarity: eps must be a number, got NaN/),
  bad('cosine_similarity: int64 x2', () => [x23(), torch.ones([2, 3], { dtype: 'int64' })] as const, (a, b) => F.cosine_similarity(a, b), DTypeError, notFloat('cosine_similarity', 'x2')),
  bad('cosine_similarity: disposed x1', () => [dead(x23()), x23()] as const, (a, b) => F.cosine_similarity(a, b), StateError, gone('cosine_similarity', 'x1')),
  bad('cosine_similarity: x2 on another backend', () => [x23(), torch.randn([2, 3], { device: 'cpu2' })] as const, (a, b) => F.cosine_similarity(a, b), BackendError, apart('cosine_similarity', 'x1', 'x2')),
  ok('cosine_similarity: empty batch', () => [torch.randn([0, 3]), torch.randn([0, 3])] as const, (a, b) => F.cosine_similarity(a, b), [0]),
  bad('pairwise_distance: shapes do not broadcast', () => [x23(), torch.randn([4, 3])] as const, (a, b) => F.pairwise_distance(a, b), ShapeError, /^pairwise_distance: shapes \[2, 3\] and \[4, 3\] cannot broadcast/),
  bad('pairwise_distance: p NaN', () => [x23(), x23()] as const, (a, b) => F.pairwise_distance(a, b, Number.NaN), ArgumentError, /^pairwise_distance: p must be a number, got NaN/),
  bad('pairwise_distance: eps Infinity', () => [x23(), x23()] as const, (a, b) => F.pairwise_distance(a, b, { eps: Number.POSITIVE_INFINITY }), ArgumentError, /^pairwise_distance: eps must be a number, got Infinity/),
  bad('pairwise_distance: x2 on another backend', () => [x23(), torch.randn([2, 3], { device: 'cpu2' })] as const, (a, b) => F.pairwise_distance(a, b), BackendError, apart('pairwise_distance', 'x1', 'x2')),
  bad('pairwise_distance: disposed x2', () => [x23(), dead(x23())] as const, (a, b) => F.pairwise_distance(a, b), StateError, gone('pairwise_distance', 'x2')),
  ok('pairwise_distance: empty batch', () => [torch.randn([0, 3]), torch.randn([0, 3])] as const, (a, b) => F.pairwise_distance(a, b), [0]),
  bad('normalize: dim 5', () => [x23()] as const, (x) => F.normalize(x, { dim: 5 }), ArgumentError, /^normalize: dim 5 is out of range for a 2-D tensor/),
  bad('normalize: p NaN', () => [x23()] as const, (x) => F.normalize(x, Number.NaN), ArgumentError, /^normalize: p must be a number, got NaN/),
  bad('normalize: eps NaN', () => [x23()] as const, (x) => F.normalize(x, { eps: Number.NaN }), ArgumentError, /^normalize: eps must be a number, got NaN/),
  bad('normalize: int64 input', () => [ints()] as const, (x) => F.normalize(x), DTypeError, notFloat('normalize')),
  bad('normalize: disposed input', () => [dead(x23())] as const, (x) => F.normalize(x), StateError, gone('normalize', 'input')),
  ok('normalize: empty batch', () => [torch.randn([0, 3])] as const, (x) => F.normalize(x), [0, 3]),
];

const table = () => torch.randn([4, 3]);
const sparseRows: Row[] = [
  bad('embedding: index past the end', () => [i64([0, 5]), table()] as const, (i, w) => F.embedding(i, w), ArgumentError, /^embedding: index 5 is out of range for 4 embeddings \(expected indices in \[0, 3\]\)/),
  bad('embedding: negative index', () => [i64([-1]), table()] as const, (i, w) => F.embedding(i, w), ArgumentError, /^embedding: index -1 is out of range for 4 embeddings/),
  bad('embedding: 2-D indices, one out of range', () => [i64([[0, 1], [2, 4]]), table()] as const, (i, w) => F.embedding(i, w), ArgumentError, /^embedding: index 4 is out of range/),
  bad('embedding: out of range with max_norm leaves the table alone', () => [i64([1, 9]), torch.randn([4, 3]).mul(10)] as const, (i, w) => F.embedding(i, w, { max_norm: 1 }), ArgumentError, /^embedding: index 9 is out of range/),
  bad('embedding: float32 indices', () => [torch.tensor([1, 2], { dtype: 'float32' }), table()] as const, (i, w) => F.embedding(i, w), DTypeError, /^embedding: expected input \(the indices\) to be an int64 or int32 tensor, got float32/),
  bad('embedding: int64 weight', () => [i64([1]), torch.ones([4, 3], { dtype: 'int64' })] as const, (i, w) => F.embedding(i, w), DTypeError, notFloat('embedding', 'weight')),
  bad('embedding: 3-D weight', () => [i64([1]), torch.randn([2, 3, 4])] as const, (i, w) => F.embedding(i, w), ShapeError, /^embedding: expected weight to be 2-D \[num_embeddings, embedding_dim\], got shape \[2, 3, 4\]/),
  bad('embedding: padding_idx 4 of 4', () => [i64([1]), table()] as const, (i, w) => F.embedding(i, w, { padding_idx: 4 }), ArgumentError, /^embedding: padding_idx must be within num_embeddings \[-4, 3\], got 4/),
  bad('embedding: padding_idx -5 of 4', () => [i64([1]), table()] as const, (i, w) => F.embedding(i, w, -5), ArgumentError, /^embedding: padding_idx must be within num_embeddings \[-4, 3\], got -5/),
  bad('embedding: padding_idx 1.5', () => [i64([1]), table()] as const, (i, w) => F.embedding(i, w, { padding_idx: 1.5 }), ArgumentError, /^embedding: padding_idx must be an integer, got 1.5/),
  bad('embedding: padding_idx NaN', () => [i64([1]), table()] as const, (i, w) => F.embedding(i, w, { padding_idx: Number.NaN }), ArgumentError, /^embedding: padding_idx must be an integer, got NaN/),
  bad('embedding: max_norm NaN', () => [i64([1]), table()] as const, (i, w) => F.embedding(i, w, null, Number.NaN), ArgumentError, /^embedding: max_norm must be a number, got NaN/),
  bad('embedding: norm_type NaN', () => [i64([1]), table()] as const, (i, w) => F.embedding(i, w, { max_norm: 1, norm_type: Number.NaN }), ArgumentError, /^embedding: norm_type must be a number, got NaN/),
  bad('embedding: sparse gradients', () => [i64([1]), table()] as const, (i, w) => F.embedding(i, w, { sparse: true }), ArgumentError, /^embedding: sparse gradients are not supported/),
  bad('embedding: disposed indices', () => [dead(i64([1])), table()] as const, (i, w) => F.embedding(i, w), StateError, /^embedding: input \(int64 \[1\]\) has been disposed/),
  bad('embedding: disposed weight', () => [i64([1]), dead(table())] as const, (i, w) => F.embedding(i, w), StateError, gone('embedding', 'weight')),
  bad('embedding: weight on another backend', () => [i64([1]), torch.randn([4, 3], { device: 'cpu2' })] as const, (i, w) => F.embedding(i, w), BackendError, apart('embedding', 'input', 'weight')),
  ok('embedding: no indices', () => [i64([]), table()] as const, (i, w) => F.embedding(i, w), [0, 3]),
  ok('embedding: padding_idx -1 counts from the end', () => [i64([3, 0]), table()] as const, (i, w) => F.embedding(i, w, { padding_idx: -1 }), [2, 3]),
  bad('one_hot: negative class', () => [i64([0, -1])] as const, (t) => F.one_hot(t, 3), ArgumentError, /^one_hot: class values must be non-negative/),
  bad('one_hot: class past num_classes', () => [i64([0, 3])] as const, (t) => F.one_hot(t, 3), ArgumentError, /^one_hot: class values must be smaller than num_classes \(3\)/),
  bad('one_hot: num_classes 0', () => [i64([0])] as const, (t) => F.one_hot(t, { num_classes: 0 }), ArgumentError, /^one_hot: class values must be smaller than num_classes \(0\)/),
  bad('one_hot: num_classes -2', () => [i64([0])] as const, (t) => F.one_hot(t, -2), ArgumentError, /^one_hot: num_classes must be in \[-1, inf\], got -2/),
  bad('one_hot: num_classes NaN', () => [i64([0])] as const, (t) => F.one_hot(t, Number.NaN), ArgumentError, /^one_hot: num_classes must be an integer, got NaN/),
  bad('one_hot: float32 tensor', () => [torch.tensor([0, 1], { dtype: 'float32' })] as const, (t) => F.one_hot(t, 3), DTypeError, /^one_hot: is only applicable to index tensors \(int64\), got float32/),
  bad('one_hot: int32 tensor', () => [torch.tensor([0, 1], { dtype: 'int32' })] as const, (t) => F.one_hot(t, 3), DTypeError, /^one_hot: is only applicable to index tensors \(int64\), got int32/),
  bad('one_hot: inferring num_classes from nothing', () => [i64([])] as const, (t) => F.one_hot(t), ArgumentError, /^one_hot: cannot infer the total number of classes from an empty tensor/),
  bad('one_hot: disposed tensor', () => [dead(i64([1]))] as const, (t) => F.one_hot(t, 3), StateError, /^one_hot: tensor \(int64 \[1\]\) has been disposed/),
  ok('one_hot: empty with num_classes', () => [i64([])] as const, (t) => F.one_hot(t, 3), [0, 3]),
];

describe('bad input: activations', () => activationRows.concat(parameterRows).forEach(runRow));
describe('bad input: softmax family', () => softmaxRows.forEach(runRow));
describe('bad input: dropout', () => dropoutRows.forEach(runRow));
describe('bad input: linear and bilinear', () => linearRows.forEach(runRow));
describe('bad input: distances', () => distanceRows.forEach(runRow));
describe('bad input: embedding and one_hot', () => sparseRows.forEach(runRow));

describe('a refused in-place dropout draws no random numbers', () => {
  it('the next mask is the one drawn right after manual_seed', () => {
    torch.scope(() => {
      const x = torch.ones([64]);
      torch.manual_seed(3);
      const want = Array.from(F.dropout(x, { p: 0.5 }).dataSync() as Float32Array);
      torch.manual_seed(3);
      expect(() => F.dropout(torch.ones([64], { requires_grad: true }), { p: 0.5, inplace: true })).toThrow(StateError);
      expect(Array.from(F.dropout(x, { p: 0.5 }).dataSync() as Float32Array)).toEqual(want);
    });
  });
});
