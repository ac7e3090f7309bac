import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../index.js';
import { ArgumentError } from '../errors.js';
import { useCpu } from '../test/setup.js';
import { serializeSafetensors } from './safetensors.js';
import { load, load_safetensors, save_safetensors, save_safetensors_async } from './tensors.js';

beforeAll(useCpu);

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

const flat = (t: torch.Tensor) =>
  Array.from(t.dataSync() as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? String(v) : v));

function checkAll(got: Map<string, torch.Tensor>, want: Record<string, Expected>, ordered = true): void {
  const keys = (k: string[]) => (ordered ? k : [...k].sort());
  expect(keys([...got.keys()])).toEqual(keys(Object.keys(want)));
  for (const [name, w] of Object.entries(want)) {
    const t = got.get(name)!;
    expect(t.dtype, name).toBe(w.dtype);
    expect(t.shape, name).toEqual(w.shape);
    // The cpu backend holds int64 as doubles: values beyond 2^53 are out of its exact range.
    const exact = (v: number | string) => typeof v !== 'string' || Math.abs(Number(v)) <= 2 ** 53;
    const values = flat(t).filter((_, i) => exact(w.values[i]!));
    expect(values, name).toEqual(w.values.filter(exact));
  }
}

describe('tensor checkpoints', () => {
  it('load reads a torch.save state_dict into tensors, int64 num_batches_tracked included', () => {
    torch.scope(() => checkAll(load(fixture('state_dict.pt')), expected['state_dict.pt']!));
  });

  it('load unwraps a checkpoint that holds the state_dict under a key', () => {
    torch.scope(() => checkAll(load(fixture('wrapped.pt')), expected['wrapped.pt']!));
  });

  it('load_safetensors reads every dtype the format maps (in file order, which is by alignment)', () => {
    torch.scope(() => checkAll(load_safetensors(fixture('dtypes.safetensors')), expected['dtypes.safetensors']!, false));
  });

  it('save_safetensors round-trips a .pt state dict exactly, dtypes and scalars included', () => {
    torch.scope(() => {
      const sd = load(fixture('state_dict.pt'));
      const bytes = save_safetensors(sd, { format: 'pt' });
      const back = load_safetensors(bytes);
      expect([...back.keys()].sort()).toEqual([...sd.keys()].sort());
      for (const [k, t] of sd) {
        expect(back.get(k)!.dtype, k).toBe(t.dtype);
        expect(back.get(k)!.shape, k).toEqual(t.shape);
        expect(flat(back.get(k)!), k).toEqual(flat(t));
      }
    });
  });

  it('save_safetensors writes the same bytes as the record writer, from a Map, an object or pairs', async () => {
    await torch.scope(async () => {
      const w = torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' });
      const n = torch.tensor(7, { dtype: 'int64' });
      const want = serializeSafetensors({
        w: { dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
        n: { dtype: 'int64', shape: [], data: new BigInt64Array([7n]) },
      });
      expect(save_safetensors(new Map([['w', w], ['n', n]]))).toEqual(want);
      expect(save_safetensors({ w, n })).toEqual(want);
      expect(save_safetensors([['n', n], ['w', w]])).toEqual(want);
      expect(await save_safetensors_async({ w, n })).toEqual(want);
    });
  });

  it('save_safetensors writes a strided view as its logical (contiguous) values', () => {
    torch.scope(() => {
      const t = torch.arange(6, { dtype: 'float32' }).reshape(2, 3).t();
      const back = load_safetensors(save_safetensors({ t }));
      expect(back.get('t')!.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    });
  });

  it('creates tensors on the requested backend and leaves no tensor behind in a scope', () => {
    const before = torch.memory();
    torch.scope(() => {
      const sd = load(fixture('state_dict.pt'), { device: 'cpu' });
      expect(sd.get('0.weight')!.device).toBe('cpu');
    });
    expect(torch.memory().tensors).toBe(before.tensors);
    expect(torch.memory().buffers).toBe(before.buffers);
  });

  it('rejects a file that is not a checkpoint with a typed error', () => {
    expect(() => load(new Uint8Array([1, 2, 3, 4]))).toThrow(ArgumentError);
    expect(() => load_safetensors(new Uint8Array([1, 2, 3]))).toThrow(ArgumentError);
  });

  it('reads a Node Buffer that is a view into a larger pool (readFileSync, Buffer.concat)', () => {
    const t = torch.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const bytes = save_safetensors({ t });
    const pooled = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(bytes)]).subarray(3);
    expect(pooled.byteOffset).toBeGreaterThan(0);
    expect(load_safetensors(pooled).get('t')!.tolist()).toEqual(t.tolist());
  });
});
