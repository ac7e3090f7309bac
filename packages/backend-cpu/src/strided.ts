/**
 * Walking strided operands in row-major order of a shape. Dims that are contiguous for every
 * operand are merged first, so most walks are one tight loop.
 */
import { collapseDims } from '@proj/tensor';

export interface Walker {
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * Calls `row(n, offs, steps, outIndex)` once per innermost row: `n` elements, starting at
 * `offs[k]` in operand k and advancing by `steps[k]`; `outIndex` is the row-major index of the
 * row's first element. `offs` and `steps` are reused between calls.
 */
export function walk(
  shape: readonly number[],
  ops: readonly Walker[],
  row: (n: number, offs: number[], steps: number[], outIndex: number) => void,
): void {
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  const flat = flatSteps(shape, ops);
  if (flat) {
    row(total, ops.map((o) => o.offset), flat, 0);
    return;
  }
  const { shape: sh, strides: st } = collapseDims(shape, ops.map((o) => o.strides));
  const offs = ops.map((o) => o.offset);
  if (sh.length === 0) {
    row(1, offs, ops.map(() => 0), 0);
    return;
  }
  const rank = sh.length;
  const inner = sh[rank - 1]!;
  const steps = st.map((s) => s[rank - 1]!);
  const counter = new Array<number>(rank - 1).fill(0);
  const base = ops.map((o) => o.offset);
  for (let out = 0; out < total; out += inner) {
    for (let k = 0; k < offs.length; k++) offs[k] = base[k]!;
    row(inner, offs, steps, out);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      for (let k = 0; k < base.length; k++) base[k]! += st[k]![d]!;
      if (counter[d]! < sh[d]!) break;
      for (let k = 0; k < base.length; k++) base[k]! -= st[k]![d]! * sh[d]!;
      counter[d] = 0;
    }
  }
}

/** When every operand is contiguous (step 1) or a broadcast scalar (step 0), the steps of one flat row. */
function flatSteps(shape: readonly number[], ops: readonly Walker[]): number[] | null {
  const steps: number[] = [];
  for (const o of ops) {
    let expected = 1;
    let zero = true;
    let contiguous = true;
    for (let d = shape.length - 1; d >= 0; d--) {
      const n = shape[d]!;
      const s = o.strides[d]!;
      if (s !== 0) zero = false;
      if (n !== 1 && s !== expected) contiguous = false;
      expected *= n;
    }
    if (contiguous) steps.push(1);
    else if (zero) steps.push(0);
    else return null;
  }
  return steps;
}
