/**
 * The bad-input matrix of `@proj/functional`, part 2: the losses. Class targets out of range and
 * their interplay with `ignore_index`, label smoothing, class weights, probabilities outside
 * [0, 1], shapes that do not match, empty batches (PyTorch's result shapes), dtypes, disposed
 * tensors and tensors from two backends. See `badInput` in @proj/conformance for what every row checks.
 */
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, BackendError, DTypeError, ShapeError, StateError, type Tensor } from '@proj/tensor';
import { beforeAll, describe } from 'vitest';
import { badInput } from '@proj/conformance';
import * as F from './index.js';

const { bad, dead, ok, runRow } = badInput;
type Row = badInput.Row;

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.registerBackend(cpu({ name: 'cpu2' }));
  torch.setBackend('cpu');
});

const logits = () => torch.randn([2, 3]);
const i64 = (v: Parameters<typeof torch.tensor>[0]) => torch.tensor(v, { dtype: 'int64' });
const probs = (shape: number[]) => torch.rand(shape);
const apart = (op: string, a: string, b: string) => new RegExp(`^${op}: expected all tensors to be on the same backend, but found 'cpu' \\(${a}\\) and 'cpu2' \\(${b}\\)`);
const gone = (op: string, arg: string) => new RegExp(`^${op}: ${arg} \\((float32|int64) \\[[\\d,]*\\]\\) has been disposed`);

type ClassLoss = (input: Tensor, target: Tensor, opts?: F.CrossEntropyOptions) => Tensor;
const CLASS_LOSSES: [string, ClassLoss][] = [['cross_entropy', F.cross_entropy], ['nll_loss', F.nll_loss as ClassLoss]];

