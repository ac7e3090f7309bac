/**
 * The bad-input matrix of `@proj/functional`, part 3: convolutions, pooling, padding, resampling,
 * folding and normalization. Wrong ranks, channel counts and geometry, NaN options, zero-size
 * batches (PyTorch's result shapes), dtypes, disposed tensors and tensors from two backends;
 * for batch_norm and instance_norm the harness also proves the running statistics untouched.
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

const r = (...shape: number[]) => torch.randn(shape);
const apart = (op: string, a: string, b: string) => new RegExp(`^${op}: expected all tensors to be on the same backend, but found 'cpu' \\(${a}\\) and 'cpu2' \\(${b}\\)`);
const gone = (op: string, arg: string) => new RegExp(`^${op}: ${arg} \\(float32 \\[[\\d,]*\\]\\) has been disposed`);
const intsOf = (...shape: number[]) => torch.ones(shape, { dtype: 'int64' });

type Conv = (x: Tensor, w: Tensor, b?: Tensor | null | object, o?: object) => Tensor;
const conv2d = F.conv2d as Conv;
const convT2d = F.conv_transpose2d as Conv;

const convRows: Row[] = [
  bad('conv2d: 2-D input', () => [r(28, 28), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w), ShapeError, /^conv2d: expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[28, 28\]/),
  bad('conv1d: 4-D input', () => [r(1, 1, 4, 4), r(2, 1, 3)] as const, (x, w) => F.conv1d(x, w), ShapeError, /^conv1d: expected a 2-D \(C, L\) or 3-D \(N, C, L\) input, got shape \[1, 1, 4, 4\]/),
  bad('conv2d: 3-D weight', () => [r(1, 1, 5, 5), r(4, 3, 3)] as const, (x, w) => conv2d(x, w), ShapeError, /^conv2d: expected a 4-D weight \(out_channels, in_channels\/groups, kH, kW\), got shape \[4, 3, 3\]/),
  bad('conv2d: channel mismatch', () => [r(1, 2, 5, 5), r(4, 3, 3, 3)] as const, (x, w) => conv2d(x, w), ShapeError, /^conv2d: given groups=1, weight of shape \[4, 3, 3, 3\], expected input \[1, 2, 5, 5\] to have 3 channels, but got 2 channels/),
  bad('conv2d: groups 0', () => [r(1, 2, 5, 5), r(4, 2, 3, 3)] as const, (x, w) => conv2d(x, w, null, { groups: 0 }), ArgumentError, /^conv2d: expected groups to be a positive integer, got 0/),
  bad('conv2d: groups NaN', () => [r(1, 2, 5, 5), r(4, 2, 3, 3)] as const, (x, w) => conv2d(x, w, null, { groups: Number.NaN }), ArgumentError, /^conv2d: expected groups to be a positive integer, got NaN/),
  bad('conv2d: groups that do not divide out_channels', () => [r(1, 6, 5, 5), r(4, 2, 3, 3)] as const, (x, w) => conv2d(x, w, null, { groups: 3 }), ShapeError, /^conv2d: given groups=3, expected weight to be divisible by 3 at dimension 0/),
  bad('conv2d: bias of the wrong size', () => [r(1, 1, 5, 5), r(4, 1, 3, 3), r(3)] as const, (x, w, b) => conv2d(x, w, b), ShapeError, /^conv2d: given weight of shape \[4, 1, 3, 3\], expected bias to be 1-D with 4 elements, got shape \[3\]/),
  bad('conv2d: int64 input', () => [intsOf(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w), DTypeError, /^conv2d: expected a floating point input \(float16, float32 or float64\), got int64/),
  bad('conv2d: float64 weight', () => [r(1, 1, 5, 5), torch.randn([4, 1, 3, 3], { dtype: 'float64' })] as const, (x, w) => conv2d(x, w), DTypeError, /^conv2d: expected weight to have the input's dtype float32, got float64/),
  bad('conv2d: stride 0', () => [r(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w, { stride: 0 }), ArgumentError, /^conv2d: expected stride to be positive, got 0/),
  bad('conv2d: stride of three values', () => [r(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w, { stride: [1, 1, 1] }), ArgumentError, /^conv2d: expected stride to be a single integer or a list of 2 integers, got \[1, 1, 1\]/),
  bad('conv2d: negative padding', () => [r(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w, { padding: -1 }), ArgumentError, /^conv2d: expected padding to be non-negative, got -1/),
  bad('conv2d: dilation NaN', () => [r(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w, { dilation: Number.NaN }), ArgumentError, /^conv2d: expected dilation to be a single integer or a list of 2 integers, got NaN/),
  bad("conv2d: padding 'same' with stride 2", () => [r(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w, { padding: 'same', stride: 2 }), ArgumentError, /^conv2d: padding='same' is not supported for strided convolutions/),
  bad("conv2d: padding 'full'", () => [r(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w, { padding: 'full' as never }), ArgumentError, /^conv2d: invalid padding string 'full', expected 'same' or 'valid'/),
  bad('conv2d: kernel larger than the input', () => [r(1, 1, 2, 2), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w), ShapeError, /^conv2d: the padded input size per channel \(2 x 2\) is smaller than the dilated kernel size \(3 x 3\)/),
  bad('conv2d: options in place of a bias', () => [r(1, 1, 5, 5), r(4, 1, 3, 3)] as const, (x, w) => conv2d(x, w, null, 2 as never), ArgumentError, /^conv2d: expected the keyword arguments as an options object/),
  bad('conv2d: weight on another backend', () => [r(1, 1, 5, 5), torch.randn([4, 1, 3, 3], { device: 'cpu2' })] as const, (x, w) => conv2d(x, w), BackendError, apart('conv2d', 'input', 'weight')),
  bad('conv2d: bias on another backend', () => [r(1, 1, 5, 5), r(4, 1, 3, 3), torch.randn([4], { device: 'cpu2' })] as const, (x, w, b) => conv2d(x, w, b), BackendError, apart('conv2d', 'input', 'bias')),
  bad('conv2d: disposed weight', () => [r(1, 1, 5, 5), dead(r(4, 1, 3, 3))] as const, (x, w) => conv2d(x, w), StateError, gone('conv2d', 'weight')),
  bad('conv1d: disposed input', () => [dead(r(1, 1, 5)), r(2, 1, 3)] as const, (x, w) => F.conv1d(x, w), StateError, gone('conv1d', 'input')),
  ok('conv2d: empty batch', () => [r(0, 1, 4, 4), r(2, 1, 3, 3)] as const, (x, w) => conv2d(x, w), [0, 2, 2, 2]),
  ok('conv1d: empty batch', () => [r(0, 1, 4), r(2, 1, 3)] as const, (x, w) => F.conv1d(x, w), [0, 2, 2]),
  bad('conv_transpose2d: output_padding not below stride or dilation', () => [r(1, 2, 3, 3), r(2, 1, 3, 3)] as const, (x, w) => convT2d(x, w, null, { stride: 2, output_padding: 2 }), ArgumentError, /^conv_transpose2d: output padding must be smaller than either stride or dilation/),
  bad('conv_transpose2d: padding string', () => [r(1, 2, 3, 3), r(2, 1, 3, 3)] as const, (x, w) => convT2d(x, w, null, { padding: 'same' }), ArgumentError, /^conv_transpose2d: padding must be an integer or a list of integers, got 'same'/),
  bad('conv_transpose2d: output too small', () => [r(1, 2, 1, 1), r(2, 1, 1, 1)] as const, (x, w) => convT2d(x, w, null, { padding: 1 }), ShapeError, /^conv_transpose2d: given input size per channel \(1 x 1\), the calculated output size per channel \(-1 x -1\) is too small/),
  bad('conv_transpose2d: channel mismatch', () => [r(1, 3, 3, 3), r(2, 1, 3, 3)] as const, (x, w) => convT2d(x, w), ShapeError, /^conv_transpose2d: given groups=1, weight of shape \[2, 1, 3, 3\], expected input \[1, 3, 3, 3\] to have 2 channels, but got 3 channels/),
  bad('conv_transpose1d: weight on another backend', () => [r(1, 2, 3), torch.randn([2, 1, 3], { device: 'cpu2' })] as const, (x, w) => F.conv_transpose1d(x, w), BackendError, apart('conv_transpose1d', 'input', 'weight')),
  ok('conv_transpose2d: empty batch', () => [r(0, 1, 4, 4), r(1, 2, 3, 3)] as const, (x, w) => convT2d(x, w), [0, 2, 6, 6]),
  ok('conv_transpose1d: empty batch', () => [r(0, 1, 4), r(1, 2, 3)] as const, (x, w) => F.conv_transpose1d(x, w), [0, 2, 6]),
];

type Pool = (x: Tensor, k: number, o?: object) => Tensor;
const POOLS: [string, Pool, number][] = [['max_pool2d', F.max_pool2d as Pool, 2], ['max_pool1d', F.max_pool1d as Pool, 1], ['avg_pool2d', F.avg_pool2d as Pool, 2], ['avg_pool1d', F.avg_pool1d as Pool, 1]];
const plane = (spatial: number, n = 1, c = 1, s = 4) => r(n, c, ...new Array<number>(spatial).fill(s));

const poolRows: Row[] = [
  ...POOLS.flatMap(([op, fn, sp]) => [
    bad(`${op}: input of rank ${sp}`, () => [r(...new Array<number>(sp).fill(4))] as const, (x) => fn(x, 2), ShapeError, new RegExp(`^${op}: expected a ${sp + 1}-D .* or ${sp + 2}-D .* input, got shape`)),
    bad(`${op}: int64 input`, () => [torch.ones([1, 1, ...new Array<number>(sp).fill(4)], { dtype: 'int64' })] as const, (x) => fn(x, 2), DTypeError, new RegExp(`^${op}: expected a floating point input \\(float16, float32 or float64\\), got int64`)),
    bad(`${op}: kernel_size 0`, () => [plane(sp)] as const, (x) => fn(x, 0), ArgumentError, new RegExp(`^${op}: expected kernel_size to be positive, got 0`)),
    bad(`${op}: stride 0`, () => [plane(sp)] as const, (x) => fn(x, 2, { stride: 0 }), ArgumentError, new RegExp(`^${op}: expected stride to be positive, got 0`)),
    bad(`${op}: padding over half the kernel`, () => [plane(sp)] as const, (x) => fn(x, 2, { padding: 2 }), ArgumentError, new RegExp(`^${op}: padding should be at most half of kernel size`)),
    bad(`${op}: kernel larger than the input`, () => [plane(sp)] as const, (x) => fn(x, 5), ShapeError, new RegExp(`^${op}: given input size \\(.*\\), the calculated output size \\(.*\\) is too small`)),
    bad(`${op}: zero channels`, () => [plane(sp, 1, 0)] as const, (x) => fn(x, 2), ShapeError, new RegExp(`^${op}: expected an input with non-zero channel and spatial sizes`)),
    bad(`${op}: ceil_mode not a boolean`, () => [plane(sp)] as const, (x) => fn(x, 2, { ceil_mode: 1 }), ArgumentError, new RegExp(`^${op}: expected ceil_mode to be a boolean, got 1`)),
    bad(`${op}: disposed input`, () => [dead(plane(sp))] as const, (x) => fn(x, 2), StateError, gone(op, 'input')),
    ok(`${op}: empty batch`, () => [plane(sp, 0)] as const, (x) => fn(x, 2), [0, 1, ...new Array<number>(sp).fill(2)]),
  ]),
  bad('avg_pool2d: divisor_override 0', () => [plane(2)] as const, (x) => F.avg_pool2d(x, 2, { divisor_override: 0 }), ArgumentError, /^avg_pool2d: divisor_override must be a non-zero integer, got 0/),
  bad('avg_pool1d: divisor_override given', () => [plane(1)] as const, (x) => F.avg_pool1d(x, 2, { divisor_override: 2 } as never), ArgumentError, /^avg_pool1d: got an unexpected keyword argument divisor_override/),
  bad('adaptive_avg_pool2d: negative output_size', () => [plane(2)] as const, (x) => F.adaptive_avg_pool2d(x, -1), ArgumentError, /^adaptive_avg_pool2d: output_size must be non-negative integers/),
  bad('adaptive_avg_pool2d: three output sizes', () => [plane(2)] as const, (x) => F.adaptive_avg_pool2d(x, [2, 2, 2]), ArgumentError, /^adaptive_avg_pool2d: output_size must have 2 elements, got \[2, 2, 2\]/),
  bad('adaptive_avg_pool2d: empty height', () => [r(1, 1, 0, 4)] as const, (x) => F.adaptive_avg_pool2d(x, 2), ShapeError, /^adaptive_avg_pool2d: expected input to have non-zero size for non-batch dimensions, got shape \[1, 1, 0, 4\]/),
  bad('adaptive_max_pool2d: output_size NaN', () => [plane(2)] as const, (x) => F.adaptive_max_pool2d(x, Number.NaN), ArgumentError, /^adaptive_max_pool2d: output_size must be non-negative integers/),
  bad('adaptive_max_pool1d: 2-D output size', () => [plane(1)] as const, (x) => F.adaptive_max_pool1d(x, [2, 2]), ArgumentError, /^adaptive_max_pool1d: output_size must have 1 element, got \[2, 2\]/),
  bad('adaptive_avg_pool1d: int64 input', () => [intsOf(1, 1, 4)] as const, (x) => F.adaptive_avg_pool1d(x, 2), DTypeError, /^adaptive_avg_pool1d: expected a floating point input/),
  bad('adaptive_max_pool2d: disposed input', () => [dead(plane(2))] as const, (x) => F.adaptive_max_pool2d(x, 2), StateError, gone('adaptive_max_pool2d', 'input')),
  ok('adaptive_avg_pool2d: empty batch', () => [plane(2, 0)] as const, (x) => F.adaptive_avg_pool2d(x, 2), [0, 1, 2, 2]),
  ok('adaptive_avg_pool1d: empty batch', () => [plane(1, 0)] as const, (x) => F.adaptive_avg_pool1d(x, 2), [0, 1, 2]),
  ok('adaptive_max_pool2d: empty batch', () => [plane(2, 0)] as const, (x) => F.adaptive_max_pool2d(x, 2), [0, 1, 2, 2]),
  ok('adaptive_max_pool1d: empty batch', () => [plane(1, 0)] as const, (x) => F.adaptive_max_pool1d(x, 2), [0, 1, 2]),
];

const resampleRows: Row[] = [
  bad('pad: odd length', () => [r(2, 3)] as const, (x) => F.pad(x, [1, 1, 1]), ArgumentError, /^pad: padding length must be divisible by 2, got 3/),
  bad('pad: more dims than the input', () => [r(3)] as const, (x) => F.pad(x, [1, 1, 1, 1]), ArgumentError, /^pad: padding length 4 is too large for a 1-D input/),
  bad('pad: fractional amount', () => [r(2, 3)] as const, (x) => F.pad(x, [1.5, 1]), ArgumentError, /^pad: expected pad to be a list of integers, got \[1.5, 1\]/),
  bad('pad: unknown mode', () => [r(1, 2, 3)] as const, (x) => F.pad(x, [1, 1], { mode: 'wrap' as never }), ArgumentError, /^pad: unrecognised padding mode 'wrap'/),
  bad('pad: reflect as wide as the dim', () => [r(1, 2, 3)] as const, (x) => F.pad(x, [3, 0], 'reflect'), ArgumentError, /^pad: reflect padding size should be less than the corresponding input dimension, but got padding \(3, 0\) at dimension 2/),
  bad('pad: circular on an unbatched input', () => [r(2, 3)] as const, (x) => F.pad(x, [1, 1], 'circular'), ShapeError, /^pad: circular padding of the last 1 dim \(pad \[1, 1\]\) needs a 3-D \(N, C, \*\) input/),
  bad('pad: value with replicate', () => [r(1, 2, 3)] as const, (x) => F.pad(x, [1, 1], 'replicate', 2), ArgumentError, /^pad: padding mode 'replicate' doesn't take in value argument, got value 2/),
  bad('pad: crops the dim away', () => [r(1, 2, 3)] as const, (x) => F.pad(x, [-2, -1], 'replicate'), ShapeError, /^pad: replicate padding \(-2, -1\) of dim 2 of an input of shape \[1, 2, 3\] gives an output size 0/),
  bad('pad: disposed input', () => [dead(r(2, 3))] as const, (x) => F.pad(x, [1, 1]), StateError, gone('pad', 'input')),
  ok('pad: empty batch, constant', () => [r(0, 2)] as const, (x) => F.pad(x, [1, 1]), [0, 4]),
  ok('pad: empty batch, reflect', () => [r(0, 1, 3)] as const, (x) => F.pad(x, [1, 1], 'reflect'), [0, 1, 5]),
  bad('interpolate: neither size nor scale_factor', () => [r(1, 1, 4, 4)] as const, (x) => F.interpolate(x, {}), ArgumentError, /^interpolate: either size or scale_factor should be defined/),
  bad('interpolate: both size and scale_factor', () => [r(1, 1, 4, 4)] as const, (x) => F.interpolate(x, { size: 8, scale_factor: 2 }), ArgumentError, /^interpolate: only one of size or scale_factor should be defined/),
  bad('interpolate: unknown mode', () => [r(1, 1, 4, 4)] as const, (x) => F.interpolate(x, { size: 8, mode: 'trilinear' as never }), ArgumentError, /^interpolate: unknown mode 'trilinear'/),
  bad('interpolate: bilinear on a 3-D input', () => [r(1, 1, 4)] as const, (x) => F.interpolate(x, { size: 8, mode: 'bilinear' }), ShapeError, /^interpolate: got a 3-D input, but bilinear mode needs a 4-D input/),
  bad('interpolate: 2-D input', () => [r(4, 4)] as const, (x) => F.interpolate(x, { size: 8 }), ShapeError, /^interpolate: expected a 3-D \(N, C, L\) or 4-D \(N, C, H, W\) input, got shape \[4, 4\]/),
  bad('interpolate: align_corners with nearest', () => [r(1, 1, 4, 4)] as const, (x) => F.interpolate(x, { size: 8, align_corners: true }), ArgumentError, /^interpolate: align_corners option can only be set with the interpolating modes/),
  bad('interpolate: size list of the wrong length', () => [r(1, 1, 4, 4)] as const, (x) => F.interpolate(x, [8, 8, 8]), ArgumentError, /^interpolate: input and size must have the same number of spatial dimensions/),
  bad('interpolate: scale_factor NaN', () => [r(1, 1, 4, 4)] as const, (x) => F.interpolate(x, { scale_factor: Number.NaN }), ArgumentError, /^interpolate: expected scale_factor to be a number or a list of them, got NaN/),
  bad('interpolate: output size 0', () => [r(1, 1, 4, 4)] as const, (x) => F.interpolate(x, { scale_factor: 0.1 }), ShapeError, /^interpolate: input and output sizes should be greater than 0/),
  bad('interpolate: int64 input', () => [intsOf(1, 1, 2, 2)] as const, (x) => F.interpolate(x, { scale_factor: 2 }), DTypeError, /^interpolate: expected a floating point input, got int64/),
  bad('interpolate: disposed input', () => [dead(r(1, 1, 2, 2))] as const, (x) => F.interpolate(x, { scale_factor: 2 }), StateError, gone('interpolate', 'input')),
  ok('interpolate: empty batch', () => [r(0, 1, 2, 2)] as const, (x) => F.interpolate(x, { scale_factor: 2 }), [0, 1, 4, 4]),
  ok('interpolate: empty batch, bilinear', () => [r(0, 1, 2, 2)] as const, (x) => F.interpolate(x, { size: [3, 3], mode: 'bilinear' }), [0, 1, 3, 3]),
  bad('pixel_shuffle: factor 0', () => [r(1, 4, 2, 2)] as const, (x) => F.pixel_shuffle(x, 0), ArgumentError, /^pixel_shuffle: expected upscale_factor to be a positive integer, got 0/),
  bad('pixel_shuffle: channels not divisible', () => [r(1, 3, 2, 2)] as const, (x) => F.pixel_shuffle(x, 2), ShapeError, /^pixel_shuffle: expected the channel dimension \(input.size\(-3\)=3\) to be divisible by the square of upscale_factor \(4\)/),
  bad('pixel_shuffle: 2-D input', () => [r(4, 4)] as const, (x) => F.pixel_shuffle(x, 2), ShapeError, /^pixel_shuffle: expected an input with at least 3 dims/),
  bad('pixel_unshuffle: size not divisible', () => [r(1, 1, 3, 4)] as const, (x) => F.pixel_unshuffle(x, 2), ShapeError, /^pixel_unshuffle: expected height \(3\) and width \(4\) to be divisible by downscale_factor \(2\)/),
  bad('pixel_unshuffle: factor 1.5', () => [r(1, 1, 4, 4)] as const, (x) => F.pixel_unshuffle(x, 1.5), ArgumentError, /^pixel_unshuffle: expected downscale_factor to be a positive integer, got 1.5/),
  ok('pixel_shuffle: empty batch', () => [r(0, 4, 2, 2)] as const, (x) => F.pixel_shuffle(x, 2), [0, 1, 4, 4]),
  ok('pixel_unshuffle: empty batch', () => [r(0, 1, 4, 4)] as const, (x) => F.pixel_unshuffle(x, 2), [0, 4, 2, 2]),
  bad('unfold: 2-D input', () => [r(4, 4)] as const, (x) => F.unfold(x, 2), ShapeError, /^unfold: expected a 3-D \(C, H, W\) or 4-D \(N, C, H, W\) input, got shape \[4, 4\]/),
  bad('unfold: kernel_size 0', () => [r(1, 1, 4, 4)] as const, (x) => F.unfold(x, 0), ArgumentError, /^unfold: expected kernel_size to be positive, got 0/),
  bad('unfold: kernel larger than the input', () => [r(1, 1, 2, 2)] as const, (x) => F.unfold(x, 3), ShapeError, /^unfold: given spatial size \(2 x 2\), kernel_size \[3, 3\].* the calculated number of blocks \(0 x 0\) is too small/),
  bad('fold: wrong number of blocks', () => [r(1, 4, 8)] as const, (x) => F.fold(x, [4, 4], 2), ShapeError, /^fold: given output_size \[4, 4\], kernel_size \[2, 2\].* expected size of input's last dimension to be 9 \(3 x 3 blocks\), but got 8/),
  bad('fold: rows not divisible by the kernel', () => [r(1, 5, 9)] as const, (x) => F.fold(x, [4, 4], 2), ShapeError, /^fold: expected size of input's dimension 1 \(5\) to be divisible by the product of kernel_size \(4\)/),
  bad('fold: output_size 0', () => [r(1, 4, 9)] as const, (x) => F.fold(x, 0, 2), ArgumentError, /^fold: expected output_size to be positive, got 0/),
  ok('unfold: empty batch', () => [r(0, 1, 4, 4)] as const, (x) => F.unfold(x, 2), [0, 4, 9]),
  ok('fold: empty batch', () => [r(0, 4, 9)] as const, (x) => F.fold(x, [4, 4], 2), [0, 1, 4, 4]),
];

const stats = (c = 3) => [torch.zeros([c]), torch.ones([c])] as const;
const bn = F.batch_norm as (...a: unknown[]) => Tensor;
const normRows: Row[] = [
  bad('batch_norm: 1-D input', () => [r(3), ...stats()] as const, (x, m, v) => bn(x, m, v, { training: true }), ShapeError, /^batch_norm: expected a 2-D or higher \(N, C, \.\.\.\) input, got shape \[3\]/),
  bad('batch_norm: running_mean of the wrong size', () => [r(2, 3), torch.zeros([4]), torch.ones([3])] as const, (x, m, v) => bn(x, m, v, { training: true }), ShapeError, /^batch_norm: running_mean should contain 3 elements \(one per channel\), got shape \[4\]/),
  bad('batch_norm: weight of the wrong size', () => [r(2, 3), ...stats(), torch.ones([2])] as const, (x, m, v, w) => bn(x, m, v, w, null, { training: true }), ShapeError, /^batch_norm: weight should contain 3 elements \(one per channel\), got shape \[2\]/),
  bad('batch_norm: momentum NaN', () => [r(2, 3), ...stats()] as const, (x, m, v) => bn(x, m, v, { training: true, momentum: Number.NaN }), ArgumentError, /^batch_norm: momentum must be a number, got NaN/),
  bad('batch_norm: eps Infinity', () => [r(2, 3), ...stats()] as const, (x, m, v) => bn(x, m, v, { training: true, eps: Number.POSITIVE_INFINITY }), ArgumentError, /^batch_norm: eps must be a number, got Infinity/),
  bad('batch_norm: evaluation without running statistics', () => [r(2, 3)] as const, (x) => bn(x, null, null), ArgumentError, /^batch_norm: running_mean and running_var must be defined in evaluation mode/),
  bad('batch_norm: one value per channel when training', () => [r(1, 3), ...stats()] as const, (x, m, v) => bn(x, m, v, { training: true }), ArgumentError, /^batch_norm: expected more than 1 value per channel when training, got input size \[1, 3\]/),
  bad('batch_norm: int64 running_var', () => [r(2, 3), torch.zeros([3]), intsOf(3)] as const, (x, m, v) => bn(x, m, v, { training: true }), DTypeError, /^batch_norm: expected running_var to be a floating point tensor, got int64/),
  bad('batch_norm: int64 input', () => [intsOf(2, 3), ...stats()] as const, (x, m, v) => bn(x, m, v, { training: true }), DTypeError, /^batch_norm: expected input to be a floating point tensor, got int64/),
  bad('batch_norm: running_var on another backend', () => [r(2, 3), torch.zeros([3]), torch.ones([3], { device: 'cpu2' })] as const, (x, m, v) => bn(x, m, v, { training: true }), BackendError, apart('batch_norm', 'input', 'running_var')),
  bad('batch_norm: bias on another backend (running stats untouched)', () => [r(2, 3), ...stats(), torch.ones([3]), torch.zeros([3], { device: 'cpu2' })] as const, (x, m, v, w, b) => bn(x, m, v, w, b, { training: true }), BackendError, apart('batch_norm', 'input', 'bias')),
  bad('batch_norm: disposed running_mean', () => [r(2, 3), dead(torch.zeros([3])), torch.ones([3])] as const, (x, m, v) => bn(x, m, v, { training: true }), StateError, gone('batch_norm', 'running_mean')),
  ok('batch_norm: empty batch, training (running stats unchanged)', () => [r(0, 3), ...stats()] as const, (x, m, v) => bn(x, m, v, { training: true }), [0, 3]),
  ok('batch_norm: empty batch, evaluation', () => [r(0, 3), ...stats()] as const, (x, m, v) => bn(x, m, v), [0, 3]),
  bad('instance_norm: 1-D input', () => [r(3)] as const, (x) => F.instance_norm(x), ShapeError, /^instance_norm: expected a 2-D or higher \(N, C, \.\.\.\) input, got shape \[3\]/),
  bad('instance_norm: one spatial element', () => [r(2, 3, 1)] as const, (x) => F.instance_norm(x), ArgumentError, /^instance_norm: expected more than 1 spatial element when use_input_stats is true, got input size \[2, 3, 1\]/),
  bad('instance_norm: running_mean of the wrong size', () => [r(2, 3, 4), torch.zeros([2]), torch.ones([3])] as const, (x, m, v) => F.instance_norm(x, m, v), ShapeError, /^instance_norm: running_mean should contain 3 elements/),
  bad('instance_norm: no running statistics without input stats', () => [r(2, 3, 4)] as const, (x) => F.instance_norm(x, { use_input_stats: false }), ArgumentError, /^instance_norm: running_mean and running_var must be given when use_input_stats is false/),
  bad('instance_norm: momentum Infinity', () => [r(2, 3, 4), ...stats()] as const, (x, m, v) => F.instance_norm(x, m, v, null, null, { momentum: Number.POSITIVE_INFINITY }), ArgumentError, /^instance_norm: momentum must be a number, got Infinity/),
  bad('instance_norm: weight on another backend (running stats untouched)', () => [r(2, 3, 4), ...stats(), torch.ones([3], { device: 'cpu2' })] as const, (x, m, v, w) => F.instance_norm(x, m, v, w), BackendError, apart('instance_norm', 'input', 'weight')),
  ok('instance_norm: empty batch', () => [r(0, 2, 3)] as const, (x) => F.instance_norm(x), [0, 2, 3]),
  bad('layer_norm: normalized_shape does not match', () => [r(2, 3)] as const, (x) => F.layer_norm(x, [4]), ShapeError, /^layer_norm: given normalized_shape=\[4\], expected input with shape \[\*, 4\], but got input of size \[2, 3\]/),
  bad('layer_norm: empty normalized_shape', () => [r(2, 3)] as const, (x) => F.layer_norm(x, []), ArgumentError, /^layer_norm: normalized_shape must be a non-empty list of sizes, got \[\]/),
  bad('layer_norm: negative normalized_shape', () => [r(2, 3)] as const, (x) => F.layer_norm(x, -3), ArgumentError, /^layer_norm: normalized_shape must be a non-empty list of sizes, got -3/),
  bad('layer_norm: weight of another shape', () => [r(2, 3), torch.ones([1, 3])] as const, (x, w) => F.layer_norm(x, [3], w), ShapeError, /^layer_norm: expected weight to be of same shape as normalized_shape, but got weight of shape \[1, 3\]/),
  bad('layer_norm: eps NaN', () => [r(2, 3)] as const, (x) => F.layer_norm(x, [3], { eps: Number.NaN }), ArgumentError, /^layer_norm: eps must be a number, got NaN/),
  bad('layer_norm: int64 input', () => [intsOf(2, 3)] as const, (x) => F.layer_norm(x, [3]), DTypeError, /^layer_norm: expected input to be a floating point tensor, got int64/),
  bad('layer_norm: bias on another backend', () => [r(2, 3), torch.ones([3]), torch.zeros([3], { device: 'cpu2' })] as const, (x, w, b) => F.layer_norm(x, [3], w, b), BackendError, apart('layer_norm', 'input', 'bias')),
  ok('layer_norm: empty batch', () => [r(0, 3)] as const, (x) => F.layer_norm(x, [3]), [0, 3]),
  bad('group_norm: num_groups 0', () => [r(2, 4)] as const, (x) => F.group_norm(x, 0), ArgumentError, /^group_norm: num_groups must be in \[1, inf\], got 0/),
  bad('group_norm: num_groups NaN', () => [r(2, 4)] as const, (x) => F.group_norm(x, Number.NaN), ArgumentError, /^group_norm: num_groups must be an integer, got NaN/),
  bad('group_norm: channels not divisible', () => [r(2, 4)] as const, (x) => F.group_norm(x, 3), ShapeError, /^group_norm: expected number of channels in input to be divisible by num_groups, but got input of shape \[2, 4\] and num_groups=3/),
  bad('group_norm: 1-D input', () => [r(4)] as const, (x) => F.group_norm(x, 2), ShapeError, /^group_norm: expected a 2-D or higher \(N, C, \.\.\.\) input, got shape \[4\]/),
  bad('group_norm: one value per group', () => [r(1, 2)] as const, (x) => F.group_norm(x, 2), ArgumentError, /^group_norm: expected more than 1 value per group, got input size \[1, 2\] with num_groups=2/),
  bad('group_norm: weight on another backend', () => [r(2, 4), torch.ones([4], { device: 'cpu2' })] as const, (x, w) => F.group_norm(x, 2, w), BackendError, apart('group_norm', 'input', 'weight')),
  bad('group_norm: disposed bias', () => [r(2, 4), torch.ones([4]), dead(torch.zeros([4]))] as const, (x, w, b) => F.group_norm(x, 2, w, b), StateError, gone('group_norm', 'bias')),
  ok('group_norm: empty batch', () => [r(0, 4)] as const, (x) => F.group_norm(x, 2), [0, 4]),
  ok('group_norm: empty batch of planes', () => [r(0, 4, 2, 2)] as const, (x) => F.group_norm(x, 2), [0, 4, 2, 2]),
];

describe('bad input: convolutions', () => convRows.forEach(runRow));
describe('bad input: pooling', () => poolRows.forEach(runRow));
describe('bad input: padding, resampling and folding', () => resampleRows.forEach(runRow));
describe('bad input: normalization', () => normRows.forEach(runRow));
