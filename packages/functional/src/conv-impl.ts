/**
 * The two paths of a (validated, batched, 4-D) convolution: the backend's fused kernels with a
 * dedicated backward, or a composite of tensor ops that runs on every backend. Transposed
 * convolution reuses the same kernels: its forward is conv2d's input gradient.
 */
import {
  type Backend,
  constantPad,
  type Conv2dParams,
  type Tensor,
  backendOf,
  kview,
  needsGrad,
  no_grad,
  record,
  scope,
  wrap,
} from '@proj/tensor';
import { pad2d, windows } from './windows.js';

/** Convolution geometry with explicit `[top, bottom, left, right]` padding (asymmetric for 'same'). */
export interface ConvGeometry {
  readonly stride: readonly [number, number];
  readonly pad: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

/** Transposed convolution geometry (symmetric padding, plus `output_padding`). */
export interface ConvTransposeGeometry {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly outputPadding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

type Fused = Required<Pick<Backend, 'conv2d' | 'conv2dGradInput' | 'conv2dGradWeight'>>;

/** The backend when it has all three conv kernels. */
export function fusedConv(be: Backend): Fused | null {
  return be.conv2d && be.conv2dGradInput && be.conv2dGradWeight ? (be as Fused) : null;
}

function outSize(size: number, k: number, lo: number, hi: number, s: number, d: number): number {
  return Math.floor((size + lo + hi - d * (k - 1) - 1) / s) + 1;
}

/** `x` `[N, C, H, W]` ⋆ `w` `[O, C/g, kH, kW]` (+ `b` `[O]`). */
export function convolution(x: Tensor, w: Tensor, b: Tensor | null, g: ConvGeometry): Tensor {
  const be = backendOf('conv2d', x, w, b);
  const fused = fusedConv(be);
  return scope(() => {
    if (!fused) return composite(x, w, b, g);
    const [t, bo, l, r] = g.pad;
    const ph = Math.min(t, bo);
    const pw = Math.min(l, r);
    // The fused kernels pad symmetrically; 'same' with an even kernel pads one more at the end.
    const xs = ph === t && ph === bo && pw === l && pw === r ? x : pad2d(x, [t - ph, bo - ph, l - pw, r - pw]);
    return fusedForward(be, fused, xs, w, b, { stride: g.stride, padding: [ph, pw], dilation: g.dilation, groups: g.groups });
  });
}

function composite(x: Tensor, w: Tensor, b: Tensor | null, g: ConvGeometry): Tensor {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [t, bo, l, r] = g.pad;
  const ho = outSize(h, kh, t, bo, g.stride[0], g.dilation[0]);
  const wo = outSize(wd, kw, l, r, g.stride[1], g.dilation[1]);
  const xp = pad2d(x, g.pad);
  const cols = windows(xp, { kernel: [kh, kw], stride: g.stride, dilation: g.dilation, out: [ho, wo] }, 'taps');
  const groups = g.groups;
  const y = w
    .reshape([groups, o / groups, cg * kh * kw])
    .matmul(cols.reshape([n, groups, cg * kh * kw, ho * wo]))
    .reshape([n, o, ho, wo]);
  return b ? y.add(b.reshape([1, o, 1, 1])) : y;
}

/** Materialises a contiguous copy outside autograd (the caller records the op itself). */
function dense(t: Tensor): Tensor {
  return t.is_contiguous() ? t : no_grad(() => t.contiguous());
}

function fusedForward(be: Backend, k: Fused, x: Tensor, w: Tensor, b: Tensor | null, p: Conv2dParams): Tensor {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = w.shape as [number, number, number, number];
  const ho = outSize(h, kh, p.padding[0], p.padding[0], p.stride[0], p.dilation[0]);
  const wo = outSize(wd, kw, p.padding[1], p.padding[1], p.stride[1], p.dilation[1]);
  const xc = dense(x);
  const wc = dense(w);
  const bc = b ? dense(b) : null;
  const out = wrap(be, k.conv2d(kview(xc), kview(wc), bc ? kview(bc) : null, p), [n, o, ho, wo], x.dtype);
  if (!needsGrad(x, w, b)) return out;
  return record(
    out,
    'ConvolutionBackward0',
    [x, w, b],
    (gy, saved, needs) => {
      const g = dense(gy);
      const gx = needs[0] ? wrap(be, k.conv2dGradInput(kview(g), kview(saved[1]!), p, x.shape), x.shape, g.dtype) : null;
      const gw = needs[1] ? wrap(be, k.conv2dGradWeight(kview(saved[0]!), kview(g), p, w.shape), w.shape, g.dtype) : null;
      const gb = needs[2] ? g.sum([0, 2, 3]) : null;
      return [gx, gw, gb];
    },
    // The input's gradient needs the weight and the weight's gradient needs the input.
    [w.requires_grad ? xc : null, x.requires_grad ? wc : null],
  );
}

/** `x` `[N, Cin, H, W]`, `w` `[Cin, Cout/g, kH, kW]`: the transposed convolution (+ `b` `[Cout]`). */
export function convTranspose(x: Tensor, w: Tensor, b: Tensor | null, g: ConvTransposeGeometry): Tensor {
  const be = backendOf('conv_transpose2d', x, w, b);
  const fused = fusedConv(be);
  return scope(() => {
    const y = fused ? transposeFused(be, fused, x, w, g) : transposeComposite(x, w, g);
    return b ? y.add(b.reshape([1, b.shape[0]!, 1, 1])) : y;
  });
}

function transposeOutShape(x: Tensor, w: Tensor, g: ConvTransposeGeometry): number[] {
  const [n, , h, wd] = x.shape as [number, number, number, number];
  const [, cog, kh, kw] = w.shape as [number, number, number, number];
  const size = (i: number, k: number, d: 0 | 1) =>
    (i - 1) * g.stride[d] - 2 * g.padding[d] + g.dilation[d] * (k - 1) + g.outputPadding[d] + 1;
  return [n, cog * g.groups, size(h, kh, 0), size(wd, kw, 1)];
}

function transposeFused(be: Backend, k: Fused, x: Tensor, w: Tensor, g: ConvTransposeGeometry): Tensor {
  const p: Conv2dParams = { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups };
  const shape = transposeOutShape(x, w, g);
  const xc = dense(x);
  const wc = dense(w);
  const out = wrap(be, k.conv2dGradInput(kview(xc), kview(wc), p, shape), shape, x.dtype);
  return record(
    out,
    'ConvolutionBackward0',
    [x, w],
    (gy, saved, needs) => {
      const g2 = dense(gy);
      let gx: Tensor | null = null;
      if (needs[0]) {
        // conv2d of the gradient can be longer than x when output_padding ≥ stride; x saw only its start.
        const [, , h, wd] = x.shape as [number, number, number, number];
        const full = fusedForward(be, k, g2, saved[1]!, null, p);
        gx = full.shape[2] === h && full.shape[3] === wd ? full : full.narrow(2, 0, h).narrow(3, 0, wd);
      }
      const gw = needs[1] ? wrap(be, k.conv2dGradWeight(kview(g2), kview(saved[0]!), p, w.shape), w.shape, g2.dtype) : null;
      return [gx, gw];
    },
    [w.requires_grad ? xc : null, x.requires_grad ? wc : null],
  );
}

/**
 * Transposed convolution as a plain convolution: spread the input with `stride − 1` zeros, pad
 * by `dilation·(k−1) − padding` (negative crops), and convolve with the flipped, group-transposed
 * weight.
 */
function transposeComposite(x: Tensor, w: Tensor, g: ConvTransposeGeometry): Tensor {
  const [, cin, h, wd] = x.shape as [number, number, number, number];
  const [, cog, kh, kw] = w.shape as [number, number, number, number];
  const [sh, sw] = g.stride;
  let xs = x;
  if (sh > 1 || sw > 1) {
    xs = spread(x, sh, sw).narrow(2, 0, (h - 1) * sh + 1).narrow(3, 0, (wd - 1) * sw + 1);
  }
  const lo = (d: 0 | 1, k: number) => g.dilation[d] * (k - 1) - g.padding[d];
  const groups = g.groups;
  const wf = w
    .reshape([groups, cin / groups, cog, kh, kw])
    .transpose(1, 2)
    .reshape([groups * cog, cin / groups, kh, kw])
    .flip([2, 3]);
  let pads: [number, number, number, number] = [lo(0, kh), lo(0, kh) + g.outputPadding[0], lo(1, kw), lo(1, kw) + g.outputPadding[1]];
  if (pads.some((v) => v < 0)) {
    // Negative amounts crop (constantPad does both); the convolution then pads nothing.
    xs = pad2d(xs, pads);
    pads = [0, 0, 0, 0];
  }
  return convolution(xs, wf, null, { stride: [1, 1], pad: pads, dilation: g.dilation, groups });
}

/** `[N, C, H, W]` → `[N, C, H·sh, W·sw]` with each value followed by zeros. */
function spread(x: Tensor, sh: number, sw: number): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const x6 = x.reshape([n, c, h, 1, w, 1]);
  return constantPad(x6, [[0, 0], [0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1]], 0).reshape([n, c, h * sh, w * sw]);
}
