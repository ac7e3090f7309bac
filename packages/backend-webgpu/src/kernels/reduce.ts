/**
 * Reductions (sum, prod, max, min over any set of axes) and argmax/argmin along one axis.
 *
 * Two shapes of kernel: one thread per output looping over the reduced elements (many outputs,
 * short reductions), and one workgroup per output with a shared-memory tree (few outputs, long
 * reductions), which is also the more accurate float sum.
 */
import type { ArgReduceOp, ReduceOp, StridedView } from '@proj/tensor';
import type { GpuHandle } from '../buffers.js';
import { wgslType } from '../dtypes.js';
import type { Engine } from '../engine.js';
import type { KernelSpec } from '../pipelines.js';
import { PRELUDE, WG, bindings, collapse, numelOf, offsets } from '../wgsl.js';
import { fill, launch, output } from './elementwise.js';

type View = StridedView<GpuHandle>;
const RWG = 256;

/** Whether a reduction of `nRed` elements into `nOut` outputs gets a workgroup per output. */
const perWorkgroup = (nOut: number, nRed: number) => nRed >= 64 && nOut <= 16384;

function split(x: View, axes: readonly number[]) {
  const kept = { shape: [] as number[], strides: [] as number[] };
  const red = { shape: [] as number[], strides: [] as number[] };
  x.shape.forEach((s, d) => {
    const part = axes.includes(d) ? red : kept;
    part.shape.push(s);
    part.strides.push(x.strides[d]!);
  });
  const k = collapse(kept.shape, [{ strides: kept.strides, offset: 0 }]);
  const r = collapse(red.shape, [{ strides: red.strides, offset: 0 }]);
  return { kShape: k.shape, kStrides: k.strides[0]!, rShape: r.shape, rStrides: r.strides[0]! };
}

function init(op: ReduceOp, t: string): string {
  if (op === 'sum') return t === 'f32' ? '0.0' : `${t}(0)`;
  if (op === 'prod') return t === 'f32' ? '1.0' : `${t}(1)`;
  if (t === 'f32') return op === 'max' ? '-inf_()' : 'inf_()';
  if (t === 'u32') return op === 'max' ? '0u' : '1u';
  return op === 'max' ? 'i32(-2147483647 - 1)' : '2147483647';
}

function combine(op: ReduceOp, t: string, acc: string, v: string): string {
  if (op === 'sum') return `${acc} + ${v}`;
  if (op === 'prod') return `${acc} * ${v}`;
  const f = op === 'max' ? 'max' : 'min';
  if (t !== 'f32') return `${f}(${acc}, ${v})`;
  return `select(select(${f}(${acc}, ${v}), ${v}, isnan_(${v})), ${acc}, isnan_(${acc}))`;
}

