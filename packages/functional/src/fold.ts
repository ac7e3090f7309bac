/**
 * `unfold` (im2col) and `fold` (col2im): sliding local blocks to columns and back.
 */
import { ArgumentError, ShapeError, type Tensor, fmtShape, isTensor, scope, tensor, zeros } from '@proj/tensor';
import { type IntOrTuple, options, requireFloating, show, tuple } from './conv-args.js';
import { requireAlive } from './call-args.js';
import { pad2d, windows } from './windows.js';

/** Keyword arguments of `unfold` and `fold`. */
export interface FoldOptions {
  dilation?: IntOrTuple;
  padding?: IntOrTuple;
  stride?: IntOrTuple;
}

interface Blocks {
  kernel: [number, number];
  dilation: [number, number];
  padding: [number, number];
  stride: [number, number];
  /** Blocks along H and W. */
  count: [number, number];
}

function blocks(op: string, size: readonly number[], kernelSize: IntOrTuple, o: FoldOptions): Blocks {
  const kernel = tuple(op, 'kernel_size', kernelSize, 2, 1) as [number, number];
  const dilation = tuple(op, 'dilation', o.dilation, 2, 1, 1) as [number, number];
  const padding = tuple(op, 'padding', o.padding, 2, 0, 0) as [number, number];
  const stride = tuple(op, 'stride', o.stride, 2, 1, 1) as [number, number];
  const count = [0, 1].map((d) => Math.floor((size[d]! + 2 * padding[d]! - dilation[d]! * (kernel[d]! - 1) - 1) / stride[d]!) + 1) as [number, number];
  if (count[0] < 1 || count[1] < 1) {
    throw new ShapeError(
      `${op}: given spatial size (${size.join(' x ')}), kernel_size ${fmtShape(kernel)}, dilation ${fmtShape(dilation)}, padding ${fmtShape(padding)} and stride ${fmtShape(stride)}, the calculated number of blocks (${count.join(' x ')}) is too small; it must be at least 1 x 1`,
    );
  }
  return { kernel, dilation, padding, stride, count };
}

/**
 * Extracts sliding local blocks (im2col), as `torch.nn.functional.unfold`:
 * `(N, C, H, W)` → `(N, C·kH·kW, L)`; unbatched `(C, H, W)` → `(C·kH·kW, L)`.
 *
 * @example
 * ```ts
 * const cols = F.unfold(x, 3, { padding: 1 }); // x [2, 4, 8, 8] → [2, 36, 64]
 * ```
 */
export function unfold(input: Tensor, kernel_size: IntOrTuple, opts: FoldOptions = {}): Tensor {
  if (!isTensor(input)) throw new ArgumentError(`unfold: expected input to be a Tensor, got ${show(input)}`);
  requireAlive('unfold', input, 'input');
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new ShapeError(`unfold: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape ${fmtShape(input.shape)}`);
  }
  requireFloating('unfold', 'input', input);
  const b = blocks('unfold', input.shape.slice(-2), kernel_size, options('unfold', opts));
  return scope(() => {
    const x = input.ndim === 4 ? input : input.unsqueeze(0);
    const [n, c] = x.shape as [number, number];
    const [ph, pw] = b.padding;
    const cols = windows(pad2d(x, [ph, ph, pw, pw]), { kernel: b.kernel, stride: b.stride, dilation: b.dilation, out: b.count }, 'taps');
    const y = cols.reshape([n, c * b.kernel[0] * b.kernel[1], b.count[0] * b.count[1]]);
    return input.ndim === 4 ? y : y.squeeze(0);
  });
}

/**
 * Combines sliding local blocks into a tensor, summing overlaps (col2im), as
 * `torch.nn.functional.fold`: `(N, C·kH·kW, L)` → `(N, C, output_size[0], output_size[1])`;
 * unbatched `(C·kH·kW, L)` → `(C, H, W)`.
 *
 * @example
 * ```ts
 * const back = F.fold(F.unfold(x, 2, { stride: 2 }), [8, 8], 2, { stride: 2 }); // equals x
 * ```
 */
export function fold(input: Tensor, output_size: IntOrTuple, kernel_size: IntOrTuple, opts: FoldOptions = {}): Tensor {
  if (!isTensor(input)) throw new ArgumentError(`fold: expected input to be a Tensor, got ${show(input)}`);
  requireAlive('fold', input, 'input');
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new ShapeError(`fold: expected a 2-D (C·kH·kW, L) or 3-D (N, C·kH·kW, L) input, got shape ${fmtShape(input.shape)}`);
  }
  requireFloating('fold', 'input', input);
  const size = tuple('fold', 'output_size', output_size, 2, 1);
  const b = blocks('fold', size, kernel_size, options('fold', opts));
  const [kh, kw] = b.kernel;
  const rows = input.shape[input.ndim - 2]!;
  const l = input.shape[input.ndim - 1]!;
  if (rows % (kh * kw) !== 0) {
    throw new ShapeError(`fold: expected size of input's dimension 1 (${rows}) to be divisible by the product of kernel_size (${kh * kw}), input shape ${fmtShape(input.shape)}`);
  }
  if (l !== b.count[0] * b.count[1]) {
    throw new ShapeError(
      `fold: given output_size ${fmtShape(size)}, kernel_size ${fmtShape(b.kernel)}, dilation ${fmtShape(b.dilation)}, padding ${fmtShape(b.padding)}, stride ${fmtShape(b.stride)}, expected size of input's last dimension to be ${b.count[0] * b.count[1]} (${b.count.join(' x ')} blocks), but got ${l}`,
    );
  }
  return scope(() => {
    const x = input.ndim === 3 ? input : input.unsqueeze(0);
    const n = x.shape[0]!;
    const c = rows / (kh * kw);
    const hp = size[0]! + 2 * b.padding[0];
    const wp = size[1]! + 2 * b.padding[1];
    const index = tensor(Array.from(targets(b, wp)), { dtype: 'int64', device: x.device });
    const src = x.reshape([n, c, kh * kw * l]);
    const out = zeros([n, c, hp * wp], { dtype: x.dtype, device: x.device })
      .scatter_add(2, index.reshape([1, 1, -1]).expand([n, c, -1]), src)
      .reshape([n, c, hp, wp])
      .narrow(2, b.padding[0], size[0]!)
      .narrow(3, b.padding[1], size[1]!);
    return input.ndim === 3 ? out : out.squeeze(0);
  });
}

/** For each (kh, kw, block) column entry, its position in the flattened padded output plane. */
function targets(b: Blocks, wp: number): Float64Array {
  const [kh, kw] = b.kernel;
  const [bh, bw] = b.count;
  const out = new Float64Array(kh * kw * bh * bw);
  let i = 0;
  for (let a = 0; a < kh; a++) {
    for (let c = 0; c < kw; c++) {
      for (let y = 0; y < bh; y++) {
        for (let x = 0; x < bw; x++) out[i++] = (y * b.stride[0] + a * b.dilation[0]) * wp + x * b.stride[1] + c * b.dilation[1];
      }
    }
  }
  return out;
}
