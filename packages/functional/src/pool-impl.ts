/**
 * The two paths of (validated, batched, 4-D) max and average pooling: the backend's fused kernels
 * with a dedicated backward, or windowed views of a padded copy reduced with tensor ops.
 */
import {
  type AvgPool2dParams,
  type Backend,
  type Pool2dParams,
  type Tensor,
  arange,
  backendOf,
  kview,
  needsGrad,
  no_grad,
  record,
  scope,
  tensor,
  wrap,
} from '@proj/tensor';
import { pad2d, windows } from './windows.js';

function dense(t: Tensor): Tensor {
  return t.is_contiguous() ? t : no_grad(() => t.contiguous());
}

/** Extra padding at the end so that every window of `out` fits (ceil_mode windows may overhang). */
function overhang(size: number, out: number, k: number, s: number, d: number, pad: number): number {
  return Math.max(0, (out - 1) * s + d * (k - 1) + 1 - (size + 2 * pad));
}

/** `x` `[N, C, H, W]` → values and int64 indices into each H·W plane, both `[N, C, Ho, Wo]`. */
export function maxPool(x: Tensor, p: Pool2dParams): [Tensor, Tensor] {
  const be = backendOf('max_pool2d', x);
  if (be.maxPool2d && be.maxPool2dGrad) return maxFused(be, x, p);
  return scope(() => {
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const [kh, kw] = p.kernel;
    const [ho, wo] = p.outSize;
    const [ph, pw] = p.padding;
    const eh = overhang(h, ho, kh, p.stride[0], p.dilation[0], ph);
    const ew = overhang(w, wo, kw, p.stride[1], p.dilation[1], pw);
    const xp = pad2d(x, [ph, ph + eh, pw, pw + ew], Number.NEGATIVE_INFINITY);
    const win = windows(xp, { kernel: p.kernel, stride: p.stride, dilation: p.dilation, out: p.outSize }, 'pixels');
    const [values, arg] = win.reshape([n, c, ho, wo, kh * kw]).max(-1);
    // Window tap (i, j) → input row oh·sH − pH + i·dH and column ow·sW − pW + j·dW.
    const dev = { device: x.device, dtype: 'int64' as const };
    const i = arg.div(kw, { rounding_mode: 'floor' });
    const j = arg.sub(i.mul(kw));
    const row = i.mul(p.dilation[0]).add(arange(ho, dev).mul(p.stride[0]).sub(ph).reshape([ho, 1]));
    const col = j.mul(p.dilation[1]).add(arange(wo, dev).mul(p.stride[1]).sub(pw));
    // A window whose real taps are all −∞ ties with its padding; PyTorch then reports its first real tap.
    const real = row.ge(0).logical_and(row.lt(h)).logical_and(col.ge(0)).logical_and(col.lt(w));
    const first = tensor(firstTaps(w, p), dev).reshape([ho, wo]);
    const indices = row.mul(w).add(col).where(real, first);
    return [values, indices];
  });
}

function maxFused(be: Backend, x: Tensor, p: Pool2dParams): [Tensor, Tensor] {
  const [n, c] = x.shape as [number, number];
  const shape = [n, c, ...p.outSize];
  const xc = dense(x);
  const r = be.maxPool2d!(kview(xc), p);
  if (xc !== x) xc.dispose();
  const values = wrap(be, r.values, shape, x.dtype);
  const indices = wrap(be, r.indices, shape, 'int64');
  if (!needsGrad(x)) return [values, indices];
  record(
    values,
    'MaxPool2DWithIndicesBackward0',
    [x],
    (g, saved) => [wrap(be, be.maxPool2dGrad!(kview(dense(g)), kview(saved[0]!), x.shape), x.shape, g.dtype)],
    [indices],
  );
  return [values, indices];
}

/** The plane position of each window's first non-padding tap. */
function firstTaps(w: number, p: Pool2dParams): number[] {
  const first = (o: number, s: number, pad: number, d: number) => {
    let start = o * s - pad;
    while (start < 0) start += d;
    return start;
  };
  const out: number[] = [];
  for (let oh = 0; oh < p.outSize[0]; oh++) {
    for (let ow = 0; ow < p.outSize[1]; ow++) {
      out.push(first(oh, p.stride[0], p.padding[0], p.dilation[0]) * w + first(ow, p.stride[1], p.padding[1], p.dilation[1]));
    }
  }
  return out;
}

/** The divisor of each output of average pooling, PyTorch's rules (see the CPU kernel). */
function divisors(h: number, w: number, p: AvgPool2dParams): number[] {
  const out: number[] = [];
  const [ho, wo] = p.outSize;
  for (let oh = 0; oh < ho; oh++) {
    for (let ow = 0; ow < wo; ow++) {
      const h0 = oh * p.stride[0] - p.padding[0];
      const w0 = ow * p.stride[1] - p.padding[1];
      const h1 = Math.min(h0 + p.kernel[0], h + p.padding[0]);
      const w1 = Math.min(w0 + p.kernel[1], w + p.padding[1]);
      const inside = (Math.min(h1, h) - Math.max(h0, 0)) * (Math.min(w1, w) - Math.max(w0, 0));
      const d = p.divisorOverride ?? (p.countIncludePad ? (h1 - h0) * (w1 - w0) : inside);
      out.push(d === 0 ? 1 : d);
    }
  }
  return out;
}

/** `x` `[N, C, H, W]` → `[N, C, Ho, Wo]` window averages. */
export function avgPool(x: Tensor, p: AvgPool2dParams): Tensor {
  const be = backendOf('avg_pool2d', x);
  if (be.avgPool2d && be.avgPool2dGrad) return avgFused(be, x, p);
  return scope(() => {
    const [, , h, w] = x.shape as [number, number, number, number];
    const [kh, kw] = p.kernel;
    const [ph, pw] = p.padding;
    const eh = overhang(h, p.outSize[0], kh, p.stride[0], 1, ph);
    const ew = overhang(w, p.outSize[1], kw, p.stride[1], 1, pw);
    const xp = pad2d(x, [ph, ph + eh, pw, pw + ew], 0);
    const win = windows(xp, { kernel: p.kernel, stride: p.stride, dilation: [1, 1], out: p.outSize }, 'pixels');
    const div = tensor(divisors(h, w, p), { dtype: x.dtype, device: x.device }).reshape([...p.outSize]);
    return win.sum([4, 5]).div(div);
  });
}

function avgFused(be: Backend, x: Tensor, p: AvgPool2dParams): Tensor {
  const [n, c] = x.shape as [number, number];
  const xc = dense(x);
  const out = wrap(be, be.avgPool2d!(kview(xc), p), [n, c, ...p.outSize], x.dtype);
  if (xc !== x) xc.dispose();
  return record(out, 'AvgPool2DBackward0', [x], (g) => [wrap(be, be.avgPool2dGrad!(kview(dense(g)), p, x.shape), x.shape, g.dtype)]);
}
