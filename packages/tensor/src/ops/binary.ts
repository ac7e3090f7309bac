/**
 * Elementwise binary math with broadcasting, PyTorch's type promotion, and gradients.
 */
import { type BinaryOp, isComparison } from '../backend/ops.js';
import { record } from '../autograd/record.js';
import { type DType, isFloating, resultType } from '../dtype.js';
import { ArgumentError, DTypeError } from '../errors.js';
import { isTensor, scope } from '../memory/scope.js';
import { broadcastShapes, broadcastStrides } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { gradFor } from './grad-utils.js';
import { whereKernel } from './where.js';
import { type TensorOrScalar, backendOf, kview, wrap } from './util.js';

export interface AlphaOptions {
  /** The multiplier of `other`, as PyTorch's `alpha`. */
  alpha?: number;
}
export interface DivOptions {
  /** `'trunc'` or `'floor'` for integer-style division; default true division. */
  rounding_mode?: 'trunc' | 'floor' | null;
}
export interface ValueOptions {
  value?: number;
}

const operand = (x: TensorOrScalar) => (isTensor(x) ? { dtype: x.dtype, ndim: x.ndim } : x);

/** Casts a tensor for a kernel (no autograd; the caller disposes the copy). */
function castKernel(t: Tensor, dtype: DType): Tensor {
  const be = backendOf('cast', t);
  return wrap(be, be.cast(kview(t), dtype), t.shape, dtype);
}

/**
 * Runs a binary kernel in `dtype` over the broadcast shape (no autograd). Tensor operands of
 * another dtype are converted first; scalars pass straight through.
 */
export function binaryKernel(name: string, op: BinaryOp, a: TensorOrScalar, b: TensorOrScalar, dtype: DType): Tensor {
  const be = backendOf(name, a, b);
  const sa = isTensor(a) ? a.shape : [];
  const sb = isTensor(b) ? b.shape : [];
  const shape = broadcastShapes(name, sa, sb);
  const temps: Tensor[] = [];
  const prep = (x: TensorOrScalar) => {
    if (!isTensor(x)) return Number(x);
    const c = x.dtype === dtype ? x : castKernel(x, dtype);
    if (c !== x) temps.push(c);
    return kview(c, shape, broadcastStrides(name, c.shape, c._strides, shape));
  };
  const handle = be.binary(op, prep(a), prep(b), shape);
  for (const t of temps) t.dispose();
  return wrap(be, handle, shape, isComparison(op) ? 'bool' : dtype);
}

function promote(a: TensorOrScalar, b: TensorOrScalar): DType {
  return resultType(operand(a), operand(b));
}

const asTensor = (x: TensorOrScalar): Tensor | null => (isTensor(x) ? x : null);

export function add(a: TensorOrScalar, b: TensorOrScalar, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  if (alpha !== 1) return scope(() => add(a, mulScalarOrTensor(b, alpha)));
  const dtype = promote(a, b);
  if (dtype === 'bool') return binaryKernel('add', 'logical_or', a, b, dtype);
  const out = binaryKernel('add', 'add', a, b, dtype);
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record(out, 'AddBackward0', [ta, tb], (g) => [ta && gradFor(g, ta), tb && gradFor(g, tb)]);
}

function mulScalarOrTensor(x: TensorOrScalar, k: number): TensorOrScalar {
  return isTensor(x) ? mul(x, k) : Number(x) * k;
}

export function sub(a: TensorOrScalar, b: TensorOrScalar, opts: AlphaOptions = {}): Tensor {
  const alpha = opts.alpha ?? 1;
  const dtype = promote(a, b);
  if (dtype === 'bool') {
    throw new DTypeError('sub: subtraction, the `-` operator, with two bool tensors is not supported; use logical_xor() instead');
  }
  if (alpha !== 1) return scope(() => add(a, mulScalarOrTensor(b, -alpha)));
  const out = binaryKernel('sub', 'sub', a, b, dtype);
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record(out, 'SubBackward0', [ta, tb], (g) => [ta && gradFor(g, ta), tb && gradFor(g.neg(), tb)]);
}

