/**
 * Elementwise kernels over strided operands, one thread per output element: unary, binary,
 * where, cast, copy (the in-place one) and fill.
 */
import type { BinaryOp, DType, Operand, StridedView, UnaryOp } from '@proj/tensor';
import type { GpuHandle } from '../buffers.js';
import { type WgslType, bufferBytes, scalarBits, wgslType } from '../dtypes.js';
import type { Engine } from '../engine.js';
import type { KernelSpec } from '../pipelines.js';
import { MATH, binaryExpr, unaryF32, unaryI32 } from './math.js';
import { type Binding, PRELUDE, WG, afterLayout, bindings, elementMain, layout, numelOf, offsets, stridedOf } from '../wgsl.js';

type View = StridedView<GpuHandle>;
const COMPARISON = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'logical_xor']);

/** Runs a one-thread-per-element kernel over `numel` elements. */
export function launch(e: Engine, spec: KernelSpec, params: number[], inputs: GpuHandle[], outputs: GpuHandle[], numel: number): void {
  if (numel === 0) return;
  e.dispatch(spec, params, inputs, outputs, e.grid(Math.ceil(numel / WG)));
}

/** A fresh output buffer of `numel` elements of `dtype` (4 bytes each unless float16). */
export function output(e: Engine, numel: number, op: string, dtype: DType = 'float32'): GpuHandle {
  return e.pool.acquire(bufferBytes(dtype, numel), op);
}

// Integers compute as i32 (bool too); float16 is read as f32, computed in f32, and rounded on store.
const read = (t: string, name: string, off: string) => (t === 'u32' ? `i32(${name}[${off}])` : t === 'f16' ? `f32(${name}[${off}])` : `${name}[${off}]`);
const scalar = (t: string, word: number) => (t === 'f32' ? `bitcast<f32>(P[${word}])` : `bitcast<i32>(P[${word}])`);

export const elementwiseSources = {
  unary(s: KernelSpec): string {
    const t = s.t as 'f16' | 'f32' | 'i32';
    // Some drivers (SwiftShader) map NaN to ±inf in exp and friends: NaN in, NaN out, explicitly.
    const expr = t === 'i32' ? unaryI32(s.op as UnaryOp, 'x') : `select(${unaryF32(s.op as UnaryOp, 'x')}, x, isnan_(x))`;
    return `${bindings([{ name: 'X', type: t }, { name: 'O', type: t, write: true }])}${PRELUDE}${MATH}
${elementMain(`${offsets(s.rank as number, 1)}\n  let x = ${read(t, 'X', 'off0')};\n  O[i] = ${t === 'f16' ? `to_f16_(${expr})` : expr};`)}`;
  },

  binary(s: KernelSpec): string {
    const t = s.t as 'f16' | 'f32' | 'i32' | 'u32';
    const rank = s.rank as number;
    const op = s.op as BinaryOp;
    const views = (s.sa ? 0 : 1) + (s.sb ? 0 : 1);
    const binds: Binding[] = [];
    if (!s.sa) binds.push({ name: 'A', type: t });
    if (!s.sb) binds.push({ name: 'B', type: t });
    const ct = t === 'u32' ? 'i32' : t === 'f16' ? 'f32' : t;
    const outT = COMPARISON.has(op) || t === 'u32' ? 'u32' : t;
    binds.push({ name: 'O', type: outT, write: true });
    const extra = afterLayout(rank, views);
    const a = s.sa ? scalar(ct, extra) : read(t, 'A', 'off0');
    const b = s.sb ? scalar(ct, extra + (s.sa ? 1 : 0)) : read(t, 'B', s.sa ? 'off0' : 'off1');
    const expr = binaryExpr(op, ct, 'a', 'b');
    const store = COMPARISON.has(op) ? `u32(${expr})` : t === 'u32' ? `u32(${expr} != 0)` : t === 'f16' ? `to_f16_(${expr})` : expr;
    return `${bindings(binds)}${PRELUDE}${MATH}
${elementMain(`${offsets(rank, views)}\n  let a = ${a};\n  let b = ${b};\n  O[i] = ${store};`)}`;
  },

  where(s: KernelSpec): string {
    const t = s.t as 'f32' | 'i32' | 'u32';
    const rank = s.rank as number;
    const binds: Binding[] = [{ name: 'C', type: 'u32' }];
    if (!s.sa) binds.push({ name: 'A', type: t });
    if (!s.sb) binds.push({ name: 'B', type: t });
    binds.push({ name: 'O', type: t, write: true });
    const views = binds.length - 1;
    const extra = afterLayout(rank, views);
    const a = s.sa ? `bitcast<${t}>(P[${extra}])` : 'A[off1]';
    const b = s.sb ? `bitcast<${t}>(P[${extra + (s.sa ? 1 : 0)}])` : `B[off${s.sa ? 1 : 2}]`;
    return `${bindings(binds)}
${elementMain(`${offsets(rank, views)}\n  if (C[off0] != 0u) { O[i] = ${a}; } else { O[i] = ${b}; }`)}`;
  },

  cast(s: KernelSpec): string {
    const from = s.from as WgslType;
    const to = s.to as WgslType;
    // Between dtypes, float16 is read as f32 and written with to_f16_: the conversions see only f32.
    const x = from === 'f16' && to !== 'f16' ? 'f32(X[off0])' : 'X[off0]';
    const src = from === 'f16' ? 'f32' : from;
    const dst = to === 'f16' ? 'f32' : to;
    let expr: string;
    if (from === to || src === dst) expr = 'x';
    else if (dst === 'u32') expr = src === 'f32' ? 'u32(nz_(x))' : 'u32(x != 0)';
    else if (dst === 'f32') expr = 'f32(x)';
    else expr = src === 'f32' ? 'select(i32(x), 0, isnan_(x) || isinf_(x))' : 'i32(x)';
    if (to === 'f16' && from !== 'f16') expr = `to_f16_(${expr})`;
    return `${bindings([{ name: 'X', type: from }, { name: 'O', type: to, write: true }])}${PRELUDE}
${elementMain(`${offsets(s.rank as number, 1)}\n  let x = ${x};\n  O[i] = ${expr};`)}`;
  },

  // Copies move bits: 4-byte words, or 2-byte halves for float16 (a scalar arrives as f32 bits).
  copy(s: KernelSpec): string {
    const rank = s.rank as number;
    const t = s.t === 'f16' ? 'f16' : 'u32';
    if (s.scalar) {
      const v = `P[${afterLayout(rank, 1)}]`;
      return `${bindings([{ name: 'O', type: t, write: true }])}
${elementMain(`${offsets(rank, 1)}\n  O[off0] = ${t === 'f16' ? `to_f16_(bitcast<f32>(${v}))` : v};`)}`;
    }
    return `${bindings([{ name: 'X', type: t }, { name: 'O', type: t, write: true }])}
${elementMain(`${offsets(rank, 2)}\n  O[off0] = X[off1];`)}`;
  },

  fill(s: KernelSpec): string {
    const t = s.t === 'f16' ? 'f16' : 'u32';
    return `${bindings([{ name: 'O', type: t, write: true }])}
${elementMain(`  O[i] = ${t === 'f16' ? 'to_f16_(bitcast<f32>(P[1]))' : 'P[1]'};`)}`;
  },
};

