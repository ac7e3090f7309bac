import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { loadPtStateDict, parsePt } from './pt.js';
import type { TensorRecord } from './record.js';

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

function checkAll(got: Map<unknown, unknown>, want: Record<string, Expected>): void {
  expect([...got.keys()]).toEqual(Object.keys(want));
  for (const [name, w] of Object.entries(want)) {
    const r = got.get(name) as TensorRecord;
    expect(r.dtype, name).toBe(w.dtype);
    expect(r.shape, name).toEqual(w.shape);
    const values = Array.from(r.data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? String(v) : v));
    expect(values, name).toEqual(w.values);
  }
}

describe('loadPtStateDict', () => {
  it('reads a model state_dict with exact values, int64 num_batches_tracked included', () => {
    const sd = loadPtStateDict(fixture('state_dict.pt'));
    checkAll(sd, expected['state_dict.pt']!);
    expect(sd.get('1.num_batches_tracked')).toEqual({ dtype: 'int64', shape: [], data: new BigInt64Array([1n]) });
  });

  it('unwraps one level: the only dict of tensors, or the preferred key', () => {
    checkAll(loadPtStateDict(fixture('wrapped.pt')), expected['wrapped.pt']!);
    checkAll(loadPtStateDict(fixture('preferred.pt')), expected['wrapped.pt']!);
  });

  it('explains why no state_dict could be chosen', () => {
    expect(() => loadPtStateDict(fixture('ambiguous.pt'))).toThrow(
      'pt: ambiguous state_dict: several top-level entries hold tensors (ema, student)',
    );
    expect(() => loadPtStateDict(fixture('no_tensors.pt'))).toThrow(/no state_dict found.*\(keys: epoch, optimizer\)/);
    expect(() => loadPtStateDict(fixture('list.pt'))).toThrow(/expected a dict at the top level of the checkpoint, got a list/);
  });
});

describe('parsePt', () => {
  it.each(['views.pt', 'views_p4.pt'])('materialises views over one shared storage (%s)', (name) => {
    const v = parsePt(fixture(name)) as Map<string, TensorRecord>;
    checkAll(v, expected['views.pt']!);
    expect(v.get('e')!.shape).toEqual([]);
    v.get('a')!.data[5] = 100;
    expect(v.get('b')!.data[1]).toBe(5);
    expect(v.get('c')!.data[4]).toBe(5);
  });

  it('reads every storage type with the documented widening', () => {
    checkAll(parsePt(fixture('dtypes.pt')) as Map<string, unknown>, expected['dtypes.pt']!);
  });

  it('returns plain values around tensors (an optimizer state_dict)', () => {
    const ckpt = parsePt(fixture('wrapped.pt')) as Map<string, unknown>;
    expect(ckpt.get('epoch')).toBe(3);
    const opt = ckpt.get('optimizer') as Map<string, unknown>;
    const state = opt.get('state') as Map<number, Map<string, TensorRecord>>;
    expect([...state.keys()]).toEqual([0, 1]);
    expect(state.get(1)!.get('step')).toEqual({ dtype: 'float32', shape: [], data: new Float32Array([1]) });
    const group = (opt.get('param_groups') as Map<string, unknown>[])[0]!;
    expect(group.get('lr')).toBe(0.01);
    expect(group.get('betas')).toEqual([0.9, 0.999]);
    expect(group.get('foreach')).toBeNull();
    expect(group.get('params')).toEqual([0, 1]);
  });

  it('bounds the elements it materialises', () => {
    expect(() => parsePt(fixture('views.pt'), { maxElements: 20 })).toThrow(
      /pt: tensor of size \[4, 3\], stride \[1, 4\], offset 0 would exceed the limit on materialised elements \(raise options.maxElements\)/,
    );
  });

  it('refuses the legacy format and says how to re-save', () => {
    expect(() => parsePt(fixture('legacy.pt'))).toThrow(ArgumentError);
    expect(() => parsePt(fixture('legacy.pt'))).toThrow(
      'pt: a legacy (pre-1.6) torch.save file; only zip checkpoints can be read: re-save it with torch.save(obj, path, _use_new_zipfile_serialization=True)',
    );
  });

  it.each([
    ['hostile_os_system.pt', "forbidden global 'posix.system'"],
    ['hostile_eval.pt', "forbidden global '__builtin__.eval'"],
  ])('refuses %s without running it', (name, message) => {
    expect(() => parsePt(fixture(name))).toThrow(ArgumentError);
    expect(() => parsePt(fixture(name))).toThrow(message);
  });
});
