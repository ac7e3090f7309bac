import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DType } from '../dtype.js';
import { formatTensor, get_printoptions, set_printoptions, type PrintOptions } from './format.js';
import { formatExponential, formatFixed } from './number-format.js';

interface Case {
  name: string;
  shape: number[];
  dtype: DType;
  values: (number | string | boolean)[];
  options: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' };
  suffixes: string[];
  expected: string;
}

const cases = JSON.parse(
  readFileSync(new URL('./__fixtures__/printing.json', import.meta.url), 'utf8'),
) as Case[];

function decode(c: Case): (number | bigint)[] {
  return c.values.map((v) => {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (c.dtype === 'int64') return BigInt(v);
    if (v === 'nan') return NaN;
    if (v === 'inf') return Infinity;
    if (v === '-inf') return -Infinity;
    return Number(v);
  });
}

function typed(dtype: DType, values: (number | bigint)[]): ArrayLike<number | bigint> {
  switch (dtype) {
    case 'float16':
    case 'float32':
      return Float32Array.from(values as number[]);
    case 'float64':
      return Float64Array.from(values as number[]);
    case 'int32':
      return Int32Array.from(values as number[]);
    case 'int64':
      return BigInt64Array.from(values as bigint[]);
    case 'bool':
      return Uint8Array.from(values as number[]);
  }
}

afterEach(() => set_printoptions({ profile: 'default' }));

describe('formatTensor matches PyTorch 1.13', () => {
  it('has fixtures', () => expect(cases.length).toBeGreaterThan(100));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    set_printoptions({ profile: 'default' });
    set_printoptions(c.options);
    const values = decode(c);
    expect(formatTensor(values, c.shape, c.dtype, c.suffixes)).toBe(c.expected);
    expect(formatTensor(typed(c.dtype, values), c.shape, c.dtype, c.suffixes)).toBe(c.expected);
  });
});

describe('formatTensor', () => {
  it('accepts int64 as numbers', () => {
    expect(formatTensor([1, -20, 300], [3], 'int64')).toBe('tensor([  1, -20, 300])');
  });

  it('rounds float32 values that arrive as doubles', () => {
    expect(formatTensor([0.1], [1], 'float32')).toBe('tensor([0.1000])');
    set_printoptions({ precision: 10 });
    expect(formatTensor([0.1], [], 'float32')).toBe('tensor(0.1000000015)');
    expect(formatTensor([0.1], [], 'float64')).toBe('tensor(0.1000000000, dtype=torch.float64)');
  });

  it('rejects values that do not fill the shape', () => {
    expect(() => formatTensor([1, 2, 3], [2, 2], 'float32')).toThrow(/expected 4 values/);
  });

  it('prints a caller device before the dtype and autograd suffixes', () => {
    expect(formatTensor([1, 2], [2], 'int32', ['grad_fn=<AddBackward0>', "device='webgpu'"])).toBe(
      "tensor([1, 2], device='webgpu', dtype=torch.int32, grad_fn=<AddBackward0>)",
    );
  });
});

describe('print options', () => {
  it('defaults to PyTorch', () => {
    expect(get_printoptions()).toEqual({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null });
  });

  it('applies a profile, then overrides, and resets sci_mode like PyTorch', () => {
    set_printoptions({ sci_mode: true });
    set_printoptions({ profile: 'full', linewidth: 100 });
    expect(get_printoptions()).toEqual({ precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 100, sci_mode: null });
  });

  it('returns a copy', () => {
    get_printoptions().precision = 9;
    expect(get_printoptions().precision).toBe(4);
  });
});

