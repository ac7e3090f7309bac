/**
 * A complete @proj backend in one file: every buffer is a Float64Array whatever its dtype, and
 * every kernel walks its output's indices one by one. It is slow on purpose: it shows the
 * contract with nothing else in the way. `docs/writing-a-backend.md` walks through it, and
 * `minimal-backend.test.ts` runs the whole conformance kit on it.
 */
import {
  type Backend,
  type BinaryOp,
  type DType,
  type HostArray,
  type Operand,
  SPEC_VERSION,
  type StridedView,
  type UnaryOp,
  allocHost,
} from '@proj/tensor';

type Buf = Float64Array;

/** Calls `fn` with every index of `shape` in row-major order. */
function forEachIndex(shape: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = shape.map(() => 0);
  for (let flat = 0; flat < n; flat++) {
    fn(idx, flat);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

/** The buffer position of `idx` in a strided view. */
const at = (v: StridedView<Buf>, idx: readonly number[]) => idx.reduce((o, i, d) => o + i * v.strides[d]!, v.offset);
/** The value of an operand at `idx` (a scalar operand is the same everywhere). */
const get = (o: Operand<Buf>, idx: readonly number[]) => (typeof o === 'number' ? o : o.handle[at(o, idx)]!);
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Stores `v` as `dtype` would hold it: ints truncate, bools become 0/1. */
function store(dtype: DType, v: number): number {
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int32') return v | 0;
  if (dtype === 'int64') return Math.trunc(v);
  if (dtype === 'float32') return Math.fround(v);
  return v;
}

const UNARY: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x, abs: Math.abs, sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), exp: Math.exp, log: Math.log,
  sqrt: Math.sqrt, rsqrt: (x) => 1 / Math.sqrt(x), sin: Math.sin, cos: Math.cos, tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  floor: Math.floor, ceil: Math.ceil, trunc: Math.trunc, reciprocal: (x) => 1 / x, log1p: Math.log1p, expm1: Math.expm1,
  round: (x) => { const r = Math.round(x); return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r; },
  erf: (x) => { // Abramowitz–Stegun 7.1.26 refined by one Newton step on erf' = 2/√π·e^(−x²).
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
    return Math.sign(x) * y;
  },
};

/** C's pow (PyTorch's): pow(1, y) = 1 and pow(−1, ±∞) = 1, unlike JavaScript's `**`. */
const cpow = (a: number, b: number) => (a === 1 || b === 0 || (a === -1 && Math.abs(b) === Infinity) ? 1 : a ** b);

function binaryFn(op: BinaryOp, int: boolean): (a: number, b: number) => number {
  // PyTorch's float floor division, from the exact fmod: 1 // 0.1 is 9, not floor(1 / 0.1) = 10.
  const floorDiv = (a: number, b: number) => {
    if (int || b === 0) return Math.floor(a / b);
    const mod = a % b;
    const div = (a - mod) / b - (mod !== 0 && mod < 0 !== b < 0 ? 1 : 0);
    if (div === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
    const floor = Math.floor(div);
    return div - floor > 0.5 ? floor + 1 : floor;
  };
  const rem = (a: number, b: number) => { const r = a % b; return r !== 0 && r < 0 !== b < 0 ? r + b : r; };
  const table: Record<BinaryOp, (a: number, b: number) => number> = {
    add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b,
    div: int ? (a, b) => (b === 0 ? 0 : Math.trunc(a / b)) : (a, b) => a / b,
    floor_divide: int ? (a, b) => (b === 0 ? 0 : floorDiv(a, b)) : floorDiv,
    remainder: int ? (a, b) => (b === 0 ? 0 : rem(a, b)) : rem,
    fmod: int ? (a, b) => (b === 0 ? 0 : a % b) : (a, b) => a % b,
    pow: int ? (a, b) => Math.trunc(cpow(a, b)) : cpow,
    maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b)),
    minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b)),
    atan2: Math.atan2,
    eq: (a, b) => +(a === b), ne: (a, b) => +(a !== b), lt: (a, b) => +(a < b), le: (a, b) => +(a <= b),
    gt: (a, b) => +(a > b), ge: (a, b) => +(a >= b),
    logical_and: (a, b) => +(a !== 0 && b !== 0), logical_or: (a, b) => +(a !== 0 || b !== 0),
    logical_xor: (a, b) => +((a !== 0) !== (b !== 0)),
  };
  return table[op]!;
}

const COMPARE = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'logical_xor']);

