/**
 * Elementwise unary math with gradients. Integer inputs of the transcendental functions are
 * promoted to float32, as in PyTorch.
 */
import type { UnaryOp } from '../backend/ops.js';
import { record } from '../autograd/record.js';
import { isFloating } from '../dtype.js';
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { scope } from '../memory/scope.js';
import { whereKernel } from './where.js';
import { backendOf, kview, wrap } from './util.js';

/** Runs a unary kernel (no autograd). */
export function unaryKernel(op: UnaryOp, x: Tensor): Tensor {
  const be = backendOf(op, x);
  return wrap(be, be.unary(op, kview(x)), x.shape, x.dtype);
}

function floatInput(x: Tensor): Tensor {
  return isFloating(x.dtype) ? x : x.to('float32');
}

/**
 * A float unary op: promotes ints, runs the kernel, records `grad(g, saved)` where `saved` is the
 * input (`save: 'x'`) or the output (`save: 'out'`).
 */
function floatOp(op: UnaryOp, name: string, x0: Tensor, grad: (g: Tensor, saved: Tensor) => Tensor, save: 'x' | 'out'): Tensor {
  const x = floatInput(x0);
  const out = unaryKernel(op, x);
  if (x !== x0) x.dispose();
  return record(out, name, [x0], (g, s) => [grad(g, s[0]!)], [save === 'x' ? x0 : out]);
}

function noInt(op: string, x: Tensor): void {
  if (x.dtype === 'bool') throw new DTypeError(`${op}: not supported for bool tensors`);
}

export const exp = (x: Tensor) => floatOp('exp', 'ExpBackward0', x, (g, out) => g.mul(out), 'out');

export const log = (x: Tensor) => floatOp('log', 'LogBackward0', x, (g, xs) => g.div(xs), 'x');
export const sqrt = (x: Tensor) => floatOp('sqrt', 'SqrtBackward0', x, (g, out) => g.div(out.mul(2)), 'out');

export const rsqrt = (x: Tensor) =>
  floatOp('rsqrt', 'RsqrtBackward0', x, (g, out) => g.mul(out.pow(3)).mul(-0.5), 'out');

export const sin = (x: Tensor) => floatOp('sin', 'SinBackward0', x, (g, xs) => g.mul(xs.cos()), 'x');
export const cos = (x: Tensor) => floatOp('cos', 'CosBackward0', x, (g, xs) => g.mul(xs.sin()).neg(), 'x');
export const tanh = (x: Tensor) =>
  floatOp('tanh', 'TanhBackward0', x, (g, out) => g.mul(out.mul(out).neg().add(1)), 'out');

export const sigmoid = (x: Tensor) =>
  floatOp('sigmoid', 'SigmoidBackward0', x, (g, out) => g.mul(out).mul(out.neg().add(1)), 'out');

export const reciprocal = (x: Tensor) =>
  floatOp('reciprocal', 'ReciprocalBackward0', x, (g, out) => g.mul(out.mul(out)).neg(), 'out');

export const log1p = (x: Tensor) => floatOp('log1p', 'Log1PBackward0', x, (g, xs) => g.div(xs.add(1)), 'x');
export const expm1 = (x: Tensor) => floatOp('expm1', 'Expm1Backward0', x, (g, out) => g.mul(out.add(1)), 'out');

export const erf = (x: Tensor) =>
  floatOp('erf', 'ErfBackward0', x, (g, xs) => g.mul(xs.mul(xs).neg().exp()).mul(2 / Math.sqrt(Math.PI)), 'x');

export function log2(x: Tensor): Tensor {
  return scope(() => log(x).div(Math.LN2));
}
export function log10(x: Tensor): Tensor {
  return scope(() => log(x).div(Math.LN10));
}

export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') {
    throw new DTypeError('neg: negation, the `-` operator, on a bool tensor is not supported; use logical_not() instead');
  }
  return record(unaryKernel('neg', x), 'NegBackward0', [x], (g) => [g.neg()]);
}

export function abs(x: Tensor): Tensor {
  noInt('abs', x);
  return record(unaryKernel('abs', x), 'AbsBackward0', [x], (g, s) => [g.mul(s[0]!.sign())], [x]);
}

export function sign(x: Tensor): Tensor {
  if (x.dtype === 'bool') return x.clone();
  return record(unaryKernel('sign', x), 'SignBackward0', [x], (g) => [g.mul(0)]);
}

function rounding(op: 'floor' | 'ceil' | 'round' | 'trunc', name: string) {
  return (x: Tensor): Tensor => {
    if (!isFloating(x.dtype)) return x.clone();
    return record(unaryKernel(op, x), name, [x], (g) => [g.mul(0)]);
  };
}
export const floor = rounding('floor', 'FloorBackward0');
export const ceil = rounding('ceil', 'CeilBackward0');
export const round = rounding('round', 'RoundBackward0');
export const trunc = rounding('trunc', 'TruncBackward0');

/** `x * x`, with gradient `2x`. */
export function square(x: Tensor): Tensor {
  return x.mul(x);
}

/** `max(x, 0)`; the gradient at 0 is 0, as PyTorch's threshold_backward. */
export function relu(x: Tensor): Tensor {
  noInt('relu', x);
  const be = backendOf('relu', x);
  const out = wrap(be, be.binary('maximum', kview(x), 0, x.shape), x.shape, x.dtype);
  return record(out, 'ReluBackward0', [x], (g, s) => [whereKernel('relu', s[0]!.gt(0), g, 0, g.dtype)], [out]);
}

/** Clamps into `[min, max]` (either may be omitted); the gradient flows where `min ≤ x ≤ max`. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new DTypeError("clamp: at least one of 'min' or 'max' must not be None");
  }
  const be = backendOf('clamp', x);
  let out = x;
  if (min !== undefined && min !== null) out = wrap(be, be.binary('maximum', kview(out), min, x.shape), x.shape, x.dtype);
  if (max !== undefined && max !== null) {
    const next = wrap(be, be.binary('minimum', kview(out), max, x.shape), x.shape, x.dtype);
    if (out !== x) out.dispose();
    out = next;
  }
  return record(out, 'ClampBackward1', [x], (g, s) => {
    let mask = s[0]!.eq(s[0]!);
    if (min !== undefined && min !== null) mask = mask.logical_and(s[0]!.ge(min));
    if (max !== undefined && max !== null) mask = mask.logical_and(s[0]!.le(max));
    return [g.mul(mask)];
  }, [x]);
}

export function isnan(x: Tensor): Tensor {
  return x.ne(x);
}
export function isinf(x: Tensor): Tensor {
  return isFloating(x.dtype) ? scope(() => x.abs().eq(Number.POSITIVE_INFINITY)) : x.ne(x);
}
export function isfinite(x: Tensor): Tensor {
  return isFloating(x.dtype) ? scope(() => x.abs().lt(Number.POSITIVE_INFINITY)) : x.eq(x);
}
