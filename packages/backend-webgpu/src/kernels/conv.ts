/**
 * conv2d forward and both gradients as implicit GEMMs on the tiled GEMM, one group per z:
 *
 * | kernel     | M  | N          | K            | A              | B (gathered)              |
 * |------------|----|------------|--------------|----------------|---------------------------|
 * | forward    | Og | Nb·Ho·Wo   | Cg·kH·kW     | weight         | im2col(x)                 |
 * | grad input | Cg | Nb·H·W     | Og·kH·kW     | weightᵀ        | col2im-transposed(gy)     |
 * | grad weight| Og | Cg·kH·kW   | Nb·Ho·Wo     | gy             | im2colᵀ(x)                |
 *
 * The weight gradient has a long K and a small output, so it splits K across workgroups
 * (split-K) and sums the partial products with the reduce kernel.
 */
import type { Conv2dParams, StridedView } from '@proj/tensor';
import type { GpuHandle } from '../buffers.js';
import type { Engine } from '../engine.js';
import type { KernelSpec } from '../pipelines.js';
import { output } from './elementwise.js';
import { type TileSize, gemmGroups, gemmSource, tileFor } from './gemm.js';
import { reduce } from './reduce.js';

type View = StridedView<GpuHandle>;

// Shared parameter words: the geometry, then per-kernel extras from word 22.
const GEOMETRY = `
fn Nb() -> u32 { return P[0]; }
fn C() -> u32 { return P[1]; }
fn H() -> u32 { return P[2]; }
fn W() -> u32 { return P[3]; }
fn O() -> u32 { return P[4]; }
fn Ho() -> u32 { return P[5]; }
fn Wo() -> u32 { return P[6]; }
fn kH() -> u32 { return P[7]; }
fn kW() -> u32 { return P[8]; }
fn sH() -> u32 { return P[9]; }
fn sW() -> u32 { return P[10]; }
fn pH() -> i32 { return i32(P[11]); }
fn pW() -> i32 { return i32(P[12]); }
fn dH() -> u32 { return P[13]; }
fn dW() -> u32 { return P[14]; }
fn Cg() -> u32 { return P[16]; }
fn Og() -> u32 { return P[17]; }
var<private> g: u32;`;

function geometry(x: readonly number[], w: readonly number[], gy: readonly number[], p: Conv2dParams): number[] {
  const [nb, c, h, wd] = x as [number, number, number, number];
  const [o, cg, kh, kw] = w as [number, number, number, number];
  const [, , ho, wo] = gy as [number, number, number, number];
  return [nb, c, h, wd, o, ho, wo, kh, kw, p.stride[0], p.stride[1], p.padding[0], p.padding[1], p.dilation[0], p.dilation[1], p.groups, cg, o / p.groups];
}

