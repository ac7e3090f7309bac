// gather and scatterAdd along one axis.
//
// gather (i32): [0, dtype, numel, ntasks, indexDtype, axisStride(bytes of x), 0, 0], walk at +HDR
// over the index shape: operand 0 the output, 1 the index, 2 the input with its axis stride zeroed.
// scatterAdd: same header (axisStride of the output), walk operands: 0 the index, 1 the source,
// 2 the output with its axis stride zeroed. It runs as one task: indices may collide.

import { F32, F64, I32, I64 } from './codes';
import { HDR } from './elementwise';
import { S_WALK_A } from './scratch';
import { SCRATCH } from './threads';
import { rangeStart, wInit, wNextRow, wPtr, wRowLeft, wStep } from './walk';

@inline function idxAt(i64idx: bool, p: usize): i32 {
  return i64idx ? <i32>load<i64>(p) : load<i32>(p);
}

function gatherRow<T>(n: i32, i64idx: bool, step: usize, o: usize, so: i32, ix: usize, si: i32, xb: usize, sx: i32): void {
  for (let k = 0; k < n; k++) {
    store<T>(o, load<T>(xb + <usize>idxAt(i64idx, ix) * step));
    o += <usize>so;
    ix += <usize>si;
    xb += <usize>sx;
  }
}

function scatterRow<T>(n: i32, i64idx: bool, step: usize, ix: usize, si: i32, s: usize, ss: i32, ob: usize, so: i32): void {
  for (let k = 0; k < n; k++) {
    const a = ob + <usize>idxAt(i64idx, ix) * step;
    store<T>(a, load<T>(a) + load<T>(s));
    ix += <usize>si;
    s += <usize>ss;
    ob += <usize>so;
  }
}

export function indexTask(scatter: bool, p: usize, t: i32): void {
  const dt = load<i32>(p, 4);
  const numel = load<i32>(p, 8);
  const ntasks = load<i32>(p, 12);
  const i64idx = load<i32>(p, 16) == I64;
  const step = <usize>load<i32>(p, 20);
  const d = p + HDR;
  const st = SCRATCH + S_WALK_A;
  let pos = rangeStart(numel, ntasks, t);
  const end = rangeStart(numel, ntasks, t + 1);
  if (pos >= end) return;
  wInit(st, d, pos);
  const s0 = wStep(d, 0);
  const s1 = wStep(d, 1);
  const s2 = wStep(d, 2);
  while (true) {
    const n = min(wRowLeft(st), end - pos);
    const a = wPtr(st, 0);
    const b = wPtr(st, 1);
    const c = wPtr(st, 2);
    if (scatter) {
      switch (dt) {
        case F32: scatterRow<f32>(n, i64idx, step, a, s0, b, s1, c, s2); break;
        case F64: scatterRow<f64>(n, i64idx, step, a, s0, b, s1, c, s2); break;
        case I32: scatterRow<i32>(n, i64idx, step, a, s0, b, s1, c, s2); break;
        case I64: scatterRow<i64>(n, i64idx, step, a, s0, b, s1, c, s2); break;
        default: scatterRow<u8>(n, i64idx, step, a, s0, b, s1, c, s2);
      }
    } else {
      switch (dt) {
        case F32: case I32: gatherRow<i32>(n, i64idx, step, a, s0, b, s1, c, s2); break;
        case F64: case I64: gatherRow<i64>(n, i64idx, step, a, s0, b, s1, c, s2); break;
        default: gatherRow<u8>(n, i64idx, step, a, s0, b, s1, c, s2);
      }
    }
    pos += n;
    if (pos >= end) break;
    wNextRow(st);
  }
}
