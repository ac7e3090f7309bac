/**
 * IEEE 754 half precision (`float16`) on the host, where JavaScript has no half array.
 *
 * A float16 tensor's host array is a Float32Array whose values half represents exactly; backends
 * that store half (WebGPU with `shader-f16`) move it as 16-bit patterns. Conversion from a number
 * goes through float32 first, as PyTorch's `torch.tensor(x, dtype=torch.half)` does, then rounds
 * to nearest with ties to even: values past 65504 (beyond the halfway point to 65536) become
 * ±Infinity, values below 2^-25 become ±0, and half's subnormals (down to 2^-24) are kept.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The 16-bit pattern of the half nearest to `x` (read as float32 first). NaN becomes a quiet NaN of the same sign. */
export function float16Bits(x: number): number {
  f32[0] = x;
  const b = u32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 112; // the half exponent field: 127 - 15 = 112
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // A half subnormal (or zero): value = m · 2^-24.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  const rest = mant & 0x1fff;
  const h = sign | (e << 10) | (mant >>> 13);
  // Rounding up may carry into the exponent, up to Infinity: the encoding makes that right.
  return rest > 0x1000 || (rest === 0x1000 && h & 1) ? h + 1 : h;
}

/** The value of a 16-bit half pattern. */
export function float16Value(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** `x` rounded to the nearest half (through float32), as a number. */
export function roundToFloat16(x: number): number {
  return float16Value(float16Bits(x));
}

/** The half patterns of `values`, padded with zeros to `length` (≥ values.length). */
export function toFloat16Bits(values: ArrayLike<number>, length = values.length): Uint16Array {
  const out = new Uint16Array(length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i]!);
  return out;
}

/** The values of half patterns, as float32 (every half is exactly a float32). */
export function fromFloat16Bits(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16Value(bits[i]!);
  return out;
}