export const convSources = {
  // Extra words: 18 xOff, 19 wOff, 20 bOff.
  conv2d(s: KernelSpec): string {
    return gemmSource({
      bindings: [
        { name: 'X', type: 'f32' },
        { name: 'Wt', type: 'f32' },
        ...(s.bias ? [{ name: 'Bias', type: 'f32' as const }] : []),
        { name: 'Y', type: 'f32', write: true },
      ],
      decls: `${GEOMETRY}
fn loadA(m: u32, k: u32) -> f32 { return Wt[P[19] + (g * Og() + m) * Cg() * kH() * kW() + k]; }
var<private> colBase: u32;
var<private> ih0: i32;
var<private> iw0: i32;
fn prepB(n: u32) {
  let hw = Ho() * Wo();
  let q = n % hw;
  ih0 = i32((q / Wo()) * sH()) - pH();
  iw0 = i32((q % Wo()) * sW()) - pW();
  colBase = P[18] + ((n / hw) * C() + g * Cg()) * H() * W();
}
fn loadB(k: u32, n: u32) -> f32 {
  let khw = kH() * kW();
  let c = k / khw; let r = k % khw;
  let ih = ih0 + i32((r / kW()) * dH());
  let iw = iw0 + i32((r % kW()) * dW());
  if (ih < 0 || iw < 0 || ih >= i32(H()) || iw >= i32(W())) { return 0.0; }
  return X[colBase + (c * H() + u32(ih)) * W() + u32(iw)];
}
fn store(m: u32, n: u32, v: f32) {
  let o = g * Og() + m;
  let hw = Ho() * Wo();
  Y[((n / hw) * O() + o) * hw + n % hw] = v${s.bias ? ' + Bias[P[20] + o]' : ''};
}`,
      prologue: '  g = z;',
      prepB: true,
      M: 'P[17]',
      N: 'P[0] * P[5] * P[6]',
      kStart: '0u',
      kEnd: 'P[16] * P[7] * P[8]',
    }, s.bm as TileSize, s.bn as TileSize);
  },

  // Extra words: 18 gyOff, 19 wOff.
  conv2dGradInput(s: KernelSpec): string {
    return gemmSource({
      bindings: [{ name: 'GY', type: 'f32' }, { name: 'Wt', type: 'f32' }, { name: 'GX', type: 'f32', write: true }],
      decls: `${GEOMETRY}
fn loadA(m: u32, k: u32) -> f32 {
  let khw = kH() * kW();
  return Wt[P[19] + ((g * Og() + k / khw) * Cg() + m) * khw + k % khw];
}
var<private> colBase: u32;
var<private> th0: i32;
var<private> tw0: i32;
fn prepB(n: u32) {
  let hw = H() * W();
  let q = n % hw;
  th0 = i32(q / W()) + pH();
  tw0 = i32(q % W()) + pW();
  colBase = P[18] + ((n / hw) * O() + g * Og()) * Ho() * Wo();
}
fn loadB(k: u32, n: u32) -> f32 {
  let khw = kH() * kW();
  let o = k / khw; let r = k % khw;
  let th = th0 - i32((r / kW()) * dH());
  let tw = tw0 - i32((r % kW()) * dW());
  if (th < 0 || tw < 0) { return 0.0; }
  let uh = u32(th); let uw = u32(tw);
  if (uh % sH() != 0u || uw % sW() != 0u) { return 0.0; }
  let oh = uh / sH(); let ow = uw / sW();
  if (oh >= Ho() || ow >= Wo()) { return 0.0; }
  return GY[colBase + (o * Ho() + oh) * Wo() + ow];
}
fn store(m: u32, n: u32, v: f32) {
  let hw = H() * W();
  GX[((n / hw) * C() + g * Cg() + m) * hw + n % hw] = v;
}`,
      prologue: '  g = z;',
      prepB: true,
      M: 'P[16]',
      N: 'P[0] * P[2] * P[3]',
      kStart: '0u',
      kEnd: 'P[17] * P[7] * P[8]',
    }, s.bm as TileSize, s.bn as TileSize);
  },

  // Extra words: 18 xOff, 19 gyOff, 20 K per split. z = split · groups + group.
  conv2dGradWeight(s: KernelSpec): string {
    return gemmSource({
      bindings: [{ name: 'X', type: 'f32' }, { name: 'GY', type: 'f32' }, { name: 'GW', type: 'f32', write: true }],
      decls: `${GEOMETRY}
var<private> split: u32;
fn loadA(m: u32, k: u32) -> f32 {
  let hw = Ho() * Wo();
  return GY[P[19] + ((k / hw) * O() + g * Og() + m) * hw + k % hw];
}
var<private> colBase: u32;
var<private> khd: i32;
var<private> kwd: i32;
fn prepB(n: u32) {
  let khw = kH() * kW();
  let r = n % khw;
  khd = i32((r / kW()) * dH()) - pH();
  kwd = i32((r % kW()) * dW()) - pW();
  colBase = P[18] + (g * Cg() + n / khw) * H() * W();
}
fn loadB(k: u32, n: u32) -> f32 {
  let hw = Ho() * Wo();
  let nb = k / hw; let q = k % hw;
  let ih = i32((q / Wo()) * sH()) + khd;
  let iw = i32((q % Wo()) * sW()) + kwd;
  if (ih < 0 || iw < 0 || ih >= i32(H()) || iw >= i32(W())) { return 0.0; }
  return X[colBase + (nb * C() * H() + u32(ih)) * W() + u32(iw)];
}
fn store(m: u32, n: u32, v: f32) {
  let cols = Cg() * kH() * kW();
  GW[(split * O() + g * Og() + m) * cols + n] = v;
}`,
      prologue: '  g = z % P[15];\n  split = z / P[15];',
      prepB: true,
      M: 'P[17]',
      N: 'P[16] * P[7] * P[8]',
      kStart: '(z / P[15]) * P[20]',
      kEnd: 'min((z / P[15] + 1u) * P[20], P[0] * P[5] * P[6])',
    }, s.bm as TileSize, s.bn as TileSize);
  },
};

