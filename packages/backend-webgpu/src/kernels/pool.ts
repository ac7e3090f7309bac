/**
 * max_pool2d and avg_pool2d, forward and backward, with PyTorch's window arithmetic (windows
 * clipped to the input; padding is −∞ for max; avg's divisor from `count_include_pad` or
 * `divisor_override`). Forward and avg backward are one thread per output (input) element with
 * no atomics; max backward scatters through the saved indices with an atomic float add.
 */
import type { AvgPool2dParams, Pool2dParams, StridedView } from '@proj/tensor';
import type { GpuHandle } from '../buffers.js';
import type { Engine } from '../engine.js';
import { PRELUDE, bindings, elementMain, numelOf } from '../wgsl.js';
import { atomicAddF32 } from './atomics.js';
import { launch, output } from './elementwise.js';

type View = StridedView<GpuHandle>;

// Shared words: [total, H, W, Ho, Wo, kH, kW, sH, sW, pH, pW, dH, dW, countIncludePad, divisor, off0, off1]
function words(x: readonly number[], p: Pool2dParams, total: number, extra: number[], avg?: AvgPool2dParams): number[] {
  return [
    total, x[2]!, x[3]!, p.outSize[0], p.outSize[1], p.kernel[0], p.kernel[1], p.stride[0], p.stride[1],
    p.padding[0], p.padding[1], p.dilation[0], p.dilation[1], avg?.countIncludePad ? 1 : 0, avg?.divisorOverride ?? 0, ...extra,
  ];
}

const GEO = `
  let H = i32(P[1]); let W = i32(P[2]); let Ho = P[3]; let Wo = P[4];
  let kH = i32(P[5]); let kW = i32(P[6]); let sH = i32(P[7]); let sW = i32(P[8]);
  let pH = i32(P[9]); let pW = i32(P[10]); let dH = i32(P[11]); let dW = i32(P[12]);`;

// The averaging window of output (oh, ow): clipped bounds and divisor, as PyTorch computes them.
const AVG_WINDOW = `
fn avgWindow(oh: i32, ow: i32) -> vec4<i32> {
  let H = i32(P[1]); let W = i32(P[2]);
  let hs = oh * i32(P[7]) - i32(P[9]); let ws = ow * i32(P[8]) - i32(P[10]);
  let he = min(hs + i32(P[5]), H + i32(P[9])); let we = min(ws + i32(P[6]), W + i32(P[10]));
  return vec4<i32>(max(hs, 0), max(ws, 0), min(he, H), min(we, W));
}
fn avgDivisor(oh: i32, ow: i32) -> f32 {
  if (P[14] != 0u) { return f32(P[14]); }
  let b = avgWindow(oh, ow);
  if (P[13] != 0u) {
    let hs = oh * i32(P[7]) - i32(P[9]); let ws = ow * i32(P[8]) - i32(P[10]);
    let he = min(hs + i32(P[5]), i32(P[1]) + i32(P[9])); let we = min(ws + i32(P[6]), i32(P[2]) + i32(P[10]));
    return f32((he - hs) * (we - ws));
  }
  return f32((b.z - b.x) * (b.w - b.y));
}`;