const classRows: Row[] = CLASS_LOSSES.flatMap(([op, fn]) => [
  bad(`${op}: target equal to the class count`, () => [logits(), i64([0, 3])] as const, (x, t) => fn(x, t), ArgumentError, new RegExp(`^${op}: target 3 is out of bounds \\(expected class indices in \\[0, 2\\] or ignore_index -100\\)`)),
  bad(`${op}: negative target`, () => [logits(), i64([-1, 0])] as const, (x, t) => fn(x, t), ArgumentError, new RegExp(`^${op}: target -1 is out of bounds`)),
  bad(`${op}: target -100 with another ignore_index`, () => [logits(), i64([-100, 0])] as const, (x, t) => fn(x, t, { ignore_index: 1 }), ArgumentError, new RegExp(`^${op}: target -100 is out of bounds .*ignore_index 1\\)`)),
  bad(`${op}: 4-D target out of range`, () => [torch.randn([1, 3, 2, 2]), i64([[[0, 1], [2, 5]]])] as const, (x, t) => fn(x, t), ArgumentError, new RegExp(`^${op}: target 5 is out of bounds`)),
  bad(`${op}: unbatched target out of range`, () => [torch.randn([3]), torch.tensor(3, { dtype: 'int64' })] as const, (x, t) => fn(x, t), ArgumentError, new RegExp(`^${op}: target 3 is out of bounds`)),
  ok(`${op}: targets equal to ignore_index may be out of range`, () => [logits(), i64([7, 0])] as const, (x, t) => fn(x, t, { ignore_index: 7 }), []),
  ok(`${op}: every target ignored`, () => [logits(), i64([-100, -100])] as const, (x, t) => fn(x, t), []),
  bad(`${op}: ignore_index NaN`, () => [logits(), i64([0, 1])] as const, (x, t) => fn(x, t, { ignore_index: Number.NaN }), ArgumentError, new RegExp(`^${op}: ignore_index must be an integer, got NaN`)),
  bad(`${op}: ignore_index 1.5`, () => [logits(), i64([0, 1])] as const, (x, t) => fn(x, t, { ignore_index: 1.5 }), ArgumentError, new RegExp(`^${op}: ignore_index must be an integer, got 1.5`)),
  bad(`${op}: weight of the wrong size`, () => [logits(), i64([0, 1]), torch.ones([2])] as const, (x, t, w) => fn(x, t, { weight: w }), ShapeError, new RegExp(`^${op}: weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: \\[2\\]`)),
  bad(`${op}: int64 weight`, () => [logits(), i64([0, 1]), i64([1, 1, 1])] as const, (x, t, w) => fn(x, t, { weight: w }), DTypeError, new RegExp(`^${op}: expected weight to be a floating point tensor, got int64`)),
  bad(`${op}: weight on another backend`, () => [logits(), i64([0, 1]), torch.ones([3], { device: 'cpu2' })] as const, (x, t, w) => fn(x, t, { weight: w }), BackendError, apart(op, 'input', 'weight')),
  bad(`${op}: target on another backend`, () => [logits(), torch.tensor([0, 1], { dtype: 'int64', device: 'cpu2' })] as const, (x, t) => fn(x, t), BackendError, apart(op, 'input', 'target')),
  bad(`${op}: disposed weight`, () => [logits(), i64([0, 1]), dead(torch.ones([3]))] as const, (x, t, w) => fn(x, t, { weight: w }), StateError, gone(op, 'weight')),
  bad(`${op}: disposed input`, () => [dead(logits()), i64([0, 1])] as const, (x, t) => fn(x, t), StateError, gone(op, 'input')),
  bad(`${op}: disposed target`, () => [logits(), dead(i64([0, 1]))] as const, (x, t) => fn(x, t), StateError, gone(op, 'target')),
  bad(`${op}: int64 input`, () => [i64([[1, 2, 3], [4, 5, 6]]), i64([0, 1])] as const, (x, t) => fn(x, t), DTypeError, new RegExp(`^${op}: expected input to be a floating point tensor, got int64`)),
  bad(`${op}: float32 class indices`, () => [logits(), torch.tensor([0, 1], { dtype: 'float32' })] as const, (x, t) => fn(x, t), DTypeError, new RegExp(`^${op}: expected target to be an int64 tensor of class indices .*got float32 of shape \\[2\\]`)),
  bad(`${op}: int32 class indices`, () => [logits(), torch.tensor([0, 1], { dtype: 'int32' })] as const, (x, t) => fn(x, t), DTypeError, new RegExp(`^${op}: expected target to be an int64 tensor .*got int32`)),
  bad(`${op}: batch sizes differ`, () => [logits(), i64([0, 1, 2])] as const, (x, t) => fn(x, t), ShapeError, new RegExp(`^${op}: expected input batch_size \\(2\\) to match target batch_size \\(3\\)`)),
  bad(`${op}: K-dimensional target of the wrong size`, () => [torch.randn([2, 3, 4]), i64([[0, 1, 2, 0, 1], [0, 1, 2, 0, 1]])] as const, (x, t) => fn(x, t), ShapeError, new RegExp(`^${op}: expected target size \\[2, 4\\], got \\[2, 5\\]`)),
  bad(`${op}: unbatched input with a 1-D target`, () => [torch.randn([3]), i64([0])] as const, (x, t) => fn(x, t), ShapeError, new RegExp(`^${op}: an unbatched \\(C\\) input expects a 0-D target, got shape \\[1\\]`)),
  bad(`${op}: 0-D input`, () => [torch.tensor(1.5), torch.tensor(0, { dtype: 'int64' })] as const, (x, t) => fn(x, t), ShapeError, new RegExp(`^${op}: expected an input of 1 or more dimensions`)),
  bad(`${op}: unknown reduction`, () => [logits(), i64([0, 1])] as const, (x, t) => fn(x, t, { reduction: 'avg' as never }), ArgumentError, new RegExp(`^${op}: avg is not a valid value for reduction`)),
  ok(`${op}: empty batch, mean`, () => [torch.randn([0, 3]), i64([])] as const, (x, t) => fn(x, t), []),
  ok(`${op}: empty batch, none`, () => [torch.randn([0, 3]), i64([])] as const, (x, t) => fn(x, t, { reduction: 'none' }), [0]),
  ok(`${op}: empty batch, sum`, () => [torch.randn([0, 3]), i64([])] as const, (x, t) => fn(x, t, { reduction: 'sum' }), []),
]);