export function mul(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const dtype = promote(a, b);
  const out = binaryKernel('mul', dtype === 'bool' ? 'logical_and' : 'mul', a, b, dtype);
  const ta = asTensor(a);
  const tb = asTensor(b);
  // Each operand is saved only when the other one needs a gradient.
  const saved = [tb?.requires_grad ? ta : null, ta?.requires_grad ? tb : null];
  return record(
    out,
    'MulBackward0',
    [ta, tb],
    (g, s, needs) => [
      needs[0] ? gradFor(g.mul(tb ? s[1]! : Number(b)), ta!) : null,
      needs[1] ? gradFor(g.mul(ta ? s[0]! : Number(a)), tb!) : null,
    ],
    saved,
  );
}

export function div(a: TensorOrScalar, b: TensorOrScalar, opts: DivOptions = {}): Tensor {
  const mode = opts.rounding_mode ?? null;
  const dtype0 = promote(a, b);
  if (mode !== null) {
    if (mode !== 'trunc' && mode !== 'floor') {
      throw new ArgumentError(`div: expected rounding_mode to be one of null, 'trunc', or 'floor' but found '${String(mode)}'`);
    }
    if (dtype0 === 'bool') throw new DTypeError('div: rounding division is not supported for bool tensors');
    if (mode === 'floor') return binaryKernel('div', 'floor_divide', a, b, dtype0);
    if (!isFloating(dtype0)) return binaryKernel('div', 'div', a, b, dtype0);
    return scope(() => binaryKernel('div', 'div', a, b, dtype0).trunc());
  }
  const dtype = isFloating(dtype0) ? dtype0 : 'float32';
  const out = binaryKernel('div', 'div', a, b, dtype);
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record(
    out,
    'DivBackward0',
    [ta, tb],
    (g, s, needs) => {
      const bv = tb ? s[0]! : Number(b);
      return [needs[0] ? gradFor(g.div(bv), ta!) : null, needs[1] ? gradFor(g.mul(s[1]!).div(bv).neg(), tb!) : null];
    },
    [tb, tb?.requires_grad ? out : null],
  );
}

export function pow(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const dtype = promote(a, b);
  if (dtype === 'bool') throw new DTypeError('pow: not supported for bool tensors');
  const out = binaryKernel('pow', 'pow', a, b, dtype);
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record(
    out,
    ta && tb ? 'PowBackward1' : ta ? 'PowBackward0' : 'PowBackward2',
    [ta, tb],
    (g, s) => {
      const out = s[2]!;
      let ga: Tensor | null = null;
      let gb: Tensor | null = null;
      if (ta) {
        const x = s[0]!;
        // d/da a^b = b·a^(b−1), defined as 0 where b = 0 (PyTorch's pow_backward).
        if (tb) ga = g.mul(s[1]!).mul(x.pow(s[1]!.sub(1))).masked_fill(s[1]!.eq(0), 0);
        else ga = b === 0 ? g.mul(0) : g.mul(Number(b)).mul(x.pow(Number(b) - 1));
        ga = gradFor(ga, ta);
      }
      if (tb) {
        // d/db a^b = a^b·ln a, defined as 0 where a = 0 and b ≥ 0.
        if (ta) gb = g.mul(out).mul(s[0]!.log()).masked_fill(s[0]!.eq(0).logical_and(s[1]!.ge(0)), 0);
        else gb = g.mul(out).mul(Math.log(Number(a)));
        gb = gradFor(gb, tb);
      }
      return [ga, gb];
    },
    [ta ?? out, tb ?? out, out],
  );
}