export const poolSources = {
  maxPool2d(): string {
    return `${bindings([{ name: 'X', type: 'f32' }, { name: 'Y', type: 'f32', write: true }, { name: 'I', type: 'i32', write: true }])}${PRELUDE}
${elementMain(`${GEO}
  let plane = i / (Ho * Wo); let q = i % (Ho * Wo);
  let base = P[15] + plane * u32(H * W);
  var hs = i32(q / Wo) * sH - pH; var ws = i32(q % Wo) * sW - pW;
  let he = min(hs + (kH - 1) * dH + 1, H); let we = min(ws + (kW - 1) * dW + 1, W);
  while (hs < 0) { hs += dH; }
  while (ws < 0) { ws += dW; }
  var best = -inf_();
  var at = hs * W + ws;
  for (var h = hs; h < he; h += dH) {
    for (var w = ws; w < we; w += dW) {
      let v = X[base + u32(h * W + w)];
      if (v > best || isnan_(v)) { best = v; at = h * W + w; }
    }
  }
  Y[i] = best;
  I[i] = at;`)}`;
  },

  maxPool2dGrad(): string {
    return `${bindings([{ name: 'GY', type: 'f32' }, { name: 'I', type: 'i32' }, { name: 'GX', type: 'atomic<u32>', write: true }])}
${atomicAddF32('GX')}
${elementMain(`  let plane = i / P[1];
  atomicAddF32(plane * P[2] + u32(I[P[4] + i]), GY[P[3] + i]);`)}`;
  },

  avgPool2d(): string {
    return `${bindings([{ name: 'X', type: 'f32' }, { name: 'Y', type: 'f32', write: true }])}${PRELUDE}
${AVG_WINDOW}
${elementMain(`${GEO}
  let plane = i / (Ho * Wo); let q = i % (Ho * Wo);
  let oh = i32(q / Wo); let ow = i32(q % Wo);
  let b = avgWindow(oh, ow);
  let base = P[15] + plane * u32(H * W);
  var s = 0.0;
  for (var h = b.x; h < b.z; h++) {
    for (var w = b.y; w < b.w; w++) { s += X[base + u32(h * W + w)]; }
  }
  if (b.x >= b.z || b.y >= b.w) { Y[i] = 0.0; } else { Y[i] = s / avgDivisor(oh, ow); }`)}`;
  },

  avgPool2dGrad(): string {
    return `${bindings([{ name: 'GY', type: 'f32' }, { name: 'GX', type: 'f32', write: true }])}${PRELUDE}
${AVG_WINDOW}
${elementMain(`${GEO}
  let plane = i / u32(H * W); let q = i32(i % u32(H * W));
  let ih = q / W; let iw = q % W;
  let base = P[15] + plane * Ho * Wo;
  var s = 0.0;
  for (var kh = 0; kh < kH; kh++) {
    let th = ih + pH - kh;
    if (th < 0 || th % sH != 0 || th / sH >= i32(Ho)) { continue; }
    let oh = th / sH;
    for (var kw = 0; kw < kW; kw++) {
      let tw = iw + pW - kw;
      if (tw < 0 || tw % sW != 0 || tw / sW >= i32(Wo)) { continue; }
      let ow = tw / sW;
      let b = avgWindow(oh, ow);
      if (ih >= b.x && ih < b.z && iw >= b.y && iw < b.w) {
        s += GY[base + u32(oh) * Wo + u32(ow)] / avgDivisor(oh, ow);
      }
    }
  }
  GX[i] = s;`)}`;
  },
};

export function maxPool2d(e: Engine, x: View, p: Pool2dParams): { values: GpuHandle; indices: GpuHandle } {
  const total = x.shape[0]! * x.shape[1]! * p.outSize[0] * p.outSize[1];
  const values = output(e, total, 'max_pool2d');
  const indices = output(e, total, 'max_pool2d');
  launch(e, { kind: 'maxPool2d' }, words(x.shape, p, total, [x.offset]), [x.handle], [values, indices], total);
  return { values, indices };
}

export function maxPool2dGrad(e: Engine, gy: View, indices: View, xShape: readonly number[]): GpuHandle {
  const total = numelOf(gy.shape);
  const out = output(e, numelOf(xShape), 'max_pool2d_backward');
  e.clear(out);
  const hw = xShape[2]! * xShape[3]!;
  const params = [total, gy.shape[2]! * gy.shape[3]!, hw, gy.offset, indices.offset];
  launch(e, { kind: 'maxPool2dGrad' }, params, [gy.handle, indices.handle], [out], total);
  return out;
}

export function avgPool2d(e: Engine, x: View, p: AvgPool2dParams): GpuHandle {
  const total = x.shape[0]! * x.shape[1]! * p.outSize[0] * p.outSize[1];
  const out = output(e, total, 'avg_pool2d');
  launch(e, { kind: 'avgPool2d' }, words(x.shape, p, total, [x.offset], p), [x.handle], [out], total);
  return out;
}

export function avgPool2dGrad(e: Engine, gy: View, p: AvgPool2dParams, xShape: readonly number[]): GpuHandle {
  const total = numelOf(xShape);
  const out = output(e, total, 'avg_pool2d_backward');
  launch(e, { kind: 'avgPool2dGrad' }, words(xShape, p, total, [gy.offset], p), [gy.handle], [out], total);
  return out;
}
