import { describe, expect, it } from 'vitest';
import fixtures from '../../backend-webgpu/src/__fixtures__/float16.json';
import { toHost } from './dtype.js';
import { float16Bits, float16Value, fromFloat16Bits, roundToFloat16, toFloat16Bits } from './float16.js';
import { decodeElements, encodeElements } from './serialization/record.js';

const isNanBits = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;

describe('float16 on the host', () => {
  it('every half survives value → bits → value (all 65,536 patterns)', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = float16Value(h);
      if (isNanBits(h)) {
        expect(Number.isNaN(v)).toBe(true);
        expect(isNanBits(float16Bits(v))).toBe(true);
      } else if (float16Bits(v) !== h) {
        expect.fail(`pattern ${h.toString(16)} (value ${v}) came back as ${float16Bits(v).toString(16)}`);
      }
    }
  });

  it('midpoints between neighbouring halves round to the even one', () => {
    for (let h = 0; h < 0x7bff; h++) {
      // Both neighbours are finite and positive; their midpoint is exact in float32.
      const mid = (float16Value(h) + float16Value(h + 1)) / 2;
      const even = h % 2 === 0 ? h : h + 1;
      if (float16Bits(mid) !== even) expect.fail(`midpoint of ${h.toString(16)} and ${(h + 1).toString(16)} rounded to ${float16Bits(mid).toString(16)}`);
      expect(float16Bits(-mid)).toBe(even | 0x8000);
    }
  });

  it("rounds as PyTorch's torch.tensor(x, dtype=torch.half) does", () => {
    const c = (fixtures.cases as { name: string; inputs: { data?: (number | string)[] }[]; expected: { bits?: number[] } }[]).find((k) => k.name === 'conversion')!;
    const input = c.inputs[0]!.data!.map((v) => (typeof v === 'number' ? v : v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-0' ? -0 : -Infinity));
    expect(Array.from(toFloat16Bits(input))).toEqual(c.expected.bits);
    const values = Array.from(toHost('float16', input) as Float32Array);
    expect(values.map((v, i) => Object.is(v, float16Value(c.expected.bits![i]!)) || (Number.isNaN(v) && Number.isNaN(float16Value(c.expected.bits![i]!))))).toEqual(values.map(() => true));
    expect(Object.is(roundToFloat16(-0), -0)).toBe(true);
  });

  it('float16 records are written as F16 and read back exactly', () => {
    const data = fromFloat16Bits(Uint16Array.from([0x3c00, 0x3555, 0x7bff, 0x0001, 0x8000, 0x7c00, 0xfc00]));
    const bytes = encodeElements({ dtype: 'float16', shape: [7], data });
    expect(bytes.length).toBe(14);
    expect(Array.from(decodeElements('F16', bytes) as Float32Array)).toEqual(Array.from(data));
  });
});
