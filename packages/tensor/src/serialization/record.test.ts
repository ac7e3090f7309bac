import { describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError } from '../errors.js';
import { decodeElements, encodeElements, storageDType, validateRecord } from './record.js';

const le16 = (...v: number[]) => new Uint8Array(new Uint16Array(v).buffer);

describe('dtype policy', () => {
  it('maps on-disk types to the dtypes they load as', () => {
    const as = (n: string) => storageDType(n, 'test').dtype;
    expect(['F32', 'F16', 'BF16'].map(as)).toEqual(['float32', 'float32', 'float32']);
    expect(['U8', 'I8', 'I16', 'I32'].map(as)).toEqual(['int32', 'int32', 'int32', 'int32']);
    expect([as('F64'), as('I64'), as('BOOL')]).toEqual(['float64', 'int64', 'bool']);
  });

  it.each(['U16', 'U32', 'U64', 'F8_E4M3', 'C64', 'constructor', '__proto__'])('refuses %s with a DTypeError naming it', (name) => {
    expect(() => storageDType(name, 'where')).toThrow(DTypeError);
    expect(() => storageDType(name, 'where')).toThrow(`where: unsupported dtype '${name}'`);
  });
});

describe('decodeElements', () => {
  it('widens half precision exactly, specials included', () => {
    const out = decodeElements('F16', le16(0x3c00, 0xc000, 0x0001, 0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x8000, 0x03ff));
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out as Float32Array)).toEqual([1, -2, 2 ** -24, 65504, Infinity, -Infinity, NaN, -0, 1023 * 2 ** -24]);
  });

  it('widens bfloat16 by placing its bits in the high half', () => {
    const out = decodeElements('BF16', le16(0x3f80, 0xc049, 0x7f80, 0x0001));
    expect(Array.from(out as Float32Array)).toEqual([1, Math.fround(-3.140625), Infinity, 2 ** -133]);
  });

  it('widens small integers to int32 and normalises bools to 0/1', () => {
    expect(Array.from(decodeElements('U8', new Uint8Array([0, 255, 128])) as Int32Array)).toEqual([0, 255, 128]);
    expect(Array.from(decodeElements('I8', new Uint8Array([0x80, 0x7f, 0xff])) as Int32Array)).toEqual([-128, 127, -1]);
    expect(Array.from(decodeElements('I16', le16(0x8000, 0x7fff)) as Int32Array)).toEqual([-32768, 32767]);
    const b = decodeElements('BOOL', new Uint8Array([0, 1, 7]));
    expect(b).toBeInstanceOf(Uint8Array);
    expect(Array.from(b as Uint8Array)).toEqual([0, 1, 1]);
  });

  it('reads unaligned views and 64-bit integers', () => {
    const buf = new Uint8Array(17);
    new DataView(buf.buffer).setBigInt64(1, -(2n ** 63n), true);
    new DataView(buf.buffer).setBigInt64(9, 2n ** 62n + 1n, true);
    expect(Array.from(decodeElements('I64', buf.subarray(1)) as BigInt64Array)).toEqual([-(2n ** 63n), 2n ** 62n + 1n]);
  });

  it('round-trips through encodeElements', () => {
    const data = new Float64Array([1.5, -0, NaN]);
    const back = decodeElements('F64', encodeElements({ dtype: 'float64', shape: [3], data }));
    expect(Array.from(back as Float64Array)).toEqual([1.5, -0, NaN]);
  });
});

describe('validateRecord', () => {
  it('accepts a well-formed record', () => {
    expect(() => validateRecord({ dtype: 'int64', shape: [2, 0], data: new BigInt64Array(0) }, 'w')).not.toThrow();
  });

  it('rejects mismatched arrays, shapes and dtypes', () => {
    expect(() => validateRecord({ dtype: 'float32', shape: [2], data: new Float64Array(2) }, 'w')).toThrow(DTypeError);
    expect(() => validateRecord({ dtype: 'bool', shape: [1], data: new Uint8ClampedArray(1) as never }, 'w')).toThrow(DTypeError);
    expect(() => validateRecord({ dtype: 'bfloat16' as never, shape: [1], data: new Float32Array(1) }, 'w')).toThrow(
      "w: unsupported dtype 'bfloat16'",
    );
    expect(() => validateRecord({ dtype: 'int32', shape: [3], data: new Int32Array(2) }, 'w')).toThrow(ArgumentError);
    expect(() => validateRecord({ dtype: 'int32', shape: [-1], data: new Int32Array(0) }, 'w')).toThrow(/non-negative/);
  });
});
