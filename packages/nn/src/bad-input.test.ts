/**
 * The bad-input matrix of `@proj/nn`: invalid constructor arguments (negative sizes, NaN and
 * infinite eps, momentum, p, bad groups and padding modes, out-of-range padding_idx) and invalid
 * forward calls (wrong rank and channels, indices out of range, integer inputs, disposed weights,
 * inputs on another backend). For every row the harness also checks that the module's parameters
 * and buffers (running statistics, num_batches_tracked) are unchanged and nothing leaked.
 */
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, BackendError, DTypeError, ShapeError, StateError } from '@proj/tensor';
import { beforeAll, describe } from 'vitest';
import { type Row, bad, dead, ok, runRow } from './bad-input-harness.js';
import * as nn from './index.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.registerBackend(cpu({ name: 'cpu2' }));
  torch.setBackend('cpu');
});

const r = (...shape: number[]) => torch.randn(shape);
const i64 = (v: Parameters<typeof torch.tensor>[0]) => torch.tensor(v, { dtype: 'int64' });
const apart = (op: string, a: string, b: string) => new RegExp(`^${op}: expected all tensors to be on the same backend, but found '(cpu|cpu2)' \\(${a}\\) and '(cpu|cpu2)' \\(${b}\\)`);
const nonNeg = (owner: string, arg: string, v: string, min = 0) => new RegExp(`^${owner}: ${arg} must be an integer >= ${min}, got ${v}`);
const notFinite = (owner: string, arg: string, v: string) => new RegExp(`^${owner}: ${arg} must be a finite number, got ${v}`);

