import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError, TorchError } from '../errors.js';
import { unpickle } from './pickle.js';
import { parsePt } from './pt.js';
import { parseSafetensors } from './safetensors.js';
import { readZip } from './zip.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));
const bin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function st(header: string, dataLen = 0): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + dataLen);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  return out;
}
const withLength = (n: bigint, rest: Uint8Array) => {
  const out = new Uint8Array(8 + rest.length);
  new DataView(out.buffer).setBigUint64(0, n, true);
  out.set(rest, 8);
  return out;
};
const f32 = (shape: string, offsets: string) => `"dtype":"F32","shape":${shape},"data_offsets":${offsets}`;

/** A copy of `bytes` with `edit` applied to it. */
function patched(bytes: Uint8Array, edit: (b: Uint8Array, dv: DataView) => void): Uint8Array {
  const b = bytes.slice();
  edit(b, new DataView(b.buffer));
  return b;
}
const find = (b: Uint8Array, s: string, from = 0) => {
  const needle = bin(s);
  for (let i = from; i <= b.length - needle.length; i++) if (needle.every((c, j) => b[i + j] === c)) return i;
  throw new Error(`no ${s}`);
};
const replaceAll = (b: Uint8Array, s: string, t: string) => {
  const [from, to] = [bin(s), bin(t)];
  for (let i = 0; i <= b.length - from.length; i++) if (from.every((c, j) => b[i + j] === c)) b.set(to, i);
};

const views = fixture('views.pt');
const sd = fixture('state_dict.pt');
const glob = (m: string, n: string) => bin(`\x80\x02c${m}\n${n}\n)R.`);