function minmax(name: 'maximum' | 'minimum', a: Tensor, b: Tensor): Tensor {
  const dtype = promote(a, b);
  const out = binaryKernel(name, name, a, b, dtype);
  return record(
    out,
    name === 'maximum' ? 'MaximumBackward0' : 'MinimumBackward0',
    [a, b],
    (g, s) => {
      // PyTorch: where(a == b, g/2, g), zeroed where the other side wins; with NaN both get g.
      const [x, y] = [s[0]!, s[1]!];
      const shared = whereKernel('maximum', x.eq(y), g.div(2), g, g.dtype);
      const aLoses = name === 'maximum' ? x.lt(y) : x.gt(y);
      const bLoses = name === 'maximum' ? x.gt(y) : x.lt(y);
      return [gradFor(shared.masked_fill(aLoses, 0), a), gradFor(shared.masked_fill(bLoses, 0), b)];
    },
    [a, b],
  );
}
export const maximum = (a: Tensor, b: Tensor) => minmax('maximum', a, b);
export const minimum = (a: Tensor, b: Tensor) => minmax('minimum', a, b);

function modulo(name: 'remainder' | 'fmod', a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const dtype = promote(a, b);
  if (dtype === 'bool') throw new DTypeError(`${name}: not supported for bool tensors`);
  const out = binaryKernel(name, name, a, b, dtype);
  const ta = asTensor(a);
  const tb = asTensor(b);
  return record(
    out,
    name === 'remainder' ? 'RemainderBackward0' : 'FmodBackward0',
    [ta, tb],
    (g, s) => [
      ta && gradFor(g, ta),
      tb && gradFor(g.mul(div(ta ? s[0]! : (a as number), s[1]!, { rounding_mode: name === 'remainder' ? 'floor' : 'trunc' })).neg(), tb),
    ],
    [ta ?? out, tb ?? out],
  );
}
export const remainder = (a: TensorOrScalar, b: TensorOrScalar) => modulo('remainder', a, b);
export const fmod = (a: TensorOrScalar, b: TensorOrScalar) => modulo('fmod', a, b);

export function floor_divide(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  return div(a, b, { rounding_mode: 'floor' });
}

export function atan2(a: Tensor, b: Tensor): Tensor {
  const dtype0 = promote(a, b);
  const dtype = isFloating(dtype0) ? dtype0 : 'float32';
  const out = binaryKernel('atan2', 'atan2', a, b, dtype);
  return record(
    out,
    'Atan2Backward0',
    [a, b],
    (g, s) => {
      const [x, y] = [s[0]!, s[1]!];
      const r = x.mul(x).add(y.mul(y));
      return [gradFor(g.mul(y).div(r), a), gradFor(g.mul(x).div(r).neg(), b)];
    },
    [a, b],
  );
}

function compare(op: BinaryOp) {
  return (a: TensorOrScalar, b: TensorOrScalar): Tensor => binaryKernel(op, op, a, b, promote(a, b));
}
export const eq = compare('eq');
export const ne = compare('ne');
export const lt = compare('lt');
export const le = compare('le');
export const gt = compare('gt');
export const ge = compare('ge');
export const logical_and = compare('logical_and');
export const logical_or = compare('logical_or');
export const logical_xor = compare('logical_xor');

export function logical_not(x: Tensor): Tensor {
  return binaryKernel('logical_not', 'eq', x, 0, x.dtype);
}

/** `start + weight * (end - start)`. */
export function lerp(start: Tensor, end: Tensor, weight: TensorOrScalar): Tensor {
  backendOf('lerp', start, end, weight);
  return scope(() => add(start, mul(sub(end, start), weight)));
}

/** `x + value * t1 * t2`. */
export function addcmul(x: Tensor, t1: Tensor, t2: Tensor, opts: ValueOptions = {}): Tensor {
  backendOf('addcmul', x, t1, t2);
  return scope(() => add(x, mul(mul(t1, t2), opts.value ?? 1)));
}

/** `x + value * t1 / t2`. */
export function addcdiv(x: Tensor, t1: Tensor, t2: Tensor, opts: ValueOptions = {}): Tensor {
  backendOf('addcdiv', x, t1, t2);
  return scope(() => add(x, mul(div(t1, t2), opts.value ?? 1)));
}