const constructorRows: Row[] = [
  bad('Linear: in_features -1', () => [] as const, () => new nn.Linear(-1, 4), ArgumentError, nonNeg('Linear', 'in_features', '-1')),
  bad('Linear: in_features 1.5', () => [] as const, () => new nn.Linear(1.5, 4), ArgumentError, nonNeg('Linear', 'in_features', '1.5')),
  bad('Linear: out_features NaN', () => [] as const, () => new nn.Linear(3, Number.NaN), ArgumentError, nonNeg('Linear', 'out_features', 'NaN')),
  bad('Linear: int64 parameters', () => [] as const, () => new nn.Linear(3, 4, { dtype: 'int64' as never }), DTypeError, /^Linear: dtype must be float16, float32 or float64 \(parameters require grad\), got int64/),
  bad('Bilinear: in2_features -2', () => [] as const, () => new nn.Bilinear(3, -2, 4), ArgumentError, nonNeg('Bilinear', 'in2_features', '-2')),
  bad('Conv2d: in_channels -1', () => [] as const, () => new nn.Conv2d(-1, 4, 3), ArgumentError, nonNeg('Conv2d', 'in_channels', '-1')),
  bad('Conv2d: groups 0', () => [] as const, () => new nn.Conv2d(4, 4, 3, { groups: 0 }), ArgumentError, /^Conv2d: groups must be a positive integer, got 0/),
  bad('Conv2d: groups NaN', () => [] as const, () => new nn.Conv2d(4, 4, 3, { groups: Number.NaN }), ArgumentError, /^Conv2d: groups must be a positive integer, got NaN/),
  bad('Conv2d: in_channels not divisible by groups', () => [] as const, () => new nn.Conv2d(3, 4, 3, { groups: 2 }), ArgumentError, /^Conv2d: in_channels must be divisible by groups, got 3 and 2/),
  bad('Conv2d: out_channels not divisible by groups', () => [] as const, () => new nn.Conv2d(4, 3, 3, { groups: 2 }), ArgumentError, /^Conv2d: out_channels must be divisible by groups, got 3 and 2/),
  bad('Conv2d: kernel_size 0', () => [] as const, () => new nn.Conv2d(1, 4, 0), ArgumentError, nonNeg('Conv2d', 'kernel_size', '0', 1)),
  bad('Conv2d: kernel_size of three values', () => [] as const, () => new nn.Conv2d(1, 4, [3, 3, 3]), ArgumentError, /^Conv2d: kernel_size must be an int or a tuple of 2 ints, got \[3, 3, 3\]/),
  bad('Conv2d: stride 0', () => [] as const, () => new nn.Conv2d(1, 4, 3, { stride: 0 }), ArgumentError, nonNeg('Conv2d', 'stride', '0', 1)),
  bad('Conv2d: padding -1', () => [] as const, () => new nn.Conv2d(1, 4, 3, { padding: -1 }), ArgumentError, nonNeg('Conv2d', 'padding', '-1')),
  bad("Conv2d: padding 'full'", () => [] as const, () => new nn.Conv2d(1, 4, 3, { padding: 'full' as never }), ArgumentError, /^Conv2d: padding must be one of 'same', 'valid', got "full"/),
  bad("Conv2d: padding 'same' with stride 2", () => [] as const, () => new nn.Conv2d(1, 4, 3, { padding: 'same', stride: 2 }), ArgumentError, /^Conv2d: padding='same' is not supported for strided convolutions/),
  bad('Conv2d: dilation 0', () => [] as const, () => new nn.Conv2d(1, 4, 3, { dilation: 0 }), ArgumentError, nonNeg('Conv2d', 'dilation', '0', 1)),
  bad("Conv2d: padding_mode 'wrap'", () => [] as const, () => new nn.Conv2d(1, 4, 3, { padding_mode: 'wrap' as never }), ArgumentError, /^Conv2d: padding_mode must be one of 'zeros', 'reflect', 'replicate', 'circular', got "wrap"/),
  bad('Conv1d: kernel_size of two values', () => [] as const, () => new nn.Conv1d(1, 4, [3, 3]), ArgumentError, /^Conv1d: kernel_size must be an int or a tuple of 1 ints, got \[3, 3\]/),
  bad("ConvTranspose2d: padding_mode 'reflect'", () => [] as const, () => new nn.ConvTranspose2d(1, 4, 3, { padding_mode: 'reflect' as never }), ArgumentError, /^ConvTranspose2d: Only "zeros" padding mode is supported for ConvTranspose2d, got 'reflect'/),
  bad('ConvTranspose1d: out_channels -4', () => [] as const, () => new nn.ConvTranspose1d(1, -4, 3), ArgumentError, nonNeg('ConvTranspose1d', 'out_channels', '-4')),
  bad('BatchNorm1d: num_features -1', () => [] as const, () => new nn.BatchNorm1d(-1), ArgumentError, nonNeg('BatchNorm1d', 'num_features', '-1')),
  bad('BatchNorm1d: eps NaN', () => [] as const, () => new nn.BatchNorm1d(3, { eps: Number.NaN }), ArgumentError, notFinite('BatchNorm1d', 'eps', 'NaN')),
  bad('BatchNorm2d: eps Infinity', () => [] as const, () => new nn.BatchNorm2d(3, { eps: Number.POSITIVE_INFINITY }), ArgumentError, notFinite('BatchNorm2d', 'eps', 'Infinity')),
  bad('BatchNorm2d: momentum NaN', () => [] as const, () => new nn.BatchNorm2d(3, { momentum: Number.NaN }), ArgumentError, notFinite('BatchNorm2d', 'momentum', 'NaN')),
  bad('BatchNorm1d: momentum -Infinity', () => [] as const, () => new nn.BatchNorm1d(3, { momentum: Number.NEGATIVE_INFINITY }), ArgumentError, notFinite('BatchNorm1d', 'momentum', '-Infinity')),
  bad('BatchNorm1d: float8 is not a dtype', () => [] as const, () => new nn.BatchNorm1d(3, { dtype: 'float8' as never }), DTypeError, /^BatchNorm1d: dtype must be float16, float32 or float64/),
  bad('BatchNorm1d: float16 on cpu', () => [] as const, () => new nn.BatchNorm1d(3, { dtype: 'float16' }), DTypeError, /the 'cpu' backend does not support float16 .*: float16 is stored by the webgpu backend on adapters with shader-f16/),
  bad('LayerNorm: normalized_shape -1', () => [] as const, () => new nn.LayerNorm(-1), ArgumentError, nonNeg('LayerNorm', 'normalized_shape', '-1')),
  bad('LayerNorm: eps NaN', () => [] as const, () => new nn.LayerNorm(3, { eps: Number.NaN }), ArgumentError, notFinite('LayerNorm', 'eps', 'NaN')),
  bad('GroupNorm: num_groups 0', () => [] as const, () => new nn.GroupNorm(0, 4), ArgumentError, nonNeg('GroupNorm', 'num_groups', '0', 1)),
  bad('GroupNorm: channels not divisible', () => [] as const, () => new nn.GroupNorm(3, 4), ArgumentError, /^GroupNorm: num_channels must be divisible by num_groups, got 4 and 3/),
  bad('GroupNorm: eps Infinity', () => [] as const, () => new nn.GroupNorm(2, 4, { eps: Number.POSITIVE_INFINITY }), ArgumentError, notFinite('GroupNorm', 'eps', 'Infinity')),
  ...[Number.NaN, 1.5, -0.1, Number.POSITIVE_INFINITY].map((p) =>
    bad(`Dropout: p ${p}`, () => [] as const, () => new nn.Dropout(p), ArgumentError, new RegExp(`^Dropout: dropout probability has to be between 0 and 1, but got ${p}`)),
  ),
  bad('Dropout2d: p NaN', () => [] as const, () => new nn.Dropout2d(Number.NaN), ArgumentError, /^Dropout2d: dropout probability has to be between 0 and 1, but got NaN/),
  bad('Embedding: num_embeddings -1', () => [] as const, () => new nn.Embedding(-1, 3), ArgumentError, nonNeg('Embedding', 'num_embeddings', '-1')),
  bad('Embedding: padding_idx equal to num_embeddings', () => [] as const, () => new nn.Embedding(5, 3, { padding_idx: 5 }), ArgumentError, /^Embedding: Padding_idx must be within num_embeddings, got padding_idx=5 for 5 embeddings/),
  bad('Embedding: padding_idx -6 of 5', () => [] as const, () => new nn.Embedding(5, 3, { padding_idx: -6 }), ArgumentError, /^Embedding: Padding_idx must be within num_embeddings, got padding_idx=-6/),
  bad('Embedding: padding_idx 1.5', () => [] as const, () => new nn.Embedding(5, 3, { padding_idx: 1.5 }), ArgumentError, /^Embedding: Padding_idx must be within num_embeddings, got padding_idx=1.5/),
  bad('Embedding.from_pretrained: 1-D embeddings', () => [r(5)] as const, (e) => nn.Embedding.from_pretrained(e), ArgumentError, /^Embedding.from_pretrained: Embeddings parameter is expected to be 2-dimensional, got 1-D/),
  bad('Embedding.from_pretrained: int64 embeddings, trainable', () => [i64([[1, 2], [3, 4]])] as const, (e) => nn.Embedding.from_pretrained(e, { freeze: false }), ArgumentError, /^Parameter: only tensors of floating point dtype can require gradients, got int64/),
  bad('Embedding.from_pretrained: disposed embeddings', () => [dead(r(4, 3))] as const, (e) => nn.Embedding.from_pretrained(e), StateError, /^Parameter: data \(float32 \[4,3\]\) has been disposed/),
  bad('Parameter: int64 data that requires grad', () => [i64([1, 2])] as const, (t) => new nn.Parameter(t), ArgumentError, /^Parameter: only tensors of floating point dtype can require gradients, got int64/),
  bad('Hardtanh: min_val equal to max_val', () => [] as const, () => new nn.Hardtanh({ min_val: 1, max_val: 1 }), ArgumentError, /^Hardtanh: max_val must be greater than min_val, got min_val=1, max_val=1/),
  bad('Hardtanh: min_val NaN', () => [] as const, () => new nn.Hardtanh({ min_val: Number.NaN }), ArgumentError, /^Hardtanh: max_val must be greater than min_val, got min_val=NaN/),
  bad('AvgPool1d: kernel_size 0', () => [] as const, () => new nn.AvgPool1d(0), ArgumentError, nonNeg('AvgPool1d', 'kernel_size', '0', 1)),
  bad('AvgPool1d: stride of two values', () => [] as const, () => new nn.AvgPool1d(2, { stride: [1, 1] }), ArgumentError, /^AvgPool1d: stride must be an int or a tuple of 1 ints, got \[1, 1\]/),
  bad('PixelShuffle: upscale_factor 0', () => [] as const, () => new nn.PixelShuffle(0), ArgumentError, nonNeg('PixelShuffle', 'upscale_factor', '0', 1)),
  bad('Unflatten: sizes not a list', () => [] as const, () => new nn.Unflatten(1, 6 as never), ArgumentError, /^Unflatten: unflattened_size must be a tuple of ints, but found type number/),
  bad('Unflatten: size -2', () => [] as const, () => new nn.Unflatten(1, [-2, 3]), ArgumentError, /^Unflatten: unflattened_size\[0\] must be an integer >= -1, got -2/),
  bad("MSELoss: reduction 'avg'", () => [] as const, () => new nn.MSELoss({ reduction: 'avg' as never }), ArgumentError, /^MSELoss: reduction must be one of 'none', 'mean', 'sum', got "avg"/),
  bad("CrossEntropyLoss: reduction 'batchmean'", () => [] as const, () => new nn.CrossEntropyLoss({ reduction: 'batchmean' as never }), ArgumentError, /^CrossEntropyLoss: reduction must be one of 'none', 'mean', 'sum', got "batchmean"/),
  bad("KLDivLoss: reduction 'batch'", () => [] as const, () => new nn.KLDivLoss({ reduction: 'batch' as never }), ArgumentError, /^KLDivLoss: reduction must be one of 'none', 'mean', 'sum', 'batchmean', got "batch"/),
  bad('Module.train: not a boolean', () => [new nn.ReLU()] as const, (m) => m.train('yes' as never), ArgumentError, /^train: training mode is expected to be boolean/),
  bad('Sequential.insert: index out of range', () => [new nn.Sequential(new nn.ReLU())] as const, (s) => s.insert(3, new nn.ReLU()), ArgumentError, /^Sequential.insert: Index out of range: 3/),
];

