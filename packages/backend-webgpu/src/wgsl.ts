/**
 * Building blocks of the generated WGSL: bindings, strided index arithmetic, and the parameter
 * layout shared by the elementwise-style kernels.
 *
 * Parameters travel as one `array<u32>` at binding 0 (see `Engine.dispatch`). Shapes and strides
 * are runtime parameters, so one pipeline serves every shape of a rank; the rank is compiled in,
 * which unrolls the index arithmetic.
 */
import { type StridedView, collapseDims } from '@proj/tensor';
import type { WgslType } from './dtypes.js';

/** The threads per workgroup of the one-thread-per-element kernels (SwiftShader allows 256). */
export const WG = 256;

/** A binding after the parameters: read-only inputs first, then read-write outputs. */
export interface Binding {
  readonly name: string;
  readonly type: WgslType | 'atomic<u32>' | 'atomic<i32>';
  readonly write?: boolean;
}

/**
 * The binding declarations. With a float16 binding the source starts with `enable f16;` (which
 * must precede every declaration) and gets {@link F16_PRELUDE}.
 */
export function bindings(list: readonly Binding[]): string {
  const half = list.some((b) => b.type === 'f16');
  const lines = half ? ['enable f16;'] : [];
  lines.push('@group(0) @binding(0) var<storage, read> P: array<u32>;');
  list.forEach((b, i) => {
    lines.push(`@group(0) @binding(${i + 1}) var<storage, ${b.write ? 'read_write' : 'read'}> ${b.name}: array<${b.type}>;`);
  });
  return lines.join('\n') + (half ? F16_PRELUDE : '');
}

/**
 * f32 → f16 as PyTorch rounds: WGSL leaves the conversion of values beyond half's range
 * indeterminate, so NaN, ±Infinity and |x| ≥ 65520 (which rounds past 65504) are mapped by bits.
 */
const F16_PRELUDE = /* wgsl */ `
fn to_f16_(x: f32) -> f16 {
  let b = bitcast<u32>(x);
  let a = b & 0x7fffffffu;
  let s = (b >> 16u) & 0x8000u;
  if (a > 0x7f800000u) { return bitcast<vec2<f16>>(s | 0x7e00u).x; }
  if (a >= 0x477ff000u) { return bitcast<vec2<f16>>(s | 0x7c00u).x; }
  return f16(x);
}
`;

/**
 * Helpers every kernel may use. Lavapipe and SwiftShader compile with "no NaN" assumptions
 * (`x != x` folds to false, `max(NaN, 1)` is 1), so NaN and infinity are tested on the bits.
 */
export const PRELUDE = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_() -> f32 { return bitcast<f32>(INF_BITS); }
fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn isinf_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn nz_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }
`;

/** The entry point header of a one-thread-per-element kernel; `i` is the element index. */
export function elementMain(body: string): string {
  return `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= P[0]) { return; }
${body}
}`;
}

export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

/** `collapseDims` (from @proj/tensor) over strided operands. */
export function collapse(shape: readonly number[], ops: readonly Strided[]): { shape: number[]; strides: number[][] } {
  return collapseDims(shape, ops.map((o) => o.strides));
}

/** The strided layout of `n` operands over a collapsed shape, as kernel parameters. */
export interface Layout {
  readonly rank: number;
  readonly numel: number;
  /** `[numel, ...shape, (offset, ...strides) per operand]`. */
  readonly params: number[];
}

export function layout(shape: readonly number[], ops: readonly Strided[]): Layout {
  const numel = shape.reduce((a, b) => a * b, 1);
  const c = collapse(shape, ops);
  const params = [numel, ...c.shape];
  ops.forEach((o, k) => {
    params.push(o.offset, ...c.strides[k]!);
  });
  return { rank: c.shape.length, numel, params };
}

/**
 * WGSL computing `off0 … off{n-1}`, each operand's element offset for the row-major index
 * `index` over a shape of `rank` dims, with parameters laid out as {@link layout} writes them
 * starting at word `base` (the word of `numel`).
 */
export function offsets(rank: number, n: number, index = 'i', base = 0, prefix = 'off'): string {
  const shapeAt = (d: number) => `P[${base + 1 + d}]`;
  const opAt = (k: number, w: number) => `P[${base + 1 + rank + k * (rank + 1) + w}]`;
  const lines: string[] = [];
  for (let k = 0; k < n; k++) lines.push(`  var ${prefix}${k} = ${opAt(k, 0)};`);
  if (rank > 0) lines.push(`  var rem_${prefix} = ${index};`);
  for (let d = rank - 1; d >= 0; d--) {
    const c = `c${d}_${prefix}`;
    if (d > 0) lines.push(`  let ${c} = rem_${prefix} % ${shapeAt(d)}; rem_${prefix} = rem_${prefix} / ${shapeAt(d)};`);
    else lines.push(`  let ${c} = rem_${prefix};`);
    for (let k = 0; k < n; k++) lines.push(`  ${prefix}${k} += ${c} * ${opAt(k, 1 + d)};`);
  }
  return lines.join('\n');
}

/** The word index just past a layout of `rank` with `n` operands (where extra parameters go). */
export function afterLayout(rank: number, n: number, base = 0): number {
  return base + 1 + rank + n * (rank + 1);
}

export const numelOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d]!;
  }
  return s;
}

/** A view's strided part. */
export const stridedOf = (v: StridedView<unknown>): Strided => ({ strides: v.strides, offset: v.offset });
