/**
 * Reductions over axes, and argmax/argmin along one axis. Sums and products accumulate in
 * double precision.
 */
import type { ArgReduceOp, ReduceOp, StridedView } from '@proj/tensor';
import { type Data, alloc } from './storage.js';
import { walk } from './strided.js';

/** Splits a view into the kept part (walked for outputs) and the reduced part (walked per output). */
function split(x: StridedView<Data>, axes: readonly number[]) {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  x.shape.forEach((s, d) => {
    if (axes.includes(d)) {
      redShape.push(s);
      redStrides.push(x.strides[d]!);
    } else {
      keptShape.push(s);
      keptStrides.push(x.strides[d]!);
    }
  });
  return { keptShape, keptStrides, redShape, redStrides };
}

export function reduce(op: ReduceOp, x: StridedView<Data>, axes: readonly number[]): Data {
  const { keptShape, keptStrides, redShape, redStrides } = split(x, axes);
  const nOut = keptShape.reduce((a, b) => a * b, 1);
  const out = alloc(x.dtype, nOut);
  const src = x.handle;
  const init = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
  walk(keptShape, [{ strides: keptStrides, offset: x.offset }], (len, offs, steps, o) => {
    for (let k = 0; k < len; k++) {
      let acc = init;
      let nan = false;
      walk(redShape, [{ strides: redStrides, offset: offs[0]! + k * steps[0]! }], (n, ro, rs) => {
        let i = ro[0]!;
        const d = rs[0]!;
        if (op === 'sum') for (let r = 0; r < n; r++, i += d) acc += src[i]!;
        else if (op === 'prod') for (let r = 0; r < n; r++, i += d) acc *= src[i]!;
        else if (op === 'max') {
          for (let r = 0; r < n; r++, i += d) {
            const v = src[i]!;
            if (v > acc) acc = v;
            else if (v !== v) nan = true;
          }
        } else {
          for (let r = 0; r < n; r++, i += d) {
            const v = src[i]!;
            if (v < acc) acc = v;
            else if (v !== v) nan = true;
          }
        }
      });
      out[o + k] = nan ? Number.NaN : acc;
    }
  });
  if (x.dtype === 'int64' && (op === 'sum' || op === 'prod')) for (let i = 0; i < nOut; i++) out[i] = Math.trunc(out[i]!);
  return out;
}

export function argReduce(op: ArgReduceOp, x: StridedView<Data>, axis: number): Data {
  const { keptShape, keptStrides } = split(x, [axis]);
  const n = x.shape[axis]!;
  const stride = x.strides[axis]!;
  const out = alloc('int64', keptShape.reduce((a, b) => a * b, 1));
  const src = x.handle;
  const better = op === 'argmax' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  walk(keptShape, [{ strides: keptStrides, offset: x.offset }], (len, offs, steps, o) => {
    for (let k = 0; k < len; k++) {
      let i = offs[0]! + k * steps[0]!;
      let best = src[i]!;
      let at = 0;
      if (best === best) {
        for (let r = 1; r < n; r++) {
          i += stride;
          const v = src[i]!;
          if (v !== v) {
            at = r;
            break;
          }
          if (better(v, best)) {
            best = v;
            at = r;
          }
        }
      }
      out[o + k] = at;
    }
  });
  return out;
}
