/**
 * How @proj dtypes live in WGSL storage buffers. Every element is 4 bytes but float16's:
 *
 * | dtype   | WGSL | host array on read | note |
 * |---------|------|--------------------|------|
 * | float16 | f16  | Float32Array       | 2 bytes; only where the device has `shader-f16` (see half.ts) |
 * | float32 | f32  | Float32Array       | |
 * | int32   | i32  | Int32Array         | |
 * | int64   | i32  | BigInt64Array      | stored in 32 bits: values must lie in [−2^31, 2^31) |
 * | bool    | u32  | Uint8Array         | 0 or 1, one word per element |
 *
 * WGSL has no 64-bit types, so float64 is refused (the front end raises a DTypeError with
 * {@link unsupportedDtypeHint}) and int64 is stored as i32 with the documented range limit: index
 * tensors, class targets and argmax results fit easily; arithmetic on int64 wraps at 32 bits.
 */
import { type DType, DTypeError, type HostArray, fromFloat16Bits, toFloat16Bits } from '@proj/tensor';

/** The dtypes this backend stores on every device; float16 joins them where the device has `shader-f16`. */
export const WEBGPU_DTYPES: readonly DType[] = ['float32', 'int32', 'int64', 'bool'];

/** The dtypes stored on `device`. */
export function dtypesOf(device: GPUDevice): readonly DType[] {
  return device.features.has('shader-f16') ? ['float16', ...WEBGPU_DTYPES] : WEBGPU_DTYPES;
}

/** The WGSL element type of a stored dtype. */
export type WgslType = 'f16' | 'f32' | 'i32' | 'u32';

export function wgslType(dtype: DType): WgslType {
  if (dtype === 'float32') return 'f32';
  if (dtype === 'float16') return 'f16';
  if (dtype === 'bool') return 'u32';
  return 'i32';
}

/** Bytes a buffer of `numel` elements of `dtype` needs: 2 per float16, 4 otherwise, rounded up to whole 4-byte words. */
export function bufferBytes(dtype: DType, numel: number): number {
  const bytes = dtype === 'float16' ? 2 * numel : 4 * numel;
  return Math.max(4, Math.ceil(bytes / 4) * 4);
}

/** The message the front end appends when a user asks for a dtype this backend cannot store. */
export function unsupportedDtypeHint(dtype: DType): string | undefined {
  if (dtype === 'float64') {
    return "WGSL has no 64-bit float type; convert with .to('float32') (or .float()) before moving the tensor to WebGPU";
  }
  if (dtype === 'float16') {
    return "this device lacks the WebGPU feature 'shader-f16' (the adapter does not offer it, or a device passed in was created without it), so float16 cannot be stored; use float32";
  }
  return undefined;
}

const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;

function rangeError(op: string, v: number | bigint): DTypeError {
  return new DTypeError(
    `${op}: int64 value ${v} does not fit the webgpu backend, which stores int64 in 32 bits (range [-2147483648, 2147483647]); keep such tensors on the cpu backend`,
  );
}

/**
 * The words a host array becomes on the GPU (a fresh array, or `data` itself when it already is
 * one); float16 becomes half patterns, padded to a whole number of 4-byte words.
 */
export function toDevice(data: HostArray, dtype: DType): Uint32Array | Int32Array | Float32Array | Uint16Array {
  switch (dtype) {
    case 'float16':
      return toFloat16Bits(data as Float32Array, data.length + (data.length & 1));
    case 'float32':
    case 'int32':
      return data as Float32Array | Int32Array;
    case 'bool':
      return Uint32Array.from(data as Uint8Array, (v) => (v ? 1 : 0));
    case 'int64': {
      const src = data as BigInt64Array;
      const out = new Int32Array(src.length);
      for (let i = 0; i < src.length; i++) {
        const v = src[i]!;
        if (v < -2147483648n || v > 2147483647n) throw rangeError('upload', v);
        out[i] = Number(v);
      }
      return out;
    }
    default:
      throw new DTypeError(`webgpu: cannot store ${dtype}: ${unsupportedDtypeHint(dtype) ?? 'unsupported dtype'}`);
  }
}

/** Converts the words read back from the GPU into the host array of `dtype`. */
export function fromDevice(words: ArrayBuffer, dtype: DType, numel: number): HostArray {
  switch (dtype) {
    case 'float16':
      return fromFloat16Bits(new Uint16Array(words, 0, numel));
    case 'float32':
      return new Float32Array(words, 0, numel);
    case 'int32':
      return new Int32Array(words, 0, numel);
    case 'bool':
      return Uint8Array.from(new Uint32Array(words, 0, numel), (v) => (v ? 1 : 0));
    case 'int64': {
      const src = new Int32Array(words, 0, numel);
      const out = new BigInt64Array(numel);
      for (let i = 0; i < numel; i++) out[i] = BigInt(src[i]!);
      return out;
    }
    default:
      throw new DTypeError(`webgpu: cannot read ${dtype}`);
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The 32-bit pattern of a scalar stored as `dtype`: floats (float16 too: kernels round it) as
 * f32 bits, bools as 0/1, int32 wraps
 * as an Int32Array store does. int64 values outside the 32-bit range throw when `strict` (fill)
 * and saturate otherwise (kernel operands such as a clamp bound of −2^63).
 */
export function scalarBits(value: number, dtype: DType, strict = false): number {
  if (dtype === 'float32' || dtype === 'float16') {
    f32[0] = value;
    return u32[0]!;
  }
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype === 'int64') {
    if (Number.isNaN(value)) return 0;
    if (value < I32_MIN || value > I32_MAX) {
      if (strict) throw rangeError('fill', value);
      return (value < 0 ? I32_MIN : I32_MAX) >>> 0;
    }
  }
  return (Math.trunc(value) || 0) >>> 0;
}