/** Creates the minimal backend; register it with `registerBackend(minimal())`. */
export function minimal(name = 'minimal'): Backend<Buf> {
  let buffers = 0;
  let bytes = 0;
  const make = (n: number): Buf => {
    buffers++;
    bytes += n * 8;
    return new Float64Array(n);
  };
  return {
    name,
    specVersion: SPEC_VERSION,
    dtypes: ['float32', 'float64', 'int32', 'int64', 'bool'],
    upload: (data: HostArray, dtype: DType) => make(data.length).map((_, i) => store(dtype, Number(data[i]))),
    fill: (n, value, dtype) => make(n).fill(store(dtype, value)),
    read: async (h, dtype, n) => readHost(h, dtype, n),
    readSync: (h, dtype, n) => readHost(h, dtype, n),
    dispose: (h) => {
      buffers--;
      bytes -= h.length * 8;
    },
    memory: () => ({ buffers, bytes }),

    unary: (op, x) => {
      const out = make(size(x.shape));
      forEachIndex(x.shape, (idx, i) => {
        out[i] = store(x.dtype, UNARY[op](get(x, idx)));
      });
      return out;
    },
    binary: (op, a, b, shape) => {
      const dtype = (typeof a === 'number' ? (b as StridedView<Buf>) : a).dtype;
      const f = binaryFn(op, dtype !== 'float32' && dtype !== 'float64');
      const outDtype = COMPARE.has(op) ? 'bool' : dtype;
      const out = make(size(shape));
      forEachIndex(shape, (idx, i) => {
        out[i] = store(outDtype, f(get(a, idx), get(b, idx)));
      });
      return out;
    },
    where: (cond, a, b, shape, dtype) => {
      const out = make(size(shape));
      forEachIndex(shape, (idx, i) => {
        out[i] = store(dtype, get(cond, idx) ? get(a, idx) : get(b, idx));
      });
      return out;
    },
    cast: (x, dtype) => {
      const out = make(size(x.shape));
      forEachIndex(x.shape, (idx, i) => {
        out[i] = store(dtype, get(x, idx));
      });
      return out;
    },
    copy: (dst, src) => {
      forEachIndex(dst.shape, (idx) => {
        dst.handle[at(dst, idx)] = get(src, idx);
      });
    },
    reduce: (op, x, axes) => {
      const outShape = x.shape.filter((_, d) => !axes.includes(d));
      const init = { sum: 0, prod: 1, max: -Infinity, min: Infinity }[op];
      const out = make(size(outShape)).fill(init);
      forEachIndex(x.shape, (idx) => {
        const o = idx.filter((_, d) => !axes.includes(d)).reduce((acc, i, d) => acc * outShape[d]! + i, 0);
        const v = get(x, idx);
        const prev = out[o]!;
        out[o] = op === 'sum' ? prev + v : op === 'prod' ? prev * v
          : Number.isNaN(prev) || Number.isNaN(v) ? Number.NaN : op === 'max' ? Math.max(prev, v) : Math.min(prev, v);
      });
      return out.map((v) => store(x.dtype, v));
    },
    argReduce: (op, x, axis) => {
      const outShape = x.shape.filter((_, d) => d !== axis);
      const out = make(size(outShape));
      forEachIndex(outShape, (oidx, o) => {
        let best = Number.NaN;
        let bestAt = -1;
        for (let k = 0; k < x.shape[axis]!; k++) {
          const v = get(x, [...oidx.slice(0, axis), k, ...oidx.slice(axis)]);
          const better = op === 'argmax' ? v > best : v < best;
          if (bestAt < 0 || (!Number.isNaN(best) && (better || Number.isNaN(v)))) {
            best = v;
            bestAt = k;
          }
        }
        out[o] = bestAt;
      });
      return out;
    },
    matmul: (a, b) => {
      const r = a.shape.length;
      const [k, n] = [a.shape[r - 1]!, b.shape[r - 1]!];
      const shape = [...a.shape.slice(0, -1), n];
      const out = make(size(shape));
      forEachIndex(shape, (idx, i) => {
        let acc = 0;
        for (let kk = 0; kk < k; kk++) {
          acc += get(a, [...idx.slice(0, -1), kk]) * get(b, [...idx.slice(0, -2), kk, idx[r - 1]!]);
        }
        out[i] = store(a.dtype, acc);
      });
      return out;
    },
    gather: (x, axis, index) => {
      const out = make(size(index.shape));
      forEachIndex(index.shape, (idx, i) => {
        const src = [...idx];
        src[axis] = get(index, idx);
        out[i] = get(x, src);
      });
      return out;
    },
    scatterAdd: (shape, axis, index, src) => {
      const out = make(size(shape));
      const strides = shape.map((_, d) => size(shape.slice(d + 1)));
      forEachIndex(index.shape, (idx) => {
        const dst = [...idx];
        dst[axis] = get(index, idx);
        const o = dst.reduce((acc, v, d) => acc + v * strides[d]!, 0);
        out[o] = store(src.dtype, out[o]! + get(src, idx));
      });
      return out;
    },
    pad: (x, pads, value) => {
      const shape = x.shape.map((s, d) => s + pads[d]![0] + pads[d]![1]);
      const out = make(size(shape)).fill(store(x.dtype, value));
      const strides = shape.map((_, d) => size(shape.slice(d + 1)));
      forEachIndex(x.shape, (idx) => {
        out[idx.reduce((acc, v, d) => acc + (v + pads[d]![0]) * strides[d]!, 0)] = get(x, idx);
      });
      return out;
    },
  };
}

function readHost(h: Buf, dtype: DType, n: number): HostArray {
  const out = allocHost(dtype, n);
  for (let i = 0; i < n; i++) out[i] = (dtype === 'int64' ? BigInt(h[i]!) : h[i]!) as never;
  return out;
}
