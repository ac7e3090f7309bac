/**
 * PyTorch's CPU random-number generator (`at::CPUGeneratorImpl`) and the CPU kernels of
 * `torch.rand`, `torch.randn`, `torch.randint`, `uniform_`, `normal_` and `bernoulli_`, bit for bit.
 *
 * @example
 * ```ts
 * const g = new Generator().manual_seed(0);
 * uniform(g, 3, 'float32'); // Float32Array [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]
 * ```
 */
import { MT19937, MT_N, toUint64 } from './mt19937.js';

/** Floating dtypes the fill functions produce. */
export type FloatDType = 'float32' | 'float64';
/** A filled buffer of the requested dtype. */
export type FloatArray = Float32Array | Float64Array;

/** PyTorch's `default_rng_seed_val`. */
export const DEFAULT_SEED = 67280421310721n;
/** Byte size of PyTorch's `CPUGeneratorImplState` (what `torch.get_rng_state()` returns). */
export const STATE_BYTES = 5056;

const TWO_POW_32 = 4294967296;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M24 = 2 ** -24;

/** A seeded mt19937 stream plus the cached second Box–Muller sample PyTorch keeps. */
export class Generator {
  readonly #engine: MT19937;
  /** PyTorch's `next_double_normal_sample_`: the unscaled sin-branch of the last Box–Muller pair. */
  nextDoubleNormal: number | null = null;
  /** PyTorch's `next_float_normal_sample_`; no CPU kernel uses it, it is carried for state parity. */
  nextFloatNormal: number | null = null;

  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.#engine = new MT19937(seed);
  }

  /** Re-seeds the stream (uint64; negatives wrap as in PyTorch) and drops the cached normal. */
  manual_seed(seed: number | bigint): this {
    this.#engine.initWithUint32(toUint64(seed));
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    return this;
  }

  /** The uint64 seed last set. */
  initial_seed(): bigint {
    return this.#engine.seed;
  }

  /** Seeds from a non-deterministic 64-bit source and returns the seed. */
  seed(): bigint {
    const words = new Uint32Array(2);
    globalThis.crypto.getRandomValues(words);
    const s = (BigInt(words[0] as number) << 32n) | BigInt(words[1] as number);
    this.manual_seed(s);
    return s;
  }

  /** The next uint32 of the stream (`CPUGeneratorImpl::random`). */
  random(): number {
    return this.#engine.next();
  }

  /** The next uint64 (`random64`): the first 32-bit draw is the high word. */
  random64(): bigint {
    const hi = this.#engine.next();
    return (BigInt(hi) << 32n) | BigInt(this.#engine.next());
  }

  /** `uniform_real_distribution<double>(0, 1)`: the low 53 bits of `random64()` times 2^-53. */
  randomDouble(): number {
    const hi = this.#engine.next() & 0x1fffff;
    return (hi * TWO_POW_32 + this.#engine.next()) * TWO_POW_M53;
  }

  /**
   * The state in PyTorch's own `CPUGeneratorImplState` layout (5056 bytes, little-endian), so it
   * is interchangeable with `torch.get_rng_state()`.
   */
  get_state(): Uint8Array {
    const bytes = new Uint8Array(STATE_BYTES);
    const v = new DataView(bytes.buffer);
    const e = this.#engine;
    v.setBigUint64(0, e.seed, true);
    v.setInt32(8, e.left, true);
    v.setInt32(12, 1, true); // seeded
    v.setBigUint64(16, BigInt(e.next_), true);
    for (let i = 0; i < MT_N; i++) v.setUint32(24 + 8 * i, e.state[i] as number, true);
    if (this.nextDoubleNormal !== null) {
      v.setFloat64(5024, this.nextDoubleNormal, true); // normal_y
      v.setInt32(5040, 1, true); // normal_is_valid
    }
    if (this.nextFloatNormal !== null) {
      v.setFloat32(5048, this.nextFloatNormal, true);
      bytes[5052] = 1;
    }
    return bytes;
  }

  /** Restores a state from {@link get_state} or `torch.get_rng_state()`; validates as PyTorch does. */
  set_state(state: Uint8Array): void {
    if (state.byteLength !== STATE_BYTES) {
      throw new RangeError(`set_state: expected a state of ${STATE_BYTES} bytes, got ${state.byteLength}`);
    }
    const v = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const left = v.getInt32(8, true);
    const next = v.getBigUint64(16, true);
    if (v.getInt32(12, true) === 0 || left <= 0 || left > MT_N || next > BigInt(MT_N)) {
      throw new RangeError('set_state: invalid mt19937 state');
    }
    const e = this.#engine;
    e.seed = v.getBigUint64(0, true);
    e.left = left;
    e.next_ = Number(next);
    for (let i = 0; i < MT_N; i++) e.state[i] = v.getUint32(24 + 8 * i, true);
    this.nextDoubleNormal = v.getInt32(5040, true) !== 0 ? v.getFloat64(5024, true) : null;
    this.nextFloatNormal = state[5052] !== 0 ? v.getFloat32(5048, true) : null;
  }

  /** `at::normal_distribution<double>(mean, std)`: Box–Muller in double, caching the sin branch. */
  normalDouble(mean: number, std: number): number {
    const cached = this.nextDoubleNormal;
    if (cached !== null) {
      this.nextDoubleNormal = null;
      return fma(cached, std, mean);
    }
    const u1 = this.randomDouble();
    const u2 = this.randomDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return fma(r * Math.cos(theta), std, mean);
  }
}

/** The process-wide generator, seeded like PyTorch's `torch.default_generator`. */
export const defaultGenerator = new Generator(DEFAULT_SEED);

/** `torch.manual_seed(seed)`: seeds {@link defaultGenerator} and returns it. */
export function manual_seed(seed: number | bigint): Generator {
  return defaultGenerator.manual_seed(seed);
}

function alloc(n: number, dtype: FloatDType): FloatArray {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expected a size >= 0, got ${n}`);
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/**
 * `torch.rand(n, dtype=...)` / `Tensor.uniform_(from, to)`: float32 draws one uint32 per element
 * (24 bits), float64 one uint64 (53 bits); value `x * (to - from) + from` with one fused
 * multiply-add, in the dtype's precision (`from`, `to` are first rounded to float32 for float32).
 */
export function uniform(gen: Generator, n: number, dtype: FloatDType, from = 0, to = 1): FloatArray {
  if (!(from <= to)) throw new RangeError(`uniform_: expects to return a [from, to) range, but found from=${from} > to=${to}`);
  const out = alloc(n, dtype);
  if (dtype === 'float32') {
    const f = Math.fround(from);
    const range = Math.fround(Math.fround(to) - f);
    for (let i = 0; i < n; i++) out[i] = fmaf((gen.random() & 0xffffff) * TWO_POW_M24, range, f);
  } else {
    const range = to - from;
    for (let i = 0; i < n; i++) out[i] = fma(gen.randomDouble(), range, from);
  }
  return out;
}

/**
 * `torch.randn` / `Tensor.normal_(mean, std)` on a contiguous tensor of `n` elements.
 *
 * - `n < 16` (any dtype): element by element `normal_distribution<double>` (Box–Muller in double,
 *   two uint64 per pair, the sin branch cached on the generator and used by the next call), cast.
 * - float32, `n >= 16`: all `n` uniforms first, then 16 at a time the AVX2 kernel (Pommier's
 *   `log256_ps`/`sincos256_ps` with FMA); when `n % 16 != 0` the last 16 slots are refilled with
 *   16 fresh uniforms and transformed again. float64 `n >= 16` does the same with libm in double.
 *   Neither touches the cached normal.
 */
export function normal(gen: Generator, n: number, dtype: FloatDType, mean = 0, std = 1): FloatArray {
  if (!(std >= 0)) throw new RangeError(`normal_: expects std >= 0.0, but found std ${std}`);
  const out = alloc(n, dtype);
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = gen.normalDouble(mean, std);
    return out;
  }
  const f32 = dtype === 'float32';
  const fill = (start: number): void => {
    for (let i = start; i < start + (start === 0 ? n : 16); i++) {
      out[i] = f32 ? (gen.random() & 0xffffff) * TWO_POW_M24 : gen.randomDouble();
    }
  };
  const transform = f32 ? normal16f(Math.fround(mean), Math.fround(std)) : normal16d(mean, std);
  fill(0);
  for (let i = 0; i + 16 <= n; i += 16) transform(out, i);
  if (n % 16 !== 0) {
    fill(n - 16);
    transform(out, n - 16);
  }
  return out;
}

type Transform16 = (data: FloatArray, i: number) => void;

const TWO_PI_F = Math.fround(2 * Math.PI);

function normal16f(mean: number, std: number): Transform16 {
  return (data, i) => {
    for (let j = i; j < i + 8; j++) {
      const radius = f(Math.sqrt(f(log256(f(1 - (data[j] as number))) * -2)));
      const cos = sincos256(f(TWO_PI_F * (data[j + 8] as number)));
      data[j] = fmaf(f(radius * cos), std, mean);
      data[j + 8] = fmaf(f(radius * sinOut), std, mean);
    }
  };
}

function normal16d(mean: number, std: number): Transform16 {
  return (data, i) => {
    for (let j = i; j < i + 8; j++) {
      const radius = Math.sqrt(-2 * Math.log(1 - (data[j] as number)));
      const theta = 2 * Math.PI * (data[j + 8] as number);
      data[j] = fma(radius * Math.cos(theta), std, mean);
      data[j + 8] = fma(radius * Math.sin(theta), std, mean);
    }
  };
}

/**
 * `torch.randint(low, high, (n,))` (int64): `random() % (high - low) + low`, or `random64()` when
 * `high - low >= 2**32`. Values are returned as doubles, exact while |value| <= 2**53.
 */
export function randint(gen: Generator, n: number, low: number | bigint, high: number | bigint): Float64Array {
  const lo = BigInt(low);
  const range = BigInt(high) - lo;
  if (range <= 0n) throw new RangeError(`random_: expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const out = new Float64Array(n);
  if (range < 1n << 32n) {
    const r = Number(range);
    const l = Number(lo);
    for (let i = 0; i < n; i++) out[i] = (gen.random() % r) + l;
  } else {
    for (let i = 0; i < n; i++) out[i] = Number((gen.random64() % range) + lo);
  }
  return out;
}

/**
 * `torch.empty(n).bernoulli_(p)` on a build without MKL (Debian's, and any non-Intel CPU): one
 * double uniform per element, `1` when it is `< p`. `F.dropout(x, p)` is `x * bernoulli(1 - p) /
 * (1 - p)` (no draws when p is 0 or 1); `F.dropout2d` draws the same for a `(N, C, 1, 1)` noise.
 */
export function bernoulli(gen: Generator, n: number, p: number, dtype: FloatDType = 'float32'): FloatArray {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli_: expected p in [0, 1], but got p=${p}`);
  const out = alloc(n, dtype);
  for (let i = 0; i < n; i++) out[i] = gen.randomDouble() < p ? 1 : 0;
  return out;
}

// ---- Float arithmetic of the AVX2 build: FMA emulation and Pommier's avx_mathfun in float32. ----

/** Correctly rounded float32 `a * b + c` for float32 inputs (`vfmadd*ss`/`ps`). */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b; // exact: 24 + 24 bits
  const s = p + c;
  const r = Math.fround(s);
  const d = s - r;
  if (d === 0) return r;
  // Rounding twice is only wrong when s lands exactly on a float32 midpoint.
  const other = r + 2 * d;
  if (Math.fround(other) !== other) return r;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  if (err === 0) return r;
  return err > 0 === other > r ? other : r;
}

const F64 = new Float64Array(1);
const W32 = new Uint32Array(F64.buffer);
const SPLIT = 134217729; // 2^27 + 1

/** Correctly rounded double `a * b + c` (Boldo–Melquiond: exact product, sum rounded to odd). */
export function fma(a: number, b: number, c: number): number {
  const ph = a * b;
  if (c === 0 || !Number.isFinite(ph) || ph === 0) return ph + c;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - ph + ah * bl + al * bh + al * bl;
  const s = ph + c;
  let bb = s - ph;
  const e = ph - (s - bb) + (c - bb);
  let v = e + pl;
  bb = v - e;
  const ev = e - (v - bb) + (pl - bb);
  if (ev !== 0) {
    F64[0] = v;
    if (((W32[0] as number) & 1) === 0) {
      // Round to odd: step one ulp towards the exact value.
      const up = ev > 0 === v > 0;
      if (up) {
        W32[0] = ((W32[0] as number) + 1) >>> 0;
      } else {
        if (W32[0] === 0) W32[1] = (W32[1] as number) - 1;
        W32[0] = ((W32[0] as number) - 1) >>> 0;
      }
      v = F64[0] as number;
    }
  }
  return s + v;
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const f = Math.fround;
const [P0, P1, P2, P3, P4, P5, P6, P7, P8] = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f) as [number, number, number, number, number, number, number, number, number];
const SQRTHF = f(0.707106781186547524);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);

/**
 * `log256_ps` (Pommier's avx_mathfun, as vendored by ATen) for one lane of a positive float32,
 * with exactly the FMAs GCC formed in PyTorch's AVX2 `normal_fill` (read from its disassembly).
 */
export function log256(input: number): number {
  if (!(input > 0)) return Number.NaN;
  F32[0] = Math.max(input, 2 ** -126);
  const bits = U32[0] as number;
  U32[0] = (bits & 0x807fffff) | 0x3f000000;
  let x = F32[0] as number;
  let e = (bits >>> 23) - 126;
  const small = x < SQRTHF;
  const tmp = small ? x : 0;
  x = f(x - 1);
  if (small) e -= 1;
  const eq1 = f(e * LOG_Q1);
  x = f(tmp + x);
  let y = fmaf(fmaf(fmaf(fmaf(P0, x, P1), x, P2), x, P3), x, P4);
  y = fmaf(fmaf(fmaf(fmaf(y, x, P5), x, P6), x, P7), x, P8);
  const z = f(x * x);
  y = fmaf(f(x * y), z, eq1);
  x = f(x + f(y - f(z * 0.5)));
  return fmaf(e, LOG_Q2, x);
}

const FOPI = f(1.27323954473516);
const [DP1, DP2, DP3] = [-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8].map(f) as [number, number, number];
const [S0, S1, S2] = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f) as [number, number, number];
const [C0, C1, C2] = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f) as [number, number, number];
let sinOut = 0;

/** `sincos256_ps` for one lane (same provenance as {@link log256}): returns cos, sets `sinOut`. */
function sincos256(input: number): number {
  let x = Math.abs(input);
  const j = (Math.trunc(f(x * FOPI)) + 1) & ~1;
  x = fmaf(j, DP3, fmaf(j, DP2, fmaf(j, DP1, x)));
  const z = f(x * x);
  const yc = f(fmaf(f(z * fmaf(fmaf(C0, z, C1), z, C2)), z, -f(z * 0.5)) + 1);
  const ys = fmaf(f(z * fmaf(z, fmaf(S0, z, S1), S2)), x, x);
  const sinPoly = (j & 2) === 0;
  const s = sinPoly ? ys : yc;
  const c = sinPoly ? yc : ys;
  sinOut = input < 0 !== ((j & 4) !== 0) ? -s : s;
  return (~(j - 2) & 4) !== 0 ? -c : c;
}

/** sin and cos of a float32 as `sincos256_ps` computes them, for tests. */
export function sincos256f(x: number): [sin: number, cos: number] {
  const c = sincos256(x);
  return [sinOut, c];
}
