/**
 * softmax and log_softmax along one axis, forward and backward: one workgroup per row, the row's
 * max and sum found by shared-memory tree reductions. A row is the `L` elements along the axis,
 * `inner` apart in memory (views are contiguous).
 */
import type { StridedView } from '@proj/tensor';
import type { GpuHandle } from '../buffers.js';
import type { Engine } from '../engine.js';
import type { KernelSpec } from '../pipelines.js';
import { PRELUDE, bindings } from '../wgsl.js';
import { MATH } from './math.js';
import { output } from './elementwise.js';

type View = StridedView<GpuHandle>;
type Mode = 'softmax' | 'logSoftmax' | 'softmaxGrad' | 'logSoftmaxGrad';

function tree(name: string, wg: number, op: (a: string, b: string) => string): string {
  return `
fn ${name}(li: u32, v: f32) -> f32 {
  S[li] = v;
  workgroupBarrier();
  for (var w = ${wg / 2}u; w > 0u; w = w / 2u) {
    if (li < w) { S[li] = ${op('S[li]', 'S[li + w]')}; }
    workgroupBarrier();
  }
  let r = S[0];
  workgroupBarrier();
  return r;
}`;
}

// Params: [rows, L, inner, off0, off1]
export function softmaxSource(s: KernelSpec): string {
  const wg = s.wg as number;
  const mode = s.mode as Mode;
  const grad = mode === 'softmaxGrad' || mode === 'logSoftmaxGrad';
  const binds = grad
    ? bindings([{ name: 'Yv', type: 'f32' }, { name: 'GY', type: 'f32' }, { name: 'O', type: 'f32', write: true }])
    : bindings([{ name: 'X', type: 'f32' }, { name: 'O', type: 'f32', write: true }]);
  const header = `${binds}${PRELUDE}${MATH}
var<workgroup> S: array<f32, ${wg}>;
${tree('rowMax', wg, (a, b) => `select(select(max(${a}, ${b}), ${b}, isnan_(${b})), ${a}, isnan_(${a}))`)}
${tree('rowSum', wg, (a, b) => `${a} + ${b}`)}
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) li: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= P[0]) { return; }
  let L = P[1];
  let inner = P[2];
  let start = (row / inner) * L * inner + row % inner;`;
  const loop = (body: string) => `for (var l = li; l < L; l += ${wg}u) { let k = start + l * inner; ${body} }`;
  let body: string;
  if (mode === 'softmax' || mode === 'logSoftmax') {
    body = `
  var m = -inf_();
  ${loop('let v = X[P[3] + k]; m = select(select(max(m, v), v, isnan_(v)), m, isnan_(m));')}
  m = rowMax(li, m);
  var s = 0.0;
  ${loop('s += exp_(X[P[3] + k] - m);')}
  s = rowSum(li, s);
  ${mode === 'softmax' ? loop('O[k] = exp_(X[P[3] + k] - m) / s;') : `let ls = log_(s);\n  ${loop('O[k] = X[P[3] + k] - m - ls;')}`}`;
  } else if (mode === 'softmaxGrad') {
    body = `
  var s = 0.0;
  ${loop('s += GY[P[4] + k] * Yv[P[3] + k];')}
  s = rowSum(li, s);
  ${loop('O[k] = Yv[P[3] + k] * (GY[P[4] + k] - s);')}`;
  } else {
    body = `
  var s = 0.0;
  ${loop('s += GY[P[4] + k];')}
  s = rowSum(li, s);
  ${loop('O[k] = GY[P[4] + k] - exp_(Yv[P[3] + k]) * s;')}`;
  }
  return `${header}${body}\n}`;
}

function rowsOf(shape: readonly number[], axis: number): [number, number, number] {
  const L = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  return [outer * inner, L, inner];
}

function run(e: Engine, mode: Mode, a: View, b: View | null, axis: number): GpuHandle {
  const [rows, L, inner] = rowsOf(a.shape, axis);
  const out = output(e, rows * L, mode);
  if (rows * L === 0) return out;
  const wg = L >= 1024 ? 256 : L > 32 ? 64 : 32;
  const params = [rows, L, inner, a.offset, b?.offset ?? 0];
  e.dispatch({ kind: 'softmax', mode, wg }, params, b ? [a.handle, b.handle] : [a.handle], [out], e.grid(rows));
  return out;
}

export const softmax = (e: Engine, x: View, axis: number) => run(e, 'softmax', x, null, axis);
export const logSoftmax = (e: Engine, x: View, axis: number) => run(e, 'logSoftmax', x, null, axis);
export const softmaxGrad = (e: Engine, y: View, gy: View, axis: number) => run(e, 'softmaxGrad', y, gy, axis);
export const logSoftmaxGrad = (e: Engine, y: View, gy: View, axis: number) => run(e, 'logSoftmaxGrad', y, gy, axis);
