// Walking strided operands row by row over a range of row-major output positions.
//
// A walk descriptor in memory (all i32):
//   [rank, nops, shape[rank], then per operand: ptr (byte address of element 0), strides[rank] (bytes)]
// The JS side has already merged contiguous dims, so most walks are a single long row.
// A walker's state (counters and current row pointers) lives in the calling thread's scratch, at
// `state`, so that several threads can walk the same descriptor.

export const MAX_RANK: i32 = 32;
export const MAX_OPS: i32 = 4;
/** Bytes of one walker state. */
export const WALK_STATE_BYTES: usize = 4 * MAX_RANK + 8 * MAX_OPS + 32;

// State layout: counters[MAX_RANK] i32, rowBase[MAX_OPS] i32 (addresses), desc, col, inner.
const ROWBASE: usize = 4 * MAX_RANK;
const DESC: usize = ROWBASE + 4 * MAX_OPS;
const COL: usize = DESC + 4;
const INNER: usize = COL + 4;

@inline export function wRank(d: usize): i32 {
  return load<i32>(d);
}
@inline export function wShape(d: usize, i: i32): i32 {
  return load<i32>(d + 8 + (<usize>i << 2));
}
@inline function opBase(d: usize, k: i32): usize {
  const r = <usize>load<i32>(d);
  return d + 8 + (r << 2) + <usize>k * ((r + 1) << 2);
}
/** Operand k's byte address of element 0. */
@inline export function wOpPtr(d: usize, k: i32): usize {
  return <usize>load<i32>(opBase(d, k));
}
/** Operand k's byte stride along dim i. */
@inline export function wStride(d: usize, k: i32, i: i32): i32 {
  return load<i32>(opBase(d, k) + 4 + (<usize>i << 2));
}
/** Operand k's byte stride along the innermost dim. */
@inline export function wStep(d: usize, k: i32): i32 {
  return wStride(d, k, wRank(d) - 1);
}
/** Elements described (the product of the shape). */
export function wNumel(d: usize): i32 {
  const r = wRank(d);
  let n = 1;
  for (let i = 0; i < r; i++) n *= wShape(d, i);
  return n;
}

/** Positions the walker at row-major position `start`. */
export function wInit(state: usize, d: usize, start: i32): void {
  const r = wRank(d);
  const nops = load<i32>(d + 4);
  const inner = wShape(d, r - 1);
  store<i32>(state + DESC, <i32>d);
  store<i32>(state + INNER, inner);
  let row = inner > 0 ? start / inner : 0;
  store<i32>(state + COL, inner > 0 ? start % inner : 0);
  for (let k = 0; k < nops; k++) store<i32>(state + ROWBASE + (<usize>k << 2), <i32>wOpPtr(d, k));
  for (let i = r - 2; i >= 0; i--) {
    const n = wShape(d, i);
    const c = row % n;
    row /= n;
    store<i32>(state + (<usize>i << 2), c);
    for (let k = 0; k < nops; k++) {
      const a = state + ROWBASE + (<usize>k << 2);
      store<i32>(a, load<i32>(a) + c * wStride(d, k, i));
    }
  }
}

/** Column of the current position within its row. */
@inline export function wCol(state: usize): i32 {
  return load<i32>(state + COL);
}
/** Elements left in the current row. */
@inline export function wRowLeft(state: usize): i32 {
  return load<i32>(state + INNER) - load<i32>(state + COL);
}
/** Operand k's byte address at the current position. */
@inline export function wPtr(state: usize, k: i32): usize {
  const d = <usize>load<i32>(state + DESC);
  return <usize>(load<i32>(state + ROWBASE + (<usize>k << 2)) + load<i32>(state + COL) * wStep(d, k));
}

/** Advances to the start of the next row. */
export function wNextRow(state: usize): void {
  const d = <usize>load<i32>(state + DESC);
  const r = wRank(d);
  const nops = load<i32>(d + 4);
  store<i32>(state + COL, 0);
  for (let i = r - 2; i >= 0; i--) {
    const ca = state + (<usize>i << 2);
    const c = load<i32>(ca) + 1;
    const n = wShape(d, i);
    if (c < n) {
      store<i32>(ca, c);
      for (let k = 0; k < nops; k++) {
        const a = state + ROWBASE + (<usize>k << 2);
        store<i32>(a, load<i32>(a) + wStride(d, k, i));
      }
      return;
    }
    store<i32>(ca, 0);
    for (let k = 0; k < nops; k++) {
      const a = state + ROWBASE + (<usize>k << 2);
      store<i32>(a, load<i32>(a) - (n - 1) * wStride(d, k, i));
    }
  }
}

/** Splits `n` positions into `ntasks` near-equal ranges; returns the start of range `t`. */
@inline export function rangeStart(n: i32, ntasks: i32, t: i32): i32 {
  return <i32>((<i64>n * <i64>t) / <i64>ntasks);
}