type Case = [name: string, run: () => unknown, error: typeof ArgumentError | typeof DTypeError, message: RegExp];
const cases: Case[] = [
  ['safetensors 2^63 header length', () => parseSafetensors(fixture('hostile_header.safetensors')), ArgumentError, /^safetensors: header length 9223372036854775808 exceeds the file size 16$/],
  ['safetensors 2^64-1 header length', () => parseSafetensors(withLength(2n ** 64n - 1n, bin('{}'))), ArgumentError, /header length 18446744073709551615 exceeds the file size 10/],
  ['safetensors shorter than 8 bytes', () => parseSafetensors(new Uint8Array(5)), ArgumentError, /file is 5 bytes, too short/],
  ['safetensors header over 100 MB', () => parseSafetensors(withLength(100_000_001n, new Uint8Array(100_000_001))), ArgumentError, /header length 100000001 exceeds the 100000000-byte limit/],
  ['safetensors header not JSON', () => parseSafetensors(st('{"a":')), ArgumentError, /header is not valid JSON/],
  ['safetensors header not UTF-8', () => parseSafetensors(withLength(3n, bin('{\xff}'))), ArgumentError, /header is not valid UTF-8/],
  ['safetensors header not an object', () => parseSafetensors(st('[1]')), ArgumentError, /header must start with '\{'/],
  ['safetensors deep nesting', () => parseSafetensors(st(`{"a":${'['.repeat(200_000)}`)), ArgumentError, /nests deeper than 64 levels at byte 76/],
  ['safetensors non-object entry', () => parseSafetensors(st('{"a":5}')), ArgumentError, /entry 'a' must be an object, got 5/],
  ['safetensors metadata not strings', () => parseSafetensors(st('{"__metadata__":{"k":1}}')), ArgumentError, /__metadata__ value of 'k' must be a string/],
  ['safetensors unknown dtype', () => parseSafetensors(st('{"a":{"dtype":"Q8","shape":[],"data_offsets":[0,0]}}')), DTypeError, /tensor 'a': unsupported dtype 'Q8'/],
  ['safetensors unsupported dtype', () => parseSafetensors(st('{"a":{"dtype":"U16","shape":[1],"data_offsets":[0,2]}}', 2)), DTypeError, /unsupported dtype 'U16'/],
  ['safetensors dtype not a string', () => parseSafetensors(st('{"a":{"dtype":4,"shape":[],"data_offsets":[0,4]}}', 4)), ArgumentError, /dtype must be a string/],
  ['safetensors shape/byte disagreement', () => parseSafetensors(st(`{"a":{${f32('[2]', '[0,4]')}}}`, 4)), ArgumentError, /shape \[2\] of F32 needs 8 bytes but data_offsets \[0, 4\] hold 4/],
  ['safetensors overflowing shape', () => parseSafetensors(st(`{"a":{${f32('[9007199254740991,9007199254740991]', '[0,4]')}}}`, 4)), ArgumentError, /needs more than 4 bytes/],
  ['safetensors negative dim', () => parseSafetensors(st(`{"a":{${f32('[-1]', '[0,0]')}}}`)), ArgumentError, /shape must hold non-negative integers, got -1/],
  ['safetensors fractional dim', () => parseSafetensors(st(`{"a":{${f32('[1.5]', '[0,6]')}}}`, 6)), ArgumentError, /non-negative integers, got 1.5/],
  ['safetensors offsets past the buffer', () => parseSafetensors(st(`{"a":{${f32('[250]', '[0,1000]')}}}`, 8)), ArgumentError, /data_offsets \[0, 1000\] extend beyond the 8-byte data buffer/],
  ['safetensors offsets reversed', () => parseSafetensors(st(`{"a":{${f32('[1]', '[8,4]')}}}`, 8)), ArgumentError, /end before they begin/],
  ['safetensors offsets arity', () => parseSafetensors(st(`{"a":{${f32('[0]', '[0]')}}}`)), ArgumentError, /data_offsets must be \[begin, end\]/],
  ['safetensors overlapping offsets', () => parseSafetensors(st(`{"a":{${f32('[2]', '[0,8]')}},"b":{${f32('[2]', '[4,12]')}}}`, 12)), ArgumentError, /tensor 'b': data_offsets \[4, 12\] overlap the previous tensor, which ends at 8/],
  ['safetensors gap between offsets', () => parseSafetensors(st(`{"a":{${f32('[1]', '[0,4]')}},"b":{${f32('[1]', '[8,12]')}}}`, 12)), ArgumentError, /leave a gap/],
  ['safetensors buffer not covered', () => parseSafetensors(st(`{"a":{${f32('[1]', '[0,4]')}}}`, 8)), ArgumentError, /tensors cover 4 bytes of the 8-byte data buffer/],
  ['zip truncated (fixture)', () => parsePt(fixture('hostile_truncated.pt')), ArgumentError, /zip: no end-of-central-directory record/],
  ['zip not an archive', () => parsePt(bin('hello world')), ArgumentError, /pt: not a zip archive.*_use_new_zipfile_serialization=True/],
  ['zip entry pointing outside the file', () => readZip(patched(sd, (b, dv) => dv.setUint32(find(b, 'PK\x01\x02') + 42, 0x7fffff00, true))), ArgumentError, /local header of '.*' at offset 2147483392 \(30 bytes\) lies outside the \d+-byte file/],
  ['zip entry size past the directory', () => readZip(patched(sd, (b, dv) => { const c = find(b, 'PK\x01\x02'); dv.setUint32(c + 20, 1e6, true); dv.setUint32(c + 24, 1e6, true); })), ArgumentError, /data \[\d+, \d+\) overruns the central directory/],
  ['zip64 directory offset lies', () => readZip(patched(sd, (b, dv) => dv.setBigUint64(find(b, 'PK\x06\x06') + 48, 2n ** 62n, true))), ArgumentError, /ZIP64 central directory offset 4611686018427387904 exceeds the file size/],
  ['zip64 locator lies', () => readZip(patched(sd, (b, dv) => dv.setBigUint64(find(b, 'PK\x06\x07') + 8, 2n ** 63n, true))), ArgumentError, /ZIP64 end-of-central-directory offset 9223372036854775808 exceeds/],
  ['zip storage entry missing', () => parsePt(patched(views, (b) => replaceAll(b, 'views/data/0', 'views/data/Z'))), ArgumentError, /storage 'views\/data\/0' named by the pickle is missing from the archive/],
  ['pt view past its storage', () => parsePt(patched(views, (b) => b.set(bin('K\x08'), find(b, 'cpuq\x06K\x0c') + 5)), { verifyCrc: false }), ArgumentError, /tensor of size \[3, 4\], stride \[4, 1\], offset 0 reaches past the 8 elements of storage 'views\/data\/0'/],
  ['pickle os.system', () => unpickle(glob('os', 'system')), ArgumentError, /forbidden global 'os\.system'/],
  ['pickle builtins.eval via STACK_GLOBAL', () => unpickle(fixture('hostile_eval_p4.pkl')), ArgumentError, /forbidden global 'builtins\.eval'/],
  ['pickle __builtin__.getattr', () => unpickle(glob('__builtin__', 'getattr')), ArgumentError, /forbidden global '__builtin__\.getattr'/],
  ['pickle subprocess.Popen', () => unpickle(glob('subprocess', 'Popen')), ArgumentError, /forbidden global 'subprocess\.Popen'/],
  ['pickle copy_reg._reconstructor', () => unpickle(glob('copy_reg', '_reconstructor')), ArgumentError, /forbidden global 'copy_reg\._reconstructor'/],
  ['pickle calling a storage class', () => unpickle(glob('torch', 'FloatStorage')), ArgumentError, /cannot call a global torch\.FloatStorage/],
  ['pickle calling a string', () => unpickle(bin('X\x01\x00\x00\x00a)R.')), ArgumentError, /cannot call a string/],
  ['pickle INST/NEWOBJ', () => unpickle(bin('\x80\x02c__builtin__\nset\n)\x81.')), ArgumentError, /object-building opcode/],
  ['pickle memo abuse: undefined key', () => unpickle(bin('j\xff\xff\xff\xff.')), ArgumentError, /memo key 4294967295 is not defined/],
  ['pickle memo abuse: too many entries', () => unpickle(bin(`]${'\x94'.repeat(200)}.`), { maxMemo: 100 }), ArgumentError, /memo exceeds 100 entries/],
  ['pickle deep MARK nesting', () => unpickle(bin('('.repeat(100_000))), ArgumentError, /MARKs nest deeper than 1000/],
  ['pickle truncated string', () => unpickle(bin('X\xff\xff\xff\x7fabc')), ArgumentError, /truncated input: needs 2147483647 more bytes, 3 left/],
  ['pickle huge LONG4', () => unpickle(bin('\x8b\x00\x00\x00\x01')), ArgumentError, /integer of 16777216 bytes exceeds 8192/],
  ['pickle huge text int', () => unpickle(bin(`I${'9'.repeat(5000)}\n.`)), ArgumentError, /integer of 5000 digits exceeds 4300/],
  ['pickle BINBYTES8 of 2^63', () => unpickle(bin('\x8e\x00\x00\x00\x00\x00\x00\x00\x80')), ArgumentError, /length 9223372036854775808 exceeds the input size/],
  ['pickle stack underflow', () => unpickle(bin('a.')), ArgumentError, /stack underflow/],
  ['pickle missing MARK', () => unpickle(bin('K\x01t.')), ArgumentError, /no MARK on the stack/],
  ['pickle append to a tuple', () => unpickle(bin(')K\x01a.')), ArgumentError, /cannot append to a tuple/],
  ['pickle unhashable key', () => unpickle(bin('}]K\x01s.')), ArgumentError, /unhashable dict key of type list/],
  ['pickle bad persistent id', () => unpickle(bin('K\x01Q.')), ArgumentError, /persistent id must be \('storage', type, key, location, numel\)/],
  ['pickle rebuild without storage', () => unpickle(bin('ctorch._utils\n_rebuild_tensor_v2\n(K\x00K\x00)))\x89}tR.')), ArgumentError, /tensor rebuild needs a storage, got number/],
  ['pickle unknown opcode', () => unpickle(bin('\xff')), ArgumentError, /unsupported opcode \(opcode 0xff at offset 0\)/],
  ['pickle protocol 6', () => unpickle(bin('\x80\x06N.')), ArgumentError, /unsupported pickle protocol 6/],
];

