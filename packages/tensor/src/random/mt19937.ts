/**
 * The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it
 * (`aten/src/ATen/core/MT19937RNGEngine.h`).
 *
 * PyTorch seeds it with `init_with_uint32`: only the low 32 bits of the 64-bit seed reach the
 * state, so seeds `s` and `s + 2**32` produce the same stream (they differ only in
 * `initial_seed()`).
 *
 * @example
 * ```ts
 * const mt = new MT19937(0n);
 * mt.next(); // 2357136044, the first draw after torch.manual_seed(0)
 * ```
 */

/** Number of 32-bit words of state. */
export const MT_N = 624;
const MT_M = 397;
const MATRIX_A = 0x9908b0df;
const UMASK = 0x80000000;
const LMASK = 0x7fffffff;

/** The 64-bit seed as PyTorch stores it (`uint64_t`). */
export function toUint64(seed: number | bigint): bigint {
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) {
      throw new TypeError(`manual_seed: expected an integer seed, got ${seed}`);
    }
    seed = BigInt(seed);
  }
  // torch.manual_seed accepts [-2**63, 2**64) and wraps negatives to uint64.
  if (seed < -(1n << 63n) || seed >= 1n << 64n) {
    throw new RangeError(
      `manual_seed: seed must be within [-0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff], got ${seed}`,
    );
  }
  return BigInt.asUintN(64, seed);
}

/** The mt19937 engine: 624 words of state, a read index and PyTorch's `left_` countdown. */
export class MT19937 {
  /** The untempered state words, as int32 bit patterns (`>>> 0` gives the uint32). */
  readonly state = new Int32Array(MT_N);
  /** Index of the next state word to temper. */
  next_ = 0;
  /** Draws left before the state is regenerated (PyTorch regenerates when it reaches 0). */
  left = 1;
  /** The uint64 seed this engine was initialised with. */
  seed: bigint;

  constructor(seed: number | bigint = 5489n) {
    this.seed = 0n;
    this.initWithUint32(toUint64(seed));
  }

  /** `init_with_uint32`: Knuth's initialiser on the low 32 bits of the seed. */
  initWithUint32(seed: bigint): void {
    this.seed = seed;
    const s = this.state;
    let prev = Number(BigInt.asIntN(32, seed));
    s[0] = prev;
    for (let j = 1; j < MT_N; j++) {
      prev = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) | 0;
      s[j] = prev;
    }
    this.left = 1;
    this.next_ = 0;
  }

  /** The next tempered uint32, as a non-negative number. */
  next(): number {
    if (--this.left === 0) this.nextState();
    let y = this.state[this.next_++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates all 624 words (PyTorch's `next_state`, same loop order). */
  private nextState(): void {
    const s = this.state;
    this.left = MT_N;
    this.next_ = 0;
    let k = 0;
    for (; k < MT_N - MT_M; k++) {
      s[k] = (s[k + MT_M] as number) ^ twist(s[k] as number, s[k + 1] as number);
    }
    for (; k < MT_N - 1; k++) {
      s[k] = (s[k + MT_M - MT_N] as number) ^ twist(s[k] as number, s[k + 1] as number);
    }
    s[k] = (s[k + MT_M - MT_N] as number) ^ twist(s[k] as number, s[0] as number);
  }

  /** Copies another engine's full state into this one. */
  copyFrom(other: MT19937): void {
    this.state.set(other.state);
    this.next_ = other.next_;
    this.left = other.left;
    this.seed = other.seed;
  }
}

// Branch-free: `v & 1` is a coin flip, and a mispredicted branch per word triples the cost.
function twist(u: number, v: number): number {
  return (((u & UMASK) | (v & LMASK)) >>> 1) ^ (-(v & 1) & MATRIX_A);
}