const ceOnly: Row[] = [
  ...[Number.NaN, Number.POSITIVE_INFINITY].map((s) =>
    bad(`cross_entropy: label_smoothing ${s}`, () => [logits(), i64([0, 1])] as const, (x, t) => F.cross_entropy(x, t, { label_smoothing: s }), ArgumentError, new RegExp(`^cross_entropy: label_smoothing must be a number, got ${s}`)),
  ),
  ...[-0.1, 1.5].map((s) =>
    bad(`cross_entropy: label_smoothing ${s}`, () => [logits(), i64([0, 1])] as const, (x, t) => F.cross_entropy(x, t, { label_smoothing: s }), ArgumentError, new RegExp(`^cross_entropy: label_smoothing must be between 0.0 and 1.0, got ${s}`)),
  ),
  bad('cross_entropy: probability targets with a non-negative ignore_index', () => [logits(), probs([2, 3])] as const, (x, t) => F.cross_entropy(x, t, { ignore_index: 0 }), ArgumentError, /^cross_entropy: ignore_index is not supported for floating point \(probability\) targets, got ignore_index 0/),
  bad('cross_entropy: int64 targets of the input shape', () => [logits(), i64([[0, 1, 0], [1, 0, 0]])] as const, (x, t) => F.cross_entropy(x, t), DTypeError, /^cross_entropy: expected target \(class probabilities, as it has the input's shape\) to be a floating point tensor, got int64/),
  bad('cross_entropy: probability targets on another backend', () => [logits(), torch.rand([2, 3], { device: 'cpu2' })] as const, (x, t) => F.cross_entropy(x, t), BackendError, apart('cross_entropy', 'input', 'target')),
  ok('cross_entropy: empty batch of probability targets', () => [torch.randn([0, 3]), probs([0, 3])] as const, (x, t) => F.cross_entropy(x, t), []),
  bad('nll_loss: label_smoothing is not an option', () => [logits(), i64([0, 1])] as const, (x, t) => F.nll_loss(x, t, { label_smoothing: 0.1 } as never), ArgumentError, /^nll_loss: unexpected option 'label_smoothing'/),
];

type PairLoss = (input: Tensor, target: Tensor, opts?: { reduction?: F.Reduction }) => Tensor;
const PAIR_LOSSES: [string, PairLoss][] = [['mse_loss', F.mse_loss], ['l1_loss', F.l1_loss], ['smooth_l1_loss', F.smooth_l1_loss], ['huber_loss', F.huber_loss as PairLoss]];

const regressionRows: Row[] = [
  ...PAIR_LOSSES.flatMap(([op, fn]) => [
    bad(`${op}: shapes do not broadcast`, () => [logits(), torch.randn([4])] as const, (x, t) => fn(x, t), ShapeError, new RegExp(`^${op}: shapes \\[2, 3\\] and \\[4\\] cannot broadcast`)),
    bad(`${op}: int64 input`, () => [i64([1, 2]), torch.randn([2])] as const, (x, t) => fn(x, t), DTypeError, new RegExp(`^${op}: expected input to be a floating point tensor, got int64`)),
    bad(`${op}: target on another backend`, () => [logits(), torch.randn([2, 3], { device: 'cpu2' })] as const, (x, t) => fn(x, t), BackendError, apart(op, 'input', 'target')),
    bad(`${op}: disposed target`, () => [logits(), dead(logits())] as const, (x, t) => fn(x, t), StateError, gone(op, 'target')),
    bad(`${op}: unknown reduction`, () => [logits(), logits()] as const, (x, t) => fn(x, t, { reduction: 'batchmean' as never }), ArgumentError, new RegExp(`^${op}: batchmean is not a valid value for reduction`)),
    ok(`${op}: empty input`, () => [torch.randn([0, 2]), torch.randn([0, 2])] as const, (x, t) => fn(x, t), []),
    ok(`${op}: empty input, none`, () => [torch.randn([0, 2]), torch.randn([0, 2])] as const, (x, t) => fn(x, t, { reduction: 'none' }), [0, 2]),
  ]),
  bad('smooth_l1_loss: beta NaN', () => [logits(), logits()] as const, (x, t) => F.smooth_l1_loss(x, t, { beta: Number.NaN }), ArgumentError, /^smooth_l1_loss: beta must be a number, got NaN/),
  bad('smooth_l1_loss: negative beta', () => [logits(), logits()] as const, (x, t) => F.smooth_l1_loss(x, t, { beta: -1 }), ArgumentError, /^smooth_l1_loss: does not support negative values for beta, got -1/),
  bad('huber_loss: delta 0', () => [logits(), logits()] as const, (x, t) => F.huber_loss(x, t, { delta: 0 }), ArgumentError, /^huber_loss: does not support non-positive values for delta, got 0/),
  bad('huber_loss: delta NaN', () => [logits(), logits()] as const, (x, t) => F.huber_loss(x, t, 'mean', Number.NaN), ArgumentError, /^huber_loss: delta must be a number, got NaN/),
];

const bce = 'binary_cross_entropy';
const bcel = 'binary_cross_entropy_with_logits';
const probabilisticRows: Row[] = [
  ...[1.5, -0.1, Number.NaN].map((v) =>
    bad(`${bce}: input ${v} outside [0, 1]`, () => [torch.tensor([0.5, v]), probs([2])] as const, (x, t) => F.binary_cross_entropy(x, t), ArgumentError, /^binary_cross_entropy: all elements of input should be between 0 and 1/),
  ),
  bad(`${bce}: target of another shape`, () => [probs([2, 3]), probs([3])] as const, (x, t) => F.binary_cross_entropy(x, t), ShapeError, /^binary_cross_entropy: using a target size \(\[3\]\) that is different to the input size \(\[2, 3\]\)/),
  bad(`${bce}: weight does not broadcast`, () => [probs([2, 3]), probs([2, 3]), torch.ones([2])] as const, (x, t, w) => F.binary_cross_entropy(x, t, w), ShapeError, /^binary_cross_entropy: shapes \[2, 3\] and \[2\] cannot broadcast/),
  bad(`${bce}: int64 target`, () => [probs([2]), i64([0, 1])] as const, (x, t) => F.binary_cross_entropy(x, t), DTypeError, /^binary_cross_entropy: expected target to be a floating point tensor, got int64/),
  bad(`${bce}: int64 input`, () => [i64([0, 1]), probs([2])] as const, (x, t) => F.binary_cross_entropy(x, t), DTypeError, /^binary_cross_entropy: expected input to be a floating point tensor, got int64/),
  bad(`${bce}: weight on another backend`, () => [probs([2]), probs([2]), torch.ones([2], { device: 'cpu2' })] as const, (x, t, w) => F.binary_cross_entropy(x, t, { weight: w }), BackendError, apart(bce, 'input', 'weight')),
  bad(`${bce}: disposed input`, () => [dead(probs([2])), probs([2])] as const, (x, t) => F.binary_cross_entropy(x, t), StateError, gone(bce, 'input')),
  ok(`${bce}: empty input`, () => [probs([0]), probs([0])] as const, (x, t) => F.binary_cross_entropy(x, t), []),
  ok(`${bce}: probabilities exactly 0 and 1`, () => [torch.tensor([0, 1, 0, 1], { dtype: 'float32' }), torch.tensor([0, 1, 1, 0], { dtype: 'float32' })] as const, (x, t) => F.binary_cross_entropy(x, t, { reduction: 'none' }), [4]),
  bad(`${bcel}: target of another shape`, () => [logits(), probs([3])] as const, (x, t) => F.binary_cross_entropy_with_logits(x, t), ShapeError, /^binary_cross_entropy_with_logits: target size \(\[3\]\) must be the same as input size \(\[2, 3\]\)/),
  bad(`${bcel}: pos_weight does not broadcast`, () => [logits(), probs([2, 3]), torch.ones([2])] as const, (x, t, pw) => F.binary_cross_entropy_with_logits(x, t, { pos_weight: pw }), ShapeError, /^binary_cross_entropy_with_logits: shapes \[2, 3\] and \[2\] cannot broadcast/),
  bad(`${bcel}: int64 pos_weight`, () => [logits(), probs([2, 3]), i64([1, 2, 3])] as const, (x, t, pw) => F.binary_cross_entropy_with_logits(x, t, { pos_weight: pw }), DTypeError, /^binary_cross_entropy_with_logits: expected pos_weight to be a floating point tensor, got int64/),
  bad(`${bcel}: pos_weight on another backend`, () => [logits(), probs([2, 3]), torch.ones([3], { device: 'cpu2' })] as const, (x, t, pw) => F.binary_cross_entropy_with_logits(x, t, { pos_weight: pw }), BackendError, apart(bcel, 'input', 'pos_weight')),
  bad(`${bcel}: disposed pos_weight`, () => [logits(), probs([2, 3]), dead(torch.ones([3]))] as const, (x, t, pw) => F.binary_cross_entropy_with_logits(x, t, { pos_weight: pw }), StateError, gone(bcel, 'pos_weight')),
  ok(`${bcel}: empty input`, () => [torch.randn([0]), probs([0])] as const, (x, t) => F.binary_cross_entropy_with_logits(x, t), []),
  bad('kl_div: shapes do not broadcast', () => [logits(), probs([4])] as const, (x, t) => F.kl_div(x, t), ShapeError, /^kl_div: shapes \[2, 3\] and \[4\] cannot broadcast/),
  bad('kl_div: unknown reduction', () => [logits(), probs([2, 3])] as const, (x, t) => F.kl_div(x, t, { reduction: 'batch' as never }), ArgumentError, /^kl_div: batch is not a valid value for reduction \(expected one of 'none', 'mean', 'sum', 'batchmean'\)/),
  bad('kl_div: int64 input', () => [i64([1, 2]), probs([2])] as const, (x, t) => F.kl_div(x, t), DTypeError, /^kl_div: expected input to be a floating point tensor, got int64/),
  bad('kl_div: target on another backend', () => [logits(), torch.rand([2, 3], { device: 'cpu2' })] as const, (x, t) => F.kl_div(x, t), BackendError, apart('kl_div', 'input', 'target')),
  ok('kl_div: empty batch, batchmean', () => [torch.randn([0, 3]), probs([0, 3])] as const, (x, t) => F.kl_div(x, t, { reduction: 'batchmean' }), []),
];

const pairwiseRows: Row[] = [
  bad('margin_ranking_loss: ranks differ', () => [torch.randn([3]), torch.randn([3, 1]), torch.ones([3])] as const, (a, b, t) => F.margin_ranking_loss(a, b, t), ShapeError, /^margin_ranking_loss: all input tensors should have the same number of dimensions, but got sizes input1: \[3\], input2: \[3, 1\], target: \[3\]/),
  bad('margin_ranking_loss: sizes do not broadcast', () => [torch.randn([3]), torch.randn([4]), torch.ones([3])] as const, (a, b, t) => F.margin_ranking_loss(a, b, t), ShapeError, /^margin_ranking_loss: shapes \[3\] and \[4\] cannot broadcast/),
  bad('margin_ranking_loss: margin NaN', () => [torch.randn([3]), torch.randn([3]), torch.ones([3])] as const, (a, b, t) => F.margin_ranking_loss(a, b, t, Number.NaN), ArgumentError, /^margin_ranking_loss: margin must be a number, got NaN/),
  bad('margin_ranking_loss: int64 input2', () => [torch.randn([3]), i64([1, 2, 3]), torch.ones([3])] as const, (a, b, t) => F.margin_ranking_loss(a, b, t), DTypeError, /^margin_ranking_loss: expected input2 to be a floating point tensor, got int64/),
  bad('margin_ranking_loss: target on another backend', () => [torch.randn([3]), torch.randn([3]), torch.ones([3], { device: 'cpu2' })] as const, (a, b, t) => F.margin_ranking_loss(a, b, t), BackendError, apart('margin_ranking_loss', 'input1', 'target')),
  ok('margin_ranking_loss: empty batch', () => [torch.randn([0]), torch.randn([0]), torch.ones([0])] as const, (a, b, t) => F.margin_ranking_loss(a, b, t), []),
  bad('cosine_embedding_loss: 2-D target', () => [logits(), logits(), torch.ones([2, 1])] as const, (a, b, t) => F.cosine_embedding_loss(a, b, t), ShapeError, /^cosine_embedding_loss: expected a 0-D or 1-D target, got shape \[2, 1\]/),
  bad('cosine_embedding_loss: 1-D target with 1-D inputs', () => [torch.randn([3]), torch.randn([3]), torch.ones([3])] as const, (a, b, t) => F.cosine_embedding_loss(a, b, t), ShapeError, /^cosine_embedding_loss: a 1-D target expects 2-D inputs, but got inputs of shapes \[3\] and \[3\]/),
  bad('cosine_embedding_loss: margin Infinity', () => [logits(), logits(), torch.ones([2])] as const, (a, b, t) => F.cosine_embedding_loss(a, b, t, { margin: Number.POSITIVE_INFINITY }), ArgumentError, /^cosine_embedding_loss: margin must be a number, got Infinity/),
  bad('cosine_embedding_loss: disposed input1', () => [dead(logits()), logits(), torch.ones([2])] as const, (a, b, t) => F.cosine_embedding_loss(a, b, t), StateError, gone('cosine_embedding_loss', 'input1')),
  ok('cosine_embedding_loss: empty batch', () => [torch.randn([0, 3]), torch.randn([0, 3]), torch.ones([0])] as const, (a, b, t) => F.cosine_embedding_loss(a, b, t), []),
];

describe('bad input: cross_entropy and nll_loss', () => classRows.concat(ceOnly).forEach(runRow));
describe('bad input: regression losses', () => regressionRows.forEach(runRow));
describe('bad input: probabilistic losses', () => probabilisticRows.forEach(runRow));
describe('bad input: ranking and embedding losses', () => pairwiseRows.forEach(runRow));
