/**
 * PyTorch's CPU random-number generator (`at::CPUGeneratorImpl`) and the CPU kernels of
 * `torch.rand`, `torch.randn`, `torch.randint`, `uniform_`, `normal_` and `bernoulli_`, bit for bit.
 *
 * The reference is PyTorch 1.13's AVX2 kernels (x86-64 without AVX-512) in a build without MKL.
 * PyTorch itself draws the same stream elsewhere but transforms it differently in places: with
 * AVX-512 or on ARM, float32 `normal_` of >= 16 elements uses scalar float libm instead of the
 * AVX2 code below; without FMA kernels float32 `uniform_(a, b)` rounds twice; MKL builds sample
 * `bernoulli_` with MKL (see {@link bernoulli}).
 *
 * @example
 * ```ts
 * const g = new Generator().manual_seed(0);
 * uniform(g, 3, 'float32'); // Float32Array [0.49625658988952637, 0.7682217955589294, 0.08847743272781372]
 * ```
 */
import { boxMuller16f, fma, fmaf } from './fmath.js';
import { MT19937, MT_N, toUint64 } from './mt19937.js';

/** Floating dtypes the fill functions produce. */
export type FloatDType = 'float32' | 'float64';
/** A filled buffer of the requested dtype. */
export type FloatArray = Float32Array | Float64Array;

/** PyTorch's `default_rng_seed_val`. */
export const DEFAULT_SEED = 67280421310721n;
/** Byte size of PyTorch's `CPUGeneratorImplState`, what `torch.get_rng_state()` returns. */
export const STATE_BYTES = 5056;

const TWO_POW_32 = 4294967296;
const TWO_POW_M53 = 2 ** -53;
const TWO_POW_M24 = 2 ** -24;

/** A seeded mt19937 stream plus the cached second Box–Muller sample PyTorch keeps. */
export class Generator {
  readonly #engine: MT19937;
  /** PyTorch's `next_double_normal_sample_`: the unscaled sin branch of the last Box–Muller pair. */
  nextDoubleNormal: number | null = null;
  /** PyTorch's `next_float_normal_sample_`: no CPU kernel uses it; kept for state parity. */
  nextFloatNormal: number | null = null;

  /** A generator seeded with `seed` (default: PyTorch's default seed). */
  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.#engine = new MT19937(seed);
  }

  /** Re-seeds (uint64; negatives wrap as in `torch.manual_seed`) and drops the cached normals. */
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

  /** Re-seeds from a non-deterministic 64-bit source and returns the new seed. */
  seed(): bigint {
    const words = globalThis.crypto.getRandomValues(new Uint32Array(2));
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
   * `at::normal_distribution<double>(mean, std)`: returns the cached sample if there is one,
   * else draws two doubles u1, u2 and returns `r cos θ` with `r = sqrt(-2 log(1 - u2))`,
   * `θ = 2π u1`, caching `r sin θ`. The result is `x * std + mean` with one rounding.
   */
  normalDouble(mean: number, std: number): number {
    const cached = this.nextDoubleNormal;
    if (cached !== null) {
      this.nextDoubleNormal = null;
      return fma(cached, std, mean);
    }
    const u1 = this.randomDouble();
    const r = Math.sqrt(-2 * Math.log(1 - this.randomDouble()));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return fma(r * Math.cos(theta), std, mean);
  }

  /**
   * The state in PyTorch's own `CPUGeneratorImplState` layout (5056 bytes, little-endian), so it
   * is interchangeable with `torch.get_rng_state()`: it holds the stream position and the cache.
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

  /** Restores a state from {@link get_state} or `torch.get_rng_state()`, validated as PyTorch does. */
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
}

/**
 * The process-wide generator, at PyTorch's `default_rng_seed_val` (where a fresh
 * `torch.Generator()` starts). Unlike `torch.default_generator`, which PyTorch seeds from
 * `/dev/urandom` at start-up, it is deterministic until seeded.
 */
export const defaultGenerator = new Generator(DEFAULT_SEED);

/** `torch.manual_seed(seed)`: seeds {@link defaultGenerator} and returns it. */
export function manual_seed(seed: number | bigint): Generator {
  return defaultGenerator.manual_seed(seed);
}

function checkSize(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`expected a size >= 0, got ${n}`);
}

/**
 * `torch.rand(n, dtype=...)` / `Tensor.uniform_(from, to)`: float32 draws one uint32 per element
 * (its low 24 bits), float64 one uint64 (low 53 bits); the value is `x * (to - from) + from` with
 * one rounding, in the dtype (for float32, `from` and `to` are rounded to float32 first).
 */
