/**
 * Index kernels: gather, scatter_add (atomic adds, since indices may repeat) and constant pad.
 */
import type { StridedView } from '@proj/tensor';
import type { GpuHandle } from '../buffers.js';
import { scalarBits, wgslType } from '../dtypes.js';
import type { Engine } from '../engine.js';
import type { KernelSpec } from '../pipelines.js';
import { afterLayout, bindings, contiguousStrides, elementMain, layout, numelOf, offsets, stridedOf } from '../wgsl.js';
import { atomicAddF32 } from './atomics.js';
import { launch, output } from './elementwise.js';

type View = StridedView<GpuHandle>;

export const gatherSources = {
  gather(s: KernelSpec): string {
    const rank = s.rank as number;
    return `${bindings([{ name: 'I', type: 'i32' }, { name: 'X', type: 'u32' }, { name: 'O', type: 'u32', write: true }])}
${elementMain(`${offsets(rank, 2)}\n  O[i] = X[off1 + u32(I[off0]) * P[${afterLayout(rank, 2)}]];`)}`;
  },

  scatterAdd(s: KernelSpec): string {
    const rank = s.rank as number;
    const t = s.t as string;
    const atomicT = t === 'i32' ? 'atomic<i32>' : 'atomic<u32>';
    const add =
      t === 'f32' ? 'atomicAddF32(at, S[off1]);' : t === 'i32' ? 'atomicAdd(&O[at], S[off1]);' : 'atomicOr(&O[at], u32(S[off1] != 0u));';
    return `${bindings([{ name: 'I', type: 'i32' }, { name: 'S', type: t as 'f32' }, { name: 'O', type: atomicT, write: true }])}
${t === 'f32' ? atomicAddF32('O') : ''}
${elementMain(`${offsets(rank, 3)}\n  let at = off2 + u32(I[off0]) * P[${afterLayout(rank, 3)}];\n  ${add}`)}`;
  },

  pad(s: KernelSpec): string {
    const rank = s.rank as number;
    // Params: [numel, ...outShape, xOff, ...xStrides, ...before, ...xShape, value]
    const lines = ['  var rem = i;', `  var off = P[${1 + rank}];`, '  var inside = true;'];
    for (let d = rank - 1; d >= 0; d--) {
      lines.push(`  let c${d} = i32(rem % P[${1 + d}]) - i32(P[${2 + 2 * rank + d}]); rem = rem / P[${1 + d}];`);
      lines.push(`  if (c${d} < 0 || c${d} >= i32(P[${2 + 3 * rank + d}])) { inside = false; } else { off += u32(c${d}) * P[${2 + rank + d}]; }`);
    }
    lines.push(`  if (inside) { O[i] = X[off]; } else { O[i] = P[${2 + 4 * rank}]; }`);
    return `${bindings([{ name: 'X', type: 'u32' }, { name: 'O', type: 'u32', write: true }])}
${elementMain(lines.join('\n'))}`;
  },
};

export function gather(e: Engine, x: View, axis: number, index: View): GpuHandle {
  const n = numelOf(index.shape);
  const out = output(e, n, 'gather');
  const xBase = { strides: x.strides.map((s, d) => (d === axis ? 0 : s)), offset: x.offset };
  const l = layout(index.shape, [stridedOf(index), xBase]);
  launch(e, { kind: 'gather', rank: l.rank }, [...l.params, x.strides[axis]!], [index.handle, x.handle], [out], n);
  return out;
}

export function scatterAdd(e: Engine, shape: readonly number[], axis: number, index: View, src: View): GpuHandle {
  const out = output(e, numelOf(shape), 'scatter_add');
  e.clear(out);
  const os = contiguousStrides(shape);
  const base = { strides: os.map((s, d) => (d === axis ? 0 : s)), offset: 0 };
  const n = numelOf(index.shape);
  const l = layout(index.shape, [stridedOf(index), stridedOf(src), base]);
  const spec = { kind: 'scatterAdd', rank: l.rank, t: wgslType(src.dtype) };
  launch(e, spec, [...l.params, os[axis]!], [index.handle, src.handle], [out], n);
  return out;
}

export function pad(e: Engine, x: View, pads: readonly (readonly [number, number])[], value: number): GpuHandle {
  const shape = x.shape.map((s, d) => s + pads[d]![0] + pads[d]![1]);
  const n = numelOf(shape);
  const out = output(e, n, 'pad');
  const rank = shape.length;
  const params = [n, ...shape, x.offset, ...x.strides, ...pads.map((p) => p[0]), ...x.shape, scalarBits(value, x.dtype)];
  launch(e, { kind: 'pad', rank }, params, [x.handle], [out], n);
  return out;
}