const linear = () => new nn.Linear(3, 4);
const forwardRows: Row[] = [
  bad('Linear: wrong in_features', () => [linear(), r(2, 5)] as const, (m, x) => m.call(x), ShapeError, /^linear: input's last dim \(5, shape \[2, 5\]\) must equal weight's in_features \(3, shape \[4, 3\]\)/),
  bad('Linear: 0-D input', () => [linear(), torch.tensor(1.5)] as const, (m, x) => m.call(x), ShapeError, /^linear: expected an input with at least 1 dimension, got a 0-D tensor/),
  bad('Linear: int64 input', () => [linear(), i64([[1, 2, 3]])] as const, (m, x) => m.call(x), DTypeError, /^linear: expected a floating point input \(float16, float32 or float64\), got int64/),
  bad('Linear: float64 input, float32 weight', () => [linear(), torch.randn([2, 3], { dtype: 'float64' })] as const, (m, x) => m.call(x), DTypeError, /^linear: expected weight to have the input's dtype float64, got float32/),
  bad('Linear: disposed input', () => [linear(), dead(r(2, 3))] as const, (m, x) => m.call(x), StateError, /^linear: input \(float32 \[2,3\]\) has been disposed/),
  bad('Linear: disposed weight', () => { const m = linear(); m.weight.dispose(); return [m, r(2, 3)] as const; }, (m, x) => m.call(x), StateError, /^linear: weight \(float32 \[4,3\]\) has been disposed/),
  bad('Linear: input on another backend', () => [linear(), torch.randn([2, 3], { device: 'cpu2' })] as const, (m, x) => m.call(x), BackendError, apart('linear', 'input', 'weight')),
  ok('Linear: empty batch', () => [linear(), r(0, 3)] as const, (m, x) => m.call(x), [0, 4]),
  bad('Bilinear: input2 features mismatch', () => [new nn.Bilinear(3, 2, 4), r(2, 3), r(2, 3)] as const, (m, a, b) => m.call(a, b), ShapeError, /^bilinear: expected input1 \(\*, 3\) and input2 \(\*, 2\)/),
  bad('Conv2d: 2-D input', () => [new nn.Conv2d(1, 4, 3), r(28, 28)] as const, (m, x) => m.call(x), ShapeError, /^conv2d: expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[28, 28\]/),
  bad('Conv2d: wrong channels', () => [new nn.Conv2d(3, 4, 3), r(1, 2, 5, 5)] as const, (m, x) => m.call(x), ShapeError, /^conv2d: given groups=1, weight of shape \[4, 3, 3, 3\], expected input \[1, 2, 5, 5\] to have 3 channels, but got 2 channels/),
  bad('Conv2d: input smaller than the kernel', () => [new nn.Conv2d(1, 4, 5), r(1, 1, 3, 3)] as const, (m, x) => m.call(x), ShapeError, /^conv2d: the padded input size per channel \(3 x 3\) is smaller than the dilated kernel size \(5 x 5\)/),
  bad('Conv2d: reflect padding wider than the input', () => [new nn.Conv2d(1, 1, 3, { padding: 3, padding_mode: 'reflect' }), r(1, 1, 3, 3)] as const, (m, x) => m.call(x), ArgumentError, /^pad: reflect padding size should be less than the corresponding input dimension/),
  bad('Conv2d: input on another backend', () => [new nn.Conv2d(1, 4, 3), torch.randn([1, 1, 5, 5], { device: 'cpu2' })] as const, (m, x) => m.call(x), BackendError, apart('conv2d', 'input', 'weight')),
  ok('Conv2d: empty batch', () => [new nn.Conv2d(1, 4, 3), r(0, 1, 5, 5)] as const, (m, x) => m.call(x), [0, 4, 3, 3]),
  bad('Conv1d: 4-D input', () => [new nn.Conv1d(1, 4, 3), r(1, 1, 5, 5)] as const, (m, x) => m.call(x), ShapeError, /^conv1d: expected a 2-D \(C, L\) or 3-D \(N, C, L\) input, got shape \[1, 1, 5, 5\]/),
  bad('ConvTranspose2d: output_size out of range', () => [new nn.ConvTranspose2d(1, 2, 3, { stride: 2 }), r(1, 1, 4, 4)] as const, (m, x) => m.call(x, [20, 20]), ArgumentError, /^ConvTranspose2d: requested an output size of \[20, 20\], but valid sizes range from \[9, 9\] to \[10, 10\]/),
  bad('ConvTranspose2d: output_padding not below stride', () => [new nn.ConvTranspose2d(1, 2, 3, { output_padding: 1 }), r(1, 1, 4, 4)] as const, (m, x) => m.call(x), ArgumentError, /^conv_transpose2d: output padding must be smaller than either stride or dilation/),
  ok('ConvTranspose2d: empty batch', () => [new nn.ConvTranspose2d(1, 2, 3), r(0, 1, 4, 4)] as const, (m, x) => m.call(x), [0, 2, 6, 6]),
  bad('BatchNorm1d: 4-D input', () => [new nn.BatchNorm1d(3), r(2, 3, 2, 2)] as const, (m, x) => m.call(x), ShapeError, /^BatchNorm1d: expected 2D or 3D input \(got 4D input\)/),
  bad('BatchNorm1d: wrong channels (counters untouched)', () => [new nn.BatchNorm1d(3), r(4, 5)] as const, (m, x) => m.call(x), ShapeError, /^batch_norm: running_mean should contain 5 elements \(one per channel\), got shape \[3\]/),
  bad('BatchNorm1d: one value per channel (counters untouched)', () => [new nn.BatchNorm1d(3), r(1, 3)] as const, (m, x) => m.call(x), ArgumentError, /^batch_norm: expected more than 1 value per channel when training, got input size \[1, 3\]/),
  bad('BatchNorm1d: cumulative average, one value per channel', () => [new nn.BatchNorm1d(3, { momentum: null }), r(1, 3)] as const, (m, x) => m.call(x), ArgumentError, /^batch_norm: expected more than 1 value per channel when training/),
  bad('BatchNorm1d: input on another backend (counters untouched)', () => [new nn.BatchNorm1d(3), torch.randn([4, 3], { device: 'cpu2' })] as const, (m, x) => m.call(x), BackendError, apart('batch_norm', 'input', 'running_mean')),
  bad('BatchNorm1d: int64 input', () => [new nn.BatchNorm1d(3), i64([[1, 2, 3], [4, 5, 6]])] as const, (m, x) => m.call(x), DTypeError, /^batch_norm: expected input to be a floating point tensor, got int64/),
  bad('BatchNorm2d: 3-D input', () => [new nn.BatchNorm2d(3), r(3, 4, 4)] as const, (m, x) => m.call(x), ShapeError, /^BatchNorm2d: expected 4D input \(got 3D input\)/),
  ok('BatchNorm1d: empty batch in evaluation', () => [new nn.BatchNorm1d(3).eval(), r(0, 3)] as const, (m, x) => m.call(x), [0, 3]),
  bad('LayerNorm: wrong last dim', () => [new nn.LayerNorm(4), r(2, 3)] as const, (m, x) => m.call(x), ShapeError, /^layer_norm: given normalized_shape=\[4\], expected input with shape \[\*, 4\], but got input of size \[2, 3\]/),
  bad('GroupNorm: wrong channels', () => [new nn.GroupNorm(2, 4), r(2, 6)] as const, (m, x) => m.call(x), ShapeError, /^group_norm: weight should contain 6 elements \(one per channel\), got shape \[4\]/),
  ok('GroupNorm: empty batch', () => [new nn.GroupNorm(2, 4), r(0, 4, 2, 2)] as const, (m, x) => m.call(x), [0, 4, 2, 2]),
  bad('Embedding: index past the end', () => [new nn.Embedding(5, 3), i64([0, 5])] as const, (m, x) => m.call(x), ArgumentError, /^embedding: index 5 is out of range for 5 embeddings/),
  bad('Embedding: negative index', () => [new nn.Embedding(5, 3, { padding_idx: 0 }), i64([-1])] as const, (m, x) => m.call(x), ArgumentError, /^embedding: index -1 is out of range for 5 embeddings/),
  bad('Embedding: max_norm with an index out of range', () => [new nn.Embedding(5, 3, { max_norm: 0.1 }), i64([1, 7])] as const, (m, x) => m.call(x), ArgumentError, /^embedding: index 7 is out of range/),
  bad('Embedding: float indices', () => [new nn.Embedding(5, 3), torch.tensor([1, 2], { dtype: 'float32' })] as const, (m, x) => m.call(x), DTypeError, /^embedding: expected input \(the indices\) to be an int64 or int32 tensor, got float32/),
  bad('Embedding: indices on another backend', () => [new nn.Embedding(5, 3), torch.tensor([1], { dtype: 'int64', device: 'cpu2' })] as const, (m, x) => m.call(x), BackendError, apart('embedding', 'input', 'weight')),
  ok('Embedding: no indices', () => [new nn.Embedding(5, 3), i64([])] as const, (m, x) => m.call(x), [0, 3]),
  bad('Dropout: int64 input', () => [new nn.Dropout(0.5), i64([1, 2])] as const, (m, x) => m.call(x), DTypeError, /^dropout: expected input to be a floating point tensor, got int64/),
  bad('Dropout: in place on a leaf that requires grad', () => [new nn.Dropout(0.5, { inplace: true }), torch.randn([4], { requires_grad: true })] as const, (m, x) => m.call(x), StateError, /^dropout_: a leaf Variable that requires grad/),
  bad('ReLU: in place on a leaf that requires grad', () => [new nn.ReLU({ inplace: true }), torch.randn([4], { requires_grad: true })] as const, (m, x) => m.call(x), StateError, /^relu_: a leaf Variable that requires grad/),
  bad('LeakyReLU: negative_slope NaN', () => [new nn.LeakyReLU({ negative_slope: Number.NaN }), r(4)] as const, (m, x) => m.call(x), ArgumentError, /^leaky_relu: negative_slope must be a number, got NaN/),
  bad('ELU: alpha Infinity', () => [new nn.ELU({ alpha: Number.POSITIVE_INFINITY }), r(4)] as const, (m, x) => m.call(x), ArgumentError, /^elu: alpha must be a number, got Infinity/),
  bad('CELU: alpha 0', () => [new nn.CELU({ alpha: 0 }), r(4)] as const, (m, x) => m.call(x), ArgumentError, /^celu: alpha cannot be 0/),
  bad('Softplus: beta NaN', () => [new nn.Softplus({ beta: Number.NaN }), r(4)] as const, (m, x) => m.call(x), ArgumentError, /^softplus: beta must be a number, got NaN/),
  bad("GELU: approximate 'fast'", () => [new nn.GELU({ approximate: 'fast' as never }), r(4)] as const, (m, x) => m.call(x), ArgumentError, /^gelu: approximate must be 'none' or 'tanh', got 'fast'/),
  bad('Softmax: dim 2 of a 2-D input', () => [new nn.Softmax(2), r(2, 3)] as const, (m, x) => m.call(x), ArgumentError, /^softmax: dim 2 is out of range for a 2-D tensor/),
  bad('LogSoftmax: int64 input', () => [new nn.LogSoftmax(1), i64([[1, 2]])] as const, (m, x) => m.call(x), DTypeError, /^log_softmax: expected a floating point input/),
  bad('SiLU: disposed input', () => [new nn.SiLU(), dead(r(4))] as const, (m, x) => m.call(x), StateError, /^silu: input \(float32 \[4\]\) has been disposed/),
  bad('MaxPool2d: kernel_size 0', () => [new nn.MaxPool2d(0), r(1, 1, 4, 4)] as const, (m, x) => m.call(x), ArgumentError, /^max_pool2d: expected kernel_size to be positive, got 0/),
  bad('MaxPool2d: 2-D input', () => [new nn.MaxPool2d(2), r(4, 4)] as const, (m, x) => m.call(x), ShapeError, /^max_pool2d: expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[4, 4\]/),
  bad('MaxPool1d: padding over half the kernel', () => [new nn.MaxPool1d(2, { padding: 2 }), r(1, 1, 4)] as const, (m, x) => m.call(x), ArgumentError, /^max_pool1d: padding should be at most half of kernel size/),
  bad('AvgPool2d: divisor_override 0', () => [new nn.AvgPool2d(2, { divisor_override: 0 }), r(1, 1, 4, 4)] as const, (m, x) => m.call(x), ArgumentError, /^avg_pool2d: divisor_override must be a non-zero integer, got 0/),
  ok('MaxPool2d: empty batch', () => [new nn.MaxPool2d(2), r(0, 1, 4, 4)] as const, (m, x) => m.call(x), [0, 1, 2, 2]),
  bad('AdaptiveAvgPool2d: output_size -1', () => [new nn.AdaptiveAvgPool2d(-1), r(1, 1, 4, 4)] as const, (m, x) => m.call(x), ArgumentError, /^adaptive_avg_pool2d: output_size must be non-negative integers/),
  bad('AdaptiveMaxPool2d: int64 input', () => [new nn.AdaptiveMaxPool2d(2), torch.ones([1, 1, 4, 4], { dtype: 'int64' })] as const, (m, x) => m.call(x), DTypeError, /^adaptive_max_pool2d: expected a floating point input/),
  bad('Upsample: neither size nor scale_factor', () => [new nn.Upsample(), r(1, 1, 2, 2)] as const, (m, x) => m.call(x), ArgumentError, /^interpolate: either size or scale_factor should be defined/),
  bad('Upsample: bilinear on a 3-D input', () => [new nn.Upsample({ scale_factor: 2, mode: 'bilinear' }), r(1, 1, 4)] as const, (m, x) => m.call(x), ShapeError, /^interpolate: got a 3-D input, but bilinear mode needs a 4-D input/),
  bad('PixelShuffle: channels not divisible', () => [new nn.PixelShuffle(2), r(1, 3, 2, 2)] as const, (m, x) => m.call(x), ShapeError, /^pixel_shuffle: expected the channel dimension \(input.size\(-3\)=3\) to be divisible by the square of upscale_factor \(4\)/),
  bad('Flatten: start_dim 5', () => [new nn.Flatten(5), r(2, 3)] as const, (m, x) => m.call(x), ArgumentError, /^flatten: .*5/),
  bad('Unflatten: sizes do not multiply out', () => [new nn.Unflatten(1, [2, 2]), r(2, 6)] as const, (m, x) => m.call(x), ShapeError, /^unflatten: shape \[2, 2\] is invalid for input of size 6/),
  // Intermediate activations are the caller's to free, failed call or not: run it as documented, in a scope.
  bad('Sequential: a layer of the wrong width', () => [new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(5, 2)), r(2, 3)] as const, (m, x) => torch.scope(() => m.call(x)), ShapeError, /^linear: input's last dim \(4, shape \[2, 4\]\) must equal weight's in_features \(5, shape \[2, 5\]\)/),
];

