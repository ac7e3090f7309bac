/**
 * Sliding windows as strided views: the composite path of convolution, unfold and pooling. The
 * views are metadata over one contiguous (padded) buffer; autograd through them scatter-adds.
 */
import { type Tensor, as_strided, constantPad } from '@proj/tensor';

/** Per spatial dim of a 4-D tensor: window size, step between windows, step inside one, count. */
export interface WindowGeometry {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly out: readonly [number, number];
}

/** Pads the last two dims of `x` by `[top, bottom, left, right]` with `value` (or makes it contiguous). */
export function pad2d(x: Tensor, pads: readonly [number, number, number, number], value = 0): Tensor {
  const [t, b, l, r] = pads;
  if (t === 0 && b === 0 && l === 0 && r === 0) return x.contiguous();
  return constantPad(x, [[0, 0], [0, 0], [t, b], [l, r]], value);
}

/**
 * The windows of a contiguous `[N, C, H, W]` tensor. `order: 'taps'` gives
 * `[N, C, kH, kW, Ho, Wo]` (im2col's column order); `'pixels'` gives `[N, C, Ho, Wo, kH, kW]`.
 */
export function windows(x: Tensor, g: WindowGeometry, order: 'taps' | 'pixels'): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = g.kernel;
  const [ho, wo] = g.out;
  const taps = [g.dilation[0] * w, g.dilation[1]];
  const pixels = [g.stride[0] * w, g.stride[1]];
  const lead = [c * h * w, h * w];
  return order === 'taps'
    ? as_strided(x, [n, c, kh, kw, ho, wo], [...lead, ...taps, ...pixels], x.storage_offset())
    : as_strided(x, [n, c, ho, wo, kh, kw], [...lead, ...pixels, ...taps], x.storage_offset());
}