function outSize(x: readonly number[], w: readonly number[], p: Conv2dParams): [number, number] {
  const ho = Math.floor((x[2]! + 2 * p.padding[0] - p.dilation[0] * (w[2]! - 1) - 1) / p.stride[0]) + 1;
  const wo = Math.floor((x[3]! + 2 * p.padding[1] - p.dilation[1] * (w[3]! - 1) - 1) / p.stride[1]) + 1;
  return [ho, wo];
}

export function conv2d(e: Engine, x: View, w: View, bias: View | null, p: Conv2dParams): GpuHandle {
  const [ho, wo] = outSize(x.shape, w.shape, p);
  const yShape = [x.shape[0]!, w.shape[0]!, ho, wo];
  const geo = geometry(x.shape, w.shape, yShape, p);
  const out = output(e, yShape.reduce((a, b) => a * b, 1), 'conv2d');
  const [m, n] = [geo[17]!, geo[0]! * ho * wo];
  const [bm, bn] = [tileFor(m), tileFor(n)];
  const [gx, gy] = gemmGroups(m, n, bm, bn);
  const inputs = bias ? [x.handle, w.handle, bias.handle] : [x.handle, w.handle];
  e.dispatch({ kind: 'conv2d', bias: bias !== null, bm, bn }, [...geo, x.offset, w.offset, bias?.offset ?? 0], inputs, [out], [gx, gy, p.groups]);
  return out;
}

export function conv2dGradInput(e: Engine, gyv: View, w: View, p: Conv2dParams, xShape: readonly number[]): GpuHandle {
  const geo = geometry(xShape, w.shape, gyv.shape, p);
  const out = output(e, xShape.reduce((a, b) => a * b, 1), 'conv2d_backward');
  const [m, n] = [geo[16]!, geo[0]! * geo[2]! * geo[3]!];
  const [bm, bn] = [tileFor(m), tileFor(n)];
  const [gx, gy] = gemmGroups(m, n, bm, bn);
  e.dispatch({ kind: 'conv2dGradInput', bm, bn }, [...geo, gyv.offset, w.offset], [gyv.handle, w.handle], [out], [gx, gy, p.groups]);
  return out;
}

export function conv2dGradWeight(e: Engine, x: View, gyv: View, p: Conv2dParams, wShape: readonly number[]): GpuHandle {
  const geo = geometry(x.shape, wShape, gyv.shape, p);
  const k = geo[0]! * geo[5]! * geo[6]!;
  const wNumel = wShape.reduce((a, b) => a * b, 1);
  if (k === 0) {
    const out = output(e, wNumel, 'conv2d_backward');
    e.clear(out);
    return out;
  }
  const [m, n] = [geo[17]!, geo[16]! * geo[7]! * geo[8]!];
  const [bm, bn] = [tileFor(m), tileFor(n)];
  const [gx, gy] = gemmGroups(m, n, bm, bn);
  // Enough splits to occupy the device when the output tile grid is small, each ≥ 256 deep.
  const splits = Math.max(1, Math.min(Math.ceil(k / 256), Math.ceil(64 / (gx * gy * p.groups)), Math.floor(e.maxWorkgroups / p.groups)));
  const kPer = Math.ceil(k / splits / 16) * 16;
  const parts = Math.ceil(k / kPer);
  const partial = output(e, parts * wNumel, 'conv2d_backward');
  e.dispatch({ kind: 'conv2dGradWeight', bm, bn }, [...geo, x.offset, gyv.offset, kPer], [x.handle, gyv.handle], [partial], [gx, gy, parts * p.groups]);
  if (parts === 1) return partial;
  try {
    return reduce(e, 'sum', { handle: partial, dtype: 'float32', shape: [parts, wNumel], strides: [wNumel, 1], offset: 0 }, [0]);
  } finally {
    e.pool.release(partial);
  }
}
