import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { type TensorRef, unpickle } from './pickle.js';
import { readZip } from './zip.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));
/** Bytes from a string of char codes 0–255, for hand-written pickles. */
const bin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('unpickle: plain values written by Python', () => {
  it.each([0, 2, 4])('reads protocol %i', (proto) => {
    const v = unpickle(fixture(`plain_p${proto}.pkl`)) as Map<string, unknown>;
    expect([...v.keys()]).toEqual([
      'int', 'neg', 'i32', 'big', 'negbig', 'float', 'inf', 'str', 'bytes', 'list', 'tuple', 'set',
      'frozenset', 'none', 'true', 'false', 'od', 'nested', 'shared',
    ]);
    expect(v.get('int')).toBe(1);
    expect(v.get('neg')).toBe(-300);
    expect(v.get('i32')).toBe(-(2 ** 31));
    expect(v.get('big')).toBe(2n ** 70n);
    expect(v.get('negbig')).toBe(-(2n ** 65n));
    expect(v.get('float')).toBe(1.5);
    expect(v.get('inf')).toBe(Infinity);
    expect(v.get('str')).toBe('héllo ✓ \\ "q"\n');
    expect(v.get('bytes')).toEqual(new Uint8Array([0, 255, 128]));
    expect(v.get('list')).toEqual([1, [2, 3]]);
    expect(Object.isFrozen(v.get('list'))).toBe(false);
    expect(v.get('tuple')).toEqual([1, 'a']);
    expect(Object.isFrozen(v.get('tuple'))).toBe(true);
    expect(v.get('set')).toEqual(new Set([1, 2]));
    expect(v.get('frozenset')).toEqual(new Set([3]));
    expect([v.get('none'), v.get('true'), v.get('false')]).toEqual([null, true, false]);
    expect([...(v.get('od') as Map<string, number>)]).toEqual([['b', 1], ['a', 2]]);
    expect(v.get('nested')).toEqual(new Map([['x', new Map([['y', []]])]]));
    const shared = v.get('shared') as unknown[][];
    expect(shared[0]).toEqual([7]);
    expect(shared[0]).toBe(shared[1]);
  });
});

describe('unpickle: hand-written opcodes', () => {
  it('reads the text opcodes of protocol 0', () => {
    const p = bin("(I01\nI00\nI-12\nL99999999999999999999L\nF-1.5e3\nFnan\nS'a\\n\\x41\\101'\np7\ng7\nVx\\u00e9\\U0001f600\nt.");
    expect(unpickle(p)).toEqual([true, false, -12, 99999999999999999999n, -1500, NaN, 'a\nAA', 'a\nAA', 'xé😀']);
  });

  it('reads binary ints, floats, strings and bytes', () => {
    const p = bin(
      '\x80\x02(K\xffM\xff\xffJ\xfe\xff\xff\xff\x8a\x00\x8a\x02\x00\x80\x8b\x01\x00\x00\x00\x7fG\x3f\xf8\x00\x00\x00\x00\x00\x00' +
        'U\x02hiT\x01\x00\x00\x00!C\x02\x00\x01B\x01\x00\x00\x00\x02t.',
    );
    expect(unpickle(p)).toEqual([255, 65535, -2, 0, -32768, 127, 1.5, 'hi', '!', new Uint8Array([0, 1]), new Uint8Array([2])]);
  });

  it('reads protocol 4 framing, memoize, sets and dict opcodes', () => {
    const p = bin(
      '\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x01a\x94}\x94(h\x00K\x01\x8c\x01bK\x02u\x8f(K\x01K\x02\x90' +
        '(K\x03\x91\x87(K\x01K\x02d0.',
    );
    expect(unpickle(p)).toEqual([new Map([['a', 1], ['b', 2]]), new Set([1, 2]), new Set([3])]);
  });

  it('turns torch.save tensor rebuilds into TensorRefs by default', () => {
    const zip = readZip(fixture('views.pt'));
    const pkl = [...zip.entries.keys()].find((n) => n.endsWith('/data.pkl'))!;
    const v = unpickle(zip.read(pkl)) as Map<string, TensorRef>;
    const b = v.get('b')!;
    expect(b.kind).toBe('tensor');
    expect(b.storage).toEqual({ kind: 'storage', dtype: 'F32', key: '0', location: 'cpu', numel: 12 });
    expect([b.storageOffset, b.size, b.stride]).toEqual([4, [4], [1]]);
    expect(v.get('c')!.stride).toEqual([1, 4]);
    expect(v.get('g')!.stride).toEqual([0, 1]);
  });

  it('names a forbidden global at the offset of its opcode, before any call', () => {
    let rebuilt = 0;
    const opts = {
      rebuildTensor: (r: TensorRef) => {
        rebuilt++;
        return r;
      },
    };
    expect(() => unpickle(bin('\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00lsR.'), opts)).toThrow(
      "pickle: forbidden global 'os.system'; only plain containers and torch tensors may be loaded (opcode 'c' at offset 2)",
    );
    expect(() => unpickle(fixture('hostile_eval_p4.pkl'), opts)).toThrow(/forbidden global 'builtins\.eval'.*opcode 0x93 at offset 29/);
    expect(rebuilt).toBe(0);
  });

  it('bounds the memo and the MARK depth', () => {
    const puts = bin(`]${Array.from({ length: 20 }, (_, i) => `r${String.fromCharCode(i, 0, 0, 0)}`).join('')}.`);
    expect(unpickle(puts)).toEqual([]);
    expect(() => unpickle(puts, { maxMemo: 10 })).toThrow(/memo exceeds 10 entries/);
    expect(() => unpickle(bin(`${'('.repeat(1001)}.`))).toThrow(ArgumentError);
    expect(() => unpickle(bin(`${'('.repeat(1001)}.`))).toThrow(/MARKs nest deeper than 1000/);
  });
});