describe('hostile input', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)('%s', (_, run, error, message) => {
    const start = performance.now();
    let thrown: unknown;
    try {
      run();
    } catch (e) {
      thrown = e;
    }
    expect(performance.now() - start).toBeLessThan(2000);
    expect(error.isInstance(thrown), String(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it.each([
    ['safetensors', fixture('dtypes.safetensors'), parseSafetensors],
    ['pt', sd, (b: Uint8Array) => parsePt(b)],
    ['pickle', fixture('plain_p2.pkl'), unpickle],
    ['pickle protocol 0', fixture('plain_p0.pkl'), unpickle],
  ] as const)('refuses every truncation of a valid %s file', (_, bytes, parse) => {
    for (let n = 0; n < bytes.length; n++) {
      expect(() => parse(bytes.subarray(0, n)), `truncated to ${n} bytes`).toThrow(ArgumentError);
    }
  });
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fuzz: mutated files either parse or raise a TorchError', () => {
  const seed = Number(process.env.FUZZ_SEED ?? 20240611);
  const pkl = readZip(views).read('views/data.pkl');
  const targets: [string, Uint8Array, (b: Uint8Array) => unknown][] = [
    ['safetensors', fixture('dtypes.safetensors'), parseSafetensors],
    ['pt', views, (b) => parsePt(b)],
    ['pt without CRC', views, (b) => parsePt(b, { verifyCrc: false })],
    ['pickle', pkl, unpickle],
    ['pickle protocol 4', fixture('plain_p4.pkl'), unpickle],
  ];

  it.each(targets)('%s', (name, base, parse) => {
    const rand = mulberry32(seed + name.length);
    for (let iter = 0; iter < 300; iter++) {
      const b = base.slice();
      const edits = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(rand() * b.length);
        b[at] = rand() < 0.3 ? [0, 0xff, 0x7f, 0x80][Math.floor(rand() * 4)]! : Math.floor(rand() * 256);
      }
      try {
        parse(b);
      } catch (e) {
        if (!TorchError.isInstance(e)) {
          throw new Error(`fuzz ${name}: seed ${seed}, iteration ${iter}: ${String(e)}`);
        }
      }
    }
  });
});
