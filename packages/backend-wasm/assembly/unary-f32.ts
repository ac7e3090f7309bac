// The float32 transcendental unary ops over contiguous rows, on f32x4 lanes (vmath.ts). Four
// vectors a step: about a fifth faster than one (more independent work in flight). Measured in
// V8 (Node 20), both of these lose that gain: one loop that switches on the op per vector, and
// this code as a function of its own rather than inlined into the elementwise task. So does one
// @inline loop called with a constant op per case (2× slower: the switch is not folded away),
// hence the six spelled-out loops.

import { EXP, EXPM1, LOG, LOG1P, SIGMOID, TANH } from './codes';
import { vexp, vexpm1, vlog, vlog1p, vsigmoid, vtanh } from './vmath';

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

@inline function vunary(op: i32, x: v128): v128 {
  switch (op) {
    case EXP: return vexp(x);
    case EXPM1: return vexpm1(x);
    case LOG: return vlog(x);
    case LOG1P: return vlog1p(x);
    case SIGMOID: return vsigmoid(x);
    case TANH: return vtanh(x);
  }
  return x;
}

/** Returns how many of the n elements it did: a multiple of 4, or 0 for an op it does not have. */
@inline export function unaryF32(op: i32, n: i32, o: usize, x: usize): i32 {
  let i = 0;
  switch (op) {
    case EXP:
      for (; i + 16 <= n; i += 16) {
        const p = at(x, i);
        const q = at(o, i);
        const a = v128.load(p);
        const b = v128.load(p, 16);
        const c = v128.load(p, 32);
        const d = v128.load(p, 48);
        v128.store(q, vexp(a));
        v128.store(q, vexp(b), 16);
        v128.store(q, vexp(c), 32);
        v128.store(q, vexp(d), 48);
      }
      break;
    case EXPM1:
      for (; i + 16 <= n; i += 16) {
        const p = at(x, i);
        const q = at(o, i);
        const a = v128.load(p);
        const b = v128.load(p, 16);
        const c = v128.load(p, 32);
        const d = v128.load(p, 48);
        v128.store(q, vexpm1(a));
        v128.store(q, vexpm1(b), 16);
        v128.store(q, vexpm1(c), 32);
        v128.store(q, vexpm1(d), 48);
      }
      break;
    case LOG:
      for (; i + 16 <= n; i += 16) {
        const p = at(x, i);
        const q = at(o, i);
        const a = v128.load(p);
        const b = v128.load(p, 16);
        const c = v128.load(p, 32);
        const d = v128.load(p, 48);
        v128.store(q, vlog(a));
        v128.store(q, vlog(b), 16);
        v128.store(q, vlog(c), 32);
        v128.store(q, vlog(d), 48);
      }
      break;
    case LOG1P:
      for (; i + 16 <= n; i += 16) {
        const p = at(x, i);
        const q = at(o, i);
        const a = v128.load(p);
        const b = v128.load(p, 16);
        const c = v128.load(p, 32);
        const d = v128.load(p, 48);
        v128.store(q, vlog1p(a));
        v128.store(q, vlog1p(b), 16);
        v128.store(q, vlog1p(c), 32);
        v128.store(q, vlog1p(d), 48);
      }
      break;
    case SIGMOID:
      for (; i + 16 <= n; i += 16) {
        const p = at(x, i);
        const q = at(o, i);
        const a = v128.load(p);
        const b = v128.load(p, 16);
        const c = v128.load(p, 32);
        const d = v128.load(p, 48);
        v128.store(q, vsigmoid(a));
        v128.store(q, vsigmoid(b), 16);
        v128.store(q, vsigmoid(c), 32);
        v128.store(q, vsigmoid(d), 48);
      }
      break;
    case TANH:
      for (; i + 16 <= n; i += 16) {
        const p = at(x, i);
        const q = at(o, i);
        const a = v128.load(p);
        const b = v128.load(p, 16);
        const c = v128.load(p, 32);
        const d = v128.load(p, 48);
        v128.store(q, vtanh(a));
        v128.store(q, vtanh(b), 16);
        v128.store(q, vtanh(c), 32);
        v128.store(q, vtanh(d), 48);
      }
      break;
    default:
      return 0;
  }
  for (; i + 4 <= n; i += 4) v128.store(at(o, i), vunary(op, v128.load(at(x, i))));
  return i;
}