export const reduceSources = {
  reduce(s: KernelSpec): string {
    const t = s.t as string;
    const op = s.op as ReduceOp;
    const kr = s.kr as number;
    const rr = s.rr as number;
    const rBase = 2 + 2 * kr;
    const head = `${bindings([{ name: 'X', type: t as 'f32' }, { name: 'O', type: t as 'f32', write: true }])}${PRELUDE}`;
    const norm = t === 'u32' && op === 'sum' ? 'u32(acc != 0u)' : 'acc';
    if (!s.wg) {
      // Nested loops over the reduced dims: no index division in the inner loop.
      let loop = `acc = ${combine(op, t, 'acc', 'X[o]')};`;
      for (let d = rr - 1; d >= 0; d--) {
        const prev = d === 0 ? 'ko0' : `o${d - 1}`;
        const cur = d === rr - 1 ? 'o' : `o${d}`;
        loop = `for (var r${d} = 0u; r${d} < P[${rBase + 1 + d}]; r${d}++) {\n    let ${cur} = ${prev} + r${d} * P[${rBase + 2 + rr + d}];\n    ${loop}\n  }`;
      }
      if (rr === 0) loop = `let o = ko0;\n  ${loop}`;
      return `${head}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P[0]) { return; }
${offsets(kr, 1, 'i', 0, 'ko')}
  var acc: ${t} = ${init(op, t)};
  ${loop}
  O[i] = ${norm};
}`;
    }
    return `${head}
var<workgroup> S: array<${t}, ${RWG}>;
@compute @workgroup_size(${RWG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) li: u32) {
  let i = wid.x + wid.y * nwg.x;
  if (i >= P[0]) { return; }
${offsets(kr, 1, 'i', 0, 'ko')}
  var acc: ${t} = ${init(op, t)};
  for (var r = li; r < P[${rBase}]; r += ${RWG}u) {
${offsets(rr, 1, 'r', rBase, 'ro')}
    acc = ${combine(op, t, 'acc', 'X[ko0 + ro0]')};
  }
  S[li] = acc;
  workgroupBarrier();
  for (var w = ${RWG / 2}u; w > 0u; w = w / 2u) {
    if (li < w) { S[li] = ${combine(op, t, 'S[li]', 'S[li + w]')}; }
    workgroupBarrier();
  }
  if (li == 0u) { let acc = S[0]; O[i] = ${norm}; }
}`;
  },

  argreduce(s: KernelSpec): string {
    const t = s.t as 'f32' | 'i32';
    const kr = s.kr as number;
    const n = `P[${2 + 2 * kr}]`;
    const st = `P[${3 + 2 * kr}]`;
    const better = s.op === 'argmax' ? '>' : '<';
    const isnan = (v: string) => (t === 'f32' ? `isnan_(${v})` : 'false');
    // Keeps the first extremum; a NaN beats everything, the first NaN wins.
    const takes = (v: string, vi: string, b: string, bi: string) =>
      `((${isnan(v)} && (!${isnan(b)} || ${vi} < ${bi})) || (!${isnan(b)} && !${isnan(v)} && ((${v} ${better} ${b}) || (${v} == ${b} && ${vi} < ${bi}))))`;
    const head = `${bindings([{ name: 'X', type: t }, { name: 'O', type: 'i32', write: true }])}${PRELUDE}`;
    if (!s.wg) {
      return `${head}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P[0]) { return; }
${offsets(kr, 1, 'i', 0, 'ko')}
  var best = X[ko0];
  var at = 0u;
  for (var r = 1u; r < ${n}; r++) {
    let v = X[ko0 + r * ${st}];
    if (${takes('v', 'r', 'best', 'at')}) { best = v; at = r; }
  }
  O[i] = i32(at);
}`;
    }
    return `${head}
var<workgroup> SV: array<${t}, ${RWG}>;
var<workgroup> SI: array<u32, ${RWG}>;
@compute @workgroup_size(${RWG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) li: u32) {
  let i = wid.x + wid.y * nwg.x;
  if (i >= P[0]) { return; }
${offsets(kr, 1, 'i', 0, 'ko')}
  var best = X[ko0];
  var at = 0u;
  for (var r = li; r < ${n}; r += ${RWG}u) {
    let v = X[ko0 + r * ${st}];
    if (r == li || ${takes('v', 'r', 'best', 'at')}) { best = v; at = r; }
  }
  if (li >= ${n}) { at = 0xffffffffu; }
  SV[li] = best;
  SI[li] = at;
  workgroupBarrier();
  for (var w = ${RWG / 2}u; w > 0u; w = w / 2u) {
    if (li < w && SI[li + w] != 0xffffffffu) {
      let v = SV[li + w];
      let vi = SI[li + w];
      let b = SV[li];
      let bi = SI[li];
      if (bi == 0xffffffffu || ${takes('v', 'vi', 'b', 'bi')}) { SV[li] = v; SI[li] = vi; }
    }
    workgroupBarrier();
  }
  if (li == 0u) { O[i] = i32(SI[0]); }
}`;
  },
};

export function reduce(e: Engine, op: ReduceOp, x: View, axes: readonly number[]): GpuHandle {
  const { kShape, kStrides, rShape, rStrides } = split(x, axes);
  const nOut = numelOf(kShape);
  const nRed = numelOf(rShape);
  if (nRed === 0 || nOut === 0) return fill(e, nOut, op === 'prod' ? 1 : 0, x.dtype);
  const out = output(e, nOut, op);
  const params = [nOut, ...kShape, x.offset, ...kStrides, nRed, ...rShape, 0, ...rStrides];
  const wg = perWorkgroup(nOut, nRed);
  const spec = { kind: 'reduce', op, t: wgslType(x.dtype), kr: kShape.length, rr: rShape.length, wg };
  if (wg) e.dispatch(spec, params, [x.handle], [out], e.grid(nOut));
  else launch(e, spec, params, [x.handle], [out], nOut);
  return out;
}

export function argReduce(e: Engine, op: ArgReduceOp, x: View, axis: number): GpuHandle {
  const keptShape = x.shape.filter((_, d) => d !== axis);
  const k = collapse(keptShape, [{ strides: x.strides.filter((_, d) => d !== axis), offset: 0 }]);
  const nOut = numelOf(keptShape);
  const n = x.shape[axis]!;
  const out = output(e, nOut, op);
  if (nOut === 0) return out;
  const params = [nOut, ...k.shape, x.offset, ...k.strides[0]!, n, x.strides[axis]!];
  const wg = perWorkgroup(nOut, n);
  const t = wgslType(x.dtype) === 'f32' ? 'f32' : 'i32';
  const spec = { kind: 'argreduce', op, t, kr: k.shape.length, wg };
  if (wg) e.dispatch(spec, params, [x.handle], [out], e.grid(nOut));
  else launch(e, spec, params, [x.handle], [out], nOut);
  return out;
}
