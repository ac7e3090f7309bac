/**
 * Optional fused kernels. `@proj/functional` calls one when the backend has it and falls back to a
 * composite of primitives otherwise, so a backend is correct as soon as its primitives are and
 * fast once it adds these. The conformance kit runs both paths.
 *
 * Every view a fused kernel receives is contiguous (row-major strides; the offset may be
 * non-zero) and floating point (float32, or float64 where the backend stores it). All arguments
 * are validated by the front end.
 */
import type { StridedView } from './backend.js';

/** Geometry of a 2-D convolution, PyTorch's meaning for each field. */
export interface Conv2dParams {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

/** Geometry of a 2-D pooling window; `outSize` is already computed (with `ceil_mode`). */
export interface Pool2dParams {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly outSize: readonly [number, number];
}

/** Average pooling extras, PyTorch's `count_include_pad` and `divisor_override`. */
export interface AvgPool2dParams extends Pool2dParams {
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
}

export interface FusedKernels<H = unknown> {
  /**
   * `F.conv2d`: `x` `[N, C, H, W]`, `weight` `[O, C/groups, kH, kW]`, `bias` `[O]` or null.
   * Output `[N, O, Ho, Wo]` with `Ho = ⌊(H + 2·padH − dilH·(kH−1) − 1)/strideH⌋ + 1`.
   */
  conv2d?(x: StridedView<H>, weight: StridedView<H>, bias: StridedView<H> | null, p: Conv2dParams): H;
  /** Gradient of `conv2d` with respect to its input: `gy` `[N, O, Ho, Wo]` → `[N, C, H, W]` (`xShape`). */
  conv2dGradInput?(gy: StridedView<H>, weight: StridedView<H>, p: Conv2dParams, xShape: readonly number[]): H;
  /** Gradient of `conv2d` with respect to its weight: → `wShape` `[O, C/groups, kH, kW]`. */
  conv2dGradWeight?(x: StridedView<H>, gy: StridedView<H>, p: Conv2dParams, wShape: readonly number[]): H;

  /**
   * `F.max_pool2d` on `[N, C, H, W]`: values `[N, C, Ho, Wo]` and int64 indices into each
   * `H·W` plane, as PyTorch's `return_indices`. Padding counts as −∞; NaN wins.
   */
  maxPool2d?(x: StridedView<H>, p: Pool2dParams): { values: H; indices: H };
  /** Gradient of `max_pool2d`: scatters `gy` to `indices` in a zero `xShape` buffer. */
  maxPool2dGrad?(gy: StridedView<H>, indices: StridedView<H>, xShape: readonly number[]): H;
  /** `F.avg_pool2d` on `[N, C, H, W]`. */
  avgPool2d?(x: StridedView<H>, p: AvgPool2dParams): H;
  /** Gradient of `avg_pool2d` → `xShape`. */
  avgPool2dGrad?(gy: StridedView<H>, p: AvgPool2dParams, xShape: readonly number[]): H;

  /** Softmax along `axis`, computed stably (max subtracted). */
  softmax?(x: StridedView<H>, axis: number): H;
  /** Log-softmax along `axis`, computed stably. */
  logSoftmax?(x: StridedView<H>, axis: number): H;
  /** Given `y = softmax(x)` and `gy`: `y · (gy − Σ gy·y)` along `axis`. */
  softmaxGrad?(y: StridedView<H>, gy: StridedView<H>, axis: number): H;
  /** Given `y = log_softmax(x)` and `gy`: `gy − exp(y) · Σ gy` along `axis`. */
  logSoftmaxGrad?(y: StridedView<H>, gy: StridedView<H>, axis: number): H;
}

/** The names of the fused kernels, for tools that list or hide them (the conformance kit). */
export const FUSED_KERNELS = [
  'conv2d', 'conv2dGradInput', 'conv2dGradWeight', 'maxPool2d', 'maxPool2dGrad', 'avgPool2d',
  'avgPool2dGrad', 'softmax', 'logSoftmax', 'softmaxGrad', 'logSoftmaxGrad',
] as const satisfies readonly (keyof FusedKernels)[];
