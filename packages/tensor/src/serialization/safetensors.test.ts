import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError } from '../errors.js';
import type { TensorRecord } from './record.js';
import { parseSafetensors, serializeSafetensors } from './safetensors.js';

interface Expected {
  dtype: string;
  shape: number[];
  values: (number | string)[];
}

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));
const expected = JSON.parse(readFileSync(new URL('./__fixtures__/expected.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, Expected>
>;

function checkRecord(got: TensorRecord | undefined, want: Expected): void {
  expect(got).toBeDefined();
  expect(got!.dtype).toBe(want.dtype);
  expect(got!.shape).toEqual(want.shape);
  const values = Array.from(got!.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? String(v) : v));
  expect(values).toEqual(want.values);
}

const text = (s: string) => new TextEncoder().encode(s);
function file(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = text(header);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe('serializeSafetensors matches the reference implementation byte for byte', () => {
  it('writes one float32 tensor as the reference test vector', () => {
    const data = new Float32Array([0, 1, 2, 3, 4, 5]);
    const out = serializeSafetensors({ 'attn.0': { dtype: 'float32', shape: [1, 2, 3], data } });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(out).toEqual(file(header, new Uint8Array(data.buffer)));
    expect(out.length).toBe(8 + 64 + 24);
  });

  it('pads the header with spaces to a multiple of 8', () => {
    const data = new Float32Array([0, 1, 2, 3, 4, 5]);
    const out = serializeSafetensors(new Map([['attn0', { dtype: 'float32', shape: [1, 1, 2, 3], data }]]));
    const header = `{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}${' '.repeat(7)}`;
    expect(out).toEqual(file(header, new Uint8Array(data.buffer)));
  });

  it('writes empty files with and without metadata', () => {
    expect(serializeSafetensors({})).toEqual(file('{}      '));
    expect(serializeSafetensors([], { framework: 'pt' })).toEqual(file('{"__metadata__":{"framework":"pt"}}     '));
  });

  it('reproduces a file written by the Python reference writer', () => {
    const bytes = fixture('plain.safetensors');
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt' });
    expect(serializeSafetensors(tensors, metadata)).toEqual(bytes);
  });

  it('orders tensors by descending alignment, then by code point', () => {
    const rec = (dtype: TensorRecord['dtype'], data: TensorRecord['data']): TensorRecord => ({ dtype, shape: [1], data });
    const out = serializeSafetensors({
      b: rec('bool', new Uint8Array([1])),
      '\u{1F600}': rec('int32', new Int32Array([1])),
      '\uFFFF': rec('int32', new Int32Array([2])),
      z: rec('float32', new Float32Array([1])),
      y: rec('int64', new BigInt64Array([1n])),
      x: rec('float64', new Float64Array([1])),
    });
    expect([...parseSafetensors(out).tensors.keys()]).toEqual(['y', 'x', 'z', '\uFFFF', '\u{1F600}', 'b']);
  });
});

describe('parseSafetensors', () => {
  it('reads every dtype of the PyTorch fixture with exact values', () => {
    const { tensors, metadata } = parseSafetensors(fixture('dtypes.safetensors'));
    expect(metadata).toEqual({ format: 'pt', note: 'fixture ✓' });
    const want = expected['dtypes.safetensors']!;
    expect(new Set(tensors.keys())).toEqual(new Set(Object.keys(want)));
    for (const [name, w] of Object.entries(want)) checkRecord(tensors.get(name), w);
  });

  it('round-trips records of every dtype, shapes of zero and scalar included', () => {
    const records: Record<string, TensorRecord> = {
      f32: { dtype: 'float32', shape: [2, 2], data: new Float32Array([1, -2, NaN, Infinity]) },
      f64: { dtype: 'float64', shape: [], data: new Float64Array([Math.PI]) },
      i32: { dtype: 'int32', shape: [3], data: new Int32Array([-1, 0, 2 ** 31 - 1]) },
      i64: { dtype: 'int64', shape: [1, 2], data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]) },
      bool: { dtype: 'bool', shape: [2], data: new Uint8Array([1, 0]) },
      none: { dtype: 'float32', shape: [0, 5], data: new Float32Array(0) },
      ['__proto__']: { dtype: 'int32', shape: [1], data: new Int32Array([9]) },
    };
    const parsed = parseSafetensors(serializeSafetensors(Object.entries(records), { a: 'b', '': '\u0000"' }));
    expect(parsed.metadata).toEqual({ a: 'b', '': '\u0000"' });
    expect(parsed.tensors.size).toBe(7);
    for (const [name, r] of Object.entries(records)) expect(parsed.tensors.get(name)).toEqual(r);
  });

  it('refuses bad input to the writer', () => {
    const r: TensorRecord = { dtype: 'float32', shape: [1], data: new Float32Array(1) };
    expect(() => serializeSafetensors([['a', r], ['a', r]])).toThrow("safetensors: tensor name 'a' appears twice");
    expect(() => serializeSafetensors({ __metadata__: r })).toThrow(ArgumentError);
    expect(() => serializeSafetensors({ a: { ...r, shape: [2] } })).toThrow(/has 2 elements but data holds 1/);
    expect(() => serializeSafetensors({ a: { ...r, dtype: 'int64' } })).toThrow(DTypeError);
    expect(() => serializeSafetensors({ a: r }, { k: 1 as never })).toThrow(/metadata value of 'k' must be a string/);
  });
});