const lossRows: Row[] = [
  bad('CrossEntropyLoss: label_smoothing NaN', () => [new nn.CrossEntropyLoss({ label_smoothing: Number.NaN }), r(2, 3), i64([0, 1])] as const, (m, x, t) => m.call(x, t), ArgumentError, /^cross_entropy: label_smoothing must be a number, got NaN/),
  bad('CrossEntropyLoss: label_smoothing 1.5', () => [new nn.CrossEntropyLoss({ label_smoothing: 1.5 }), r(2, 3), i64([0, 1])] as const, (m, x, t) => m.call(x, t), ArgumentError, /^cross_entropy: label_smoothing must be between 0.0 and 1.0, got 1.5/),
  bad('CrossEntropyLoss: target out of range', () => [new nn.CrossEntropyLoss(), r(2, 3), i64([0, 3])] as const, (m, x, t) => m.call(x, t), ArgumentError, /^cross_entropy: target 3 is out of bounds/),
  bad('CrossEntropyLoss: -100 is not ignored when ignore_index is 0', () => [new nn.CrossEntropyLoss({ ignore_index: 0 }), r(2, 3), i64([-100, 1])] as const, (m, x, t) => m.call(x, t), ArgumentError, /^cross_entropy: target -100 is out of bounds .*ignore_index 0\)/),
  ok('CrossEntropyLoss: out-of-range target equal to ignore_index', () => [new nn.CrossEntropyLoss({ ignore_index: 9 }), r(2, 3), i64([9, 1])] as const, (m, x, t) => m.call(x, t), []),
  bad('CrossEntropyLoss: weight buffer of the wrong size', () => [new nn.CrossEntropyLoss({ weight: torch.ones([2]) }), r(2, 3), i64([0, 1])] as const, (m, x, t) => m.call(x, t), ShapeError, /^cross_entropy: weight tensor should be defined either for all 3 classes or no classes/),
  bad('CrossEntropyLoss: weight buffer on another backend', () => [new nn.CrossEntropyLoss({ weight: torch.ones([3], { device: 'cpu2' }) }), r(2, 3), i64([0, 1])] as const, (m, x, t) => m.call(x, t), BackendError, apart('cross_entropy', 'input', 'weight')),
  ok('CrossEntropyLoss: empty batch', () => [new nn.CrossEntropyLoss(), r(0, 3), i64([])] as const, (m, x, t) => m.call(x, t), []),
  bad('NLLLoss: float targets', () => [new nn.NLLLoss(), r(2, 3), torch.tensor([0, 1], { dtype: 'float32' })] as const, (m, x, t) => m.call(x, t), DTypeError, /^nll_loss: expected target to be an int64 tensor of class indices/),
  bad('MSELoss: shapes do not broadcast', () => [new nn.MSELoss(), r(2, 3), r(4)] as const, (m, x, t) => m.call(x, t), ShapeError, /^mse_loss: shapes \[2, 3\] and \[4\] cannot broadcast/),
  bad('L1Loss: int64 input', () => [new nn.L1Loss(), i64([1, 2]), r(2)] as const, (m, x, t) => m.call(x, t), DTypeError, /^l1_loss: expected input to be a floating point tensor, got int64/),
  bad('SmoothL1Loss: negative beta', () => [new nn.SmoothL1Loss({ beta: -1 }), r(2), r(2)] as const, (m, x, t) => m.call(x, t), ArgumentError, /^smooth_l1_loss: does not support negative values for beta, got -1/),
  bad('HuberLoss: delta 0', () => [new nn.HuberLoss({ delta: 0 }), r(2), r(2)] as const, (m, x, t) => m.call(x, t), ArgumentError, /^huber_loss: does not support non-positive values for delta, got 0/),
  bad('BCELoss: probabilities above 1', () => [new nn.BCELoss(), torch.tensor([0.5, 1.5]), torch.rand([2])] as const, (m, x, t) => m.call(x, t), ArgumentError, /^binary_cross_entropy: all elements of input should be between 0 and 1/),
  bad('BCEWithLogitsLoss: pos_weight does not broadcast', () => [new nn.BCEWithLogitsLoss({ pos_weight: torch.ones([2]) }), r(2, 3), torch.rand([2, 3])] as const, (m, x, t) => m.call(x, t), ShapeError, /^binary_cross_entropy_with_logits: shapes \[2, 3\] and \[2\] cannot broadcast/),
  bad('KLDivLoss: shapes do not broadcast', () => [new nn.KLDivLoss({ reduction: 'batchmean' }), r(2, 3), torch.rand([3, 2])] as const, (m, x, t) => m.call(x, t), ShapeError, /^kl_div: shapes \[2, 3\] and \[3, 2\] cannot broadcast/),
];

describe('bad input: module constructors', () => constructorRows.forEach(runRow));
describe('bad input: module forward', () => forwardRows.forEach(runRow));
describe('bad input: loss modules', () => lossRows.forEach(runRow));