export function unary(e: Engine, op: UnaryOp, x: View): GpuHandle {
  const n = numelOf(x.shape);
  const out = output(e, n, op, x.dtype);
  const l = layout(x.shape, [stridedOf(x)]);
  const w = wgslType(x.dtype);
  const t = w === 'f32' || w === 'f16' ? w : 'i32';
  launch(e, { kind: 'unary', op, t, rank: l.rank }, l.params, [x.handle], [out], n);
  return out;
}

export function binary(e: Engine, op: BinaryOp, a: Operand<GpuHandle>, b: Operand<GpuHandle>, shape: readonly number[]): GpuHandle {
  const dtype = (typeof a === 'number' ? (b as View) : a).dtype;
  const n = numelOf(shape);
  const out = output(e, n, op, COMPARISON.has(op) ? 'bool' : dtype);
  const views = [a, b].filter((o): o is View => typeof o !== 'number');
  const l = layout(shape, views.map(stridedOf));
  const params = [...l.params];
  if (typeof a === 'number') params.push(scalarBits(a, dtype));
  if (typeof b === 'number') params.push(scalarBits(b, dtype));
  const spec = { kind: 'binary', op, t: wgslType(dtype), rank: l.rank, sa: typeof a === 'number', sb: typeof b === 'number' };
  launch(e, spec, params, views.map((v) => v.handle), [out], n);
  return out;
}

export function where(e: Engine, cond: View, a: Operand<GpuHandle>, b: Operand<GpuHandle>, shape: readonly number[], dtype: DType): GpuHandle {
  const n = numelOf(shape);
  const out = output(e, n, 'where');
  const views = [cond, ...[a, b].filter((o): o is View => typeof o !== 'number')];
  const l = layout(shape, views.map(stridedOf));
  const params = [...l.params];
  if (typeof a === 'number') params.push(scalarBits(a, dtype));
  if (typeof b === 'number') params.push(scalarBits(b, dtype));
  const spec = { kind: 'where', t: wgslType(dtype), rank: l.rank, sa: typeof a === 'number', sb: typeof b === 'number' };
  launch(e, spec, params, views.map((v) => v.handle), [out], n);
  return out;
}

export function cast(e: Engine, x: View, dtype: DType): GpuHandle {
  const n = numelOf(x.shape);
  const out = output(e, n, 'cast', dtype);
  const l = layout(x.shape, [stridedOf(x)]);
  let from = wgslType(x.dtype);
  let to = wgslType(dtype);
  if (from === to && from !== 'f16') from = to = 'u32';
  launch(e, { kind: 'cast', from, to, rank: l.rank }, l.params, [x.handle], [out], n);
  return out;
}

export function copy(e: Engine, dst: View, src: Operand<GpuHandle>): void {
  const n = numelOf(dst.shape);
  if (n === 0) return;
  if (typeof src === 'number') {
    const l = layout(dst.shape, [stridedOf(dst)]);
    launch(e, { kind: 'copy', rank: l.rank, scalar: true, t: copyType(dst.dtype) }, [...l.params, scalarBits(src, dst.dtype)], [], [dst.handle], n);
    return;
  }
  if (src.handle === dst.handle) return; // the contract allows only the identical view: a no-op
  const l = layout(dst.shape, [stridedOf(dst), stridedOf(src)]);
  launch(e, { kind: 'copy', rank: l.rank, scalar: false, t: copyType(dst.dtype) }, l.params, [src.handle], [dst.handle], n);
}

export function fill(e: Engine, numel: number, value: number, dtype: DType): GpuHandle {
  const bits = scalarBits(value, dtype, true);
  const out = output(e, numel, 'fill', dtype);
  if (bits === 0) e.clear(out);
  else launch(e, { kind: 'fill', t: copyType(dtype) }, [numel, bits], [], [out], numel);
  return out;
}

const copyType = (dtype: DType): 'f16' | 'u32' => (dtype === 'float16' ? 'f16' : 'u32');