// [value, precision, Python '{:.pf}', Python '{:.pe}'], from /usr/bin/python3.
const PYTHON: [number, number, string, string][] = [
  [0.125, 0, '0', '1e-01'],
  [0.125, 2, '0.12', '1.25e-01'],
  [0.125, 4, '0.1250', '1.2500e-01'],
  [2.5, 0, '2', '2e+00'],
  [2.5, 2, '2.50', '2.50e+00'],
  [2.5, 4, '2.5000', '2.5000e+00'],
  [0.5, 0, '0', '5e-01'],
  [0.5, 2, '0.50', '5.00e-01'],
  [0.5, 4, '0.5000', '5.0000e-01'],
  [1.5, 0, '2', '2e+00'],
  [1.5, 2, '1.50', '1.50e+00'],
  [1.5, 4, '1.5000', '1.5000e+00'],
  [-2.5, 0, '-2', '-2e+00'],
  [-2.5, 2, '-2.50', '-2.50e+00'],
  [-2.5, 4, '-2.5000', '-2.5000e+00'],
  [0.375, 0, '0', '4e-01'],
  [0.375, 2, '0.38', '3.75e-01'],
  [0.375, 4, '0.3750', '3.7500e-01'],
  [2.675, 0, '3', '3e+00'],
  [2.675, 2, '2.67', '2.67e+00'],
  [2.675, 4, '2.6750', '2.6750e+00'],
  [1.005, 0, '1', '1e+00'],
  [1.005, 2, '1.00', '1.00e+00'],
  [1.005, 4, '1.0050', '1.0050e+00'],
  [1e+16, 0, '10000000000000000', '1e+16'],
  [1e+16, 2, '10000000000000000.00', '1.00e+16'],
  [1e+16, 4, '10000000000000000.0000', '1.0000e+16'],
  [1e+21, 0, '1000000000000000000000', '1e+21'],
  [1e+21, 2, '1000000000000000000000.00', '1.00e+21'],
  [1e+21, 4, '1000000000000000000000.0000', '1.0000e+21'],
  [1e+22, 0, '10000000000000000000000', '1e+22'],
  [1e+22, 2, '10000000000000000000000.00', '1.00e+22'],
  [1e+22, 4, '10000000000000000000000.0000', '1.0000e+22'],
  [1.0000000000000002, 0, '1', '1e+00'],
  [1.0000000000000002, 2, '1.00', '1.00e+00'],
  [1.0000000000000002, 4, '1.0000', '1.0000e+00'],
  [5e-324, 0, '0', '5e-324'],
  [5e-324, 2, '0.00', '4.94e-324'],
  [5e-324, 4, '0.0000', '4.9407e-324'],
  [-0.0, 0, '-0', '-0e+00'],
  [-0.0, 2, '-0.00', '-0.00e+00'],
  [-0.0, 4, '-0.0000', '-0.0000e+00'],
  [0.1, 0, '0', '1e-01'],
  [0.1, 2, '0.10', '1.00e-01'],
  [0.1, 4, '0.1000', '1.0000e-01'],
  [123456789.125, 0, '123456789', '1e+08'],
  [123456789.125, 2, '123456789.12', '1.23e+08'],
  [123456789.125, 4, '123456789.1250', '1.2346e+08'],
  [9.99995, 0, '10', '1e+01'],
  [9.99995, 2, '10.00', '1.00e+01'],
  [9.99995, 4, '10.0000', '1.0000e+01'],
  [-1e-05, 0, '-0', '-1e-05'],
  [-1e-05, 2, '-0.00', '-1.00e-05'],
  [-1e-05, 4, '-0.0000', '-1.0000e-05'],
  [0.0001, 0, '0', '1e-04'],
  [0.0001, 2, '0.00', '1.00e-04'],
  [0.0001, 4, '0.0001', '1.0000e-04'],
  [2.2250738585072014e-308, 0, '0', '2e-308'],
  [2.2250738585072014e-308, 2, '0.00', '2.23e-308'],
  [2.2250738585072014e-308, 4, '0.0000', '2.2251e-308'],
  [1.7976931348623157e308, 4, '179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0000', '1.7977e+308'],
];

/** A seeded xorshift stream of arbitrary finite doubles. */
function* randomDoubles(count: number, maxExponent: number): Generator<number> {
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const view = new DataView(new ArrayBuffer(8));
  for (let n = 0; n < count; ) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    const x = view.getFloat64(0);
    if (Number.isFinite(x) && Math.abs(x) < 10 ** maxExponent) {
      n++;
      yield x;
    }
  }
}

describe('number formatting matches Python', () => {
  it.each(PYTHON)('%s with precision %d', (x, p, fixed, exp) => {
    expect(formatFixed(x, p)).toBe(fixed);
    expect(formatExponential(x, p)).toBe(exp);
  });

  it('prints non-finite values like Python', () => {
    for (const f of [formatFixed, formatExponential]) {
      expect(f(NaN, 4)).toBe('nan');
      expect(f(Infinity, 4)).toBe('inf');
      expect(f(-Infinity, 0)).toBe('-inf');
    }
  });

  // Away from exact ties JS's toFixed/toExponential are exact too, so they must agree. A value is
  // skipped when one more digit prints it exactly with a final 5 (every tie, and a few non-ties).
  const tie = (s: string, x: number) => /5(e.*)?$/.test(s) && Number(s) === x;

  it('agrees with toFixed and toExponential off ties', () => {
    let checked = 0;
    for (const x of randomDoubles(3000, 20)) {
      for (const p of [0, 4, 10]) {
        if (tie(x.toFixed(p + 1), x)) continue;
        const js = x.toFixed(p);
        // JS drops the sign of values that round to zero; Python keeps it.
        expect(formatFixed(x, p)).toBe(x < 0 && !js.startsWith('-') ? `-${js}` : js);
        checked++;
      }
    }
    for (const x of randomDoubles(3000, 400)) {
      for (const p of [0, 4, 16]) {
        if (tie(x.toExponential(p + 1), x)) continue;
        expect(formatExponential(x, p)).toBe(x.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(17_000);
  });

  // -2787094098813.9106 is exactly -2787094098813.91064453125, a tie at 10 decimals.
  it('rounds exact ties to even where JS rounds away from zero', () => {
    expect(formatFixed(-2787094098813.9106, 10)).toBe('-2787094098813.9106445312');
    expect((-2787094098813.9106).toFixed(10)).toBe('-2787094098813.9106445313');
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatExponential(2.5, 0)).toBe('2e+00');
  });
});