export function uniform(gen: Generator, n: number, dtype: FloatDType, from = 0, to = 1): FloatArray {
  checkSize(n);
  if (!(from <= to)) throw new RangeError(`uniform_: expected from <= to, got from=${from} > to=${to}`);
  if (!Number.isFinite(dtype === 'float64' ? to - from : Math.fround(to) - Math.fround(from))) {
    throw new RangeError(`uniform_: expected to - from to be finite in ${dtype}, got from=${from}, to=${to}`);
  }
  if (dtype === 'float64') {
    const out = new Float64Array(n);
    const range = to - from;
    for (let i = 0; i < n; i++) out[i] = fma(gen.randomDouble(), range, from);
    return out;
  }
  const out = new Float32Array(n);
  const lo = Math.fround(from);
  const range = Math.fround(Math.fround(to) - lo);
  for (let i = 0; i < n; i++) out[i] = fmaf((gen.random() & 0xffffff) * TWO_POW_M24, range, lo);
  return out;
}

/**
 * `torch.randn` / `Tensor.normal_(mean, std)` on a contiguous tensor of `n` elements.
 *
 * - `n < 16`, any dtype: element by element {@link Generator.normalDouble} (Box–Muller in double,
 *   so 4 uint32 per pair, the sin branch cached on the generator for the next call), then cast.
 * - `n >= 16`: all `n` uniforms first (float32: 1 uint32 each; float64: 1 uint64 each), then per
 *   block of 16, `r = sqrt(-2 log(1 - u[j]))`, `θ = 2π u[j + 8]`, `u[j] = r cos θ * std + mean`,
 *   `u[j + 8] = r sin θ * std + mean` for j < 8. When `n % 16 != 0` the last 16 slots are
 *   refilled with 16 fresh uniforms and transformed again (overwriting some finished values).
 *   float32 runs ATen's AVX2 kernel (Pommier's `log256_ps`/`sincos256_ps` in float32, FMA);
 *   float64 uses libm. Neither reads or clears the cached sample.
 *
 * float64 values can differ from PyTorch's in the last bit or two: V8's `Math.log/sin/cos`
 * are not glibc's. Everything else, float32 included, is bit-exact.
 */
export function normal(gen: Generator, n: number, dtype: FloatDType, mean = 0, std = 1): FloatArray {
  checkSize(n);
  if (!(std >= 0)) throw new RangeError(`normal_: expected std >= 0.0, got ${std}`);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = gen.normalDouble(mean, std);
    return out;
  }
  if (out instanceof Float32Array) {
    const m = Math.fround(mean);
    const s = Math.fround(std);
    for (let i = 0; i < n; i++) out[i] = (gen.random() & 0xffffff) * TWO_POW_M24;
    for (let i = 0; i + 16 <= n; i += 16) boxMuller16f(out, i, m, s);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = (gen.random() & 0xffffff) * TWO_POW_M24;
      boxMuller16f(out, n - 16, m, s);
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = gen.randomDouble();
  for (let i = 0; i + 16 <= n; i += 16) boxMuller16d(out, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = gen.randomDouble();
    boxMuller16d(out, n - 16, mean, std);
  }
  return out;
}

function boxMuller16d(data: Float64Array, i: number, mean: number, std: number): void {
  for (let j = i; j < i + 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - (data[j] as number)));
    const theta = 2 * Math.PI * (data[j + 8] as number);
    data[j] = fma(radius * Math.cos(theta), std, mean);
    data[j + 8] = fma(radius * Math.sin(theta), std, mean);
  }
}

/**
 * `torch.randint(low, high, (n,))` (int64): `random() % (high - low) + low`, or
 * `random64() % (high - low) + low` when `high - low >= 2**32`. Returned as doubles, which are
 * exact while |value| <= 2**53.
 */
export function randint(gen: Generator, n: number, low: number | bigint, high: number | bigint): Float64Array {
  checkSize(n);
  const lo = BigInt(low);
  const range = BigInt(high) - lo;
  if (range <= 0n) throw new RangeError(`random_: expected low < high, got low=${low} >= high=${high}`);
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
 * `torch.empty(n, dtype=...).bernoulli_(p)` as PyTorch built without MKL draws it (Debian's, the
 * macOS arm64 wheels): one double uniform (one uint64) per element, `1` where it is `< p`.
 * An MKL build (the x86 pip wheels) instead takes one uint32 seed from the generator and samples
 * with MKL's own VSL stream: that path is not reproduced here.
 *
 * `F.dropout(x, p)` is `x * (bernoulli(1 - p) / (1 - p))`, the scale being
 * `fround(1 / fround(1 - p))` for float32, and draws nothing when `p` is 0 or 1.
 * `F.dropout2d` on (N, C, H, W) (or (N, C, L)) input draws `bernoulli(1 - p)` for a noise of
 * shape (N, C, 1, 1): N*C draws in row-major order, each shared by a whole channel.
 */
export function bernoulli(gen: Generator, n: number, p: number, dtype: FloatDType = 'float32'): FloatArray {
  checkSize(n);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`bernoulli_: expected 0 <= p <= 1, got p=${p}`);
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.randomDouble() < p ? 1 : 0;
  return out;
}
