/**
 * Index kernels: gather, scatterAdd and constant pad.
 */
import type { StridedView } from '@proj/tensor';
import { type Data, alloc } from './storage.js';
import { walk } from './strided.js';

export function gather(x: StridedView<Data>, axis: number, index: StridedView<Data>): Data {
  const out = alloc(x.dtype, index.shape.reduce((a, b) => a * b, 1));
  const X = x.handle;
  const I = index.handle;
  const step = x.strides[axis]!;
  const xBase = { strides: x.strides.map((s, d) => (d === axis ? 0 : s)), offset: x.offset };
  walk(index.shape, [index, xBase], (len, offs, steps, o) => {
    let i = offs[0]!;
    let b = offs[1]!;
    for (let k = 0; k < len; k++, i += steps[0]!, b += steps[1]!) out[o + k] = X[b + I[i]! * step]!;
  });
  return out;
}

export function scatterAdd(shape: readonly number[], axis: number, index: StridedView<Data>, src: StridedView<Data>): Data {
  const out = alloc(src.dtype, shape.reduce((a, b) => a * b, 1));
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  const step = strides[axis]!;
  const base = { strides: strides.map((v, d) => (d === axis ? 0 : v)), offset: 0 };
  const I = index.handle;
  const S = src.handle;
  walk(index.shape, [index, src, base], (len, offs, steps) => {
    let i = offs[0]!;
    let j = offs[1]!;
    let b = offs[2]!;
    for (let k = 0; k < len; k++, i += steps[0]!, j += steps[1]!, b += steps[2]!) out[b + I[i]! * step]! += S[j]!;
  });
  return out;
}

export function pad(x: StridedView<Data>, pads: readonly (readonly [number, number])[], value: number): Data {
  const shape = x.shape.map((s, d) => s + pads[d]![0] + pads[d]![1]);
  const out = alloc(x.dtype, shape.reduce((a, b) => a * b, 1));
  if (value !== 0) out.fill(value);
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  const offset = pads.reduce((acc, [before], d) => acc + before * strides[d]!, 0);
  const X = x.handle;
  walk(x.shape, [x, { strides, offset }], (len, offs, steps) => {
    let i = offs[0]!;
    let o = offs[1]!;
    for (let k = 0; k < len; k++, i += steps[0]!, o += steps[1]!) out[o] = X[i]!;
  });
  return out;
}
