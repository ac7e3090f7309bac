import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { loadPtStateDict } from './pt.js';
import { crc32, readZip } from './zip.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));
const utf8 = (s: string) => new TextEncoder().encode(s);

interface WriteOptions {
  zip64?: boolean;
  method?: number;
  flags?: number;
  comment?: string;
}

/** A small stored-entry ZIP writer, with ZIP64 central records on request. */
function writeZip(files: [string, Uint8Array][], o: WriteOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  const push = (b: Uint8Array) => {
    parts.push(b);
    at += b.length;
  };
  const rec = (size: number, fill: (dv: DataView) => void) => {
    const b = new Uint8Array(size);
    fill(new DataView(b.buffer));
    return b;
  };
  const central: Uint8Array[] = [];
  for (const [name, data] of files) {
    const n = utf8(name);
    const offset = at;
    push(rec(30, (dv) => {
      dv.setUint32(0, 0x04034b50, true);
      dv.setUint16(6, o.flags ?? 0, true);
      dv.setUint16(8, o.method ?? 0, true);
      dv.setUint16(26, n.length, true);
    }));
    push(n);
    push(data);
    const extra = o.zip64 ? 28 : 0;
    central.push(rec(46, (dv) => {
      dv.setUint32(0, 0x02014b50, true);
      dv.setUint16(8, o.flags ?? 0, true);
      dv.setUint16(10, o.method ?? 0, true);
      dv.setUint32(16, crc32(data), true);
      dv.setUint32(20, o.zip64 ? 0xffffffff : data.length, true);
      dv.setUint32(24, o.zip64 ? 0xffffffff : data.length, true);
      dv.setUint16(28, n.length, true);
      dv.setUint16(30, extra, true);
      dv.setUint32(42, o.zip64 ? 0xffffffff : offset, true);
    }), n);
    if (o.zip64) {
      central.push(rec(28, (dv) => {
        dv.setUint16(0, 1, true);
        dv.setUint16(2, 24, true);
        dv.setBigUint64(4, BigInt(data.length), true);
        dv.setBigUint64(12, BigInt(data.length), true);
        dv.setBigUint64(20, BigInt(offset), true);
      }));
    }
  }
  const cdOffset = at;
  for (const c of central) push(c);
  const cdSize = at - cdOffset;
  if (o.zip64) {
    const eocd64 = at;
    push(rec(56, (dv) => {
      dv.setUint32(0, 0x06064b50, true);
      dv.setBigUint64(4, 44n, true);
      dv.setBigUint64(24, BigInt(files.length), true);
      dv.setBigUint64(32, BigInt(files.length), true);
      dv.setBigUint64(40, BigInt(cdSize), true);
      dv.setBigUint64(48, BigInt(cdOffset), true);
    }));
    push(rec(20, (dv) => {
      dv.setUint32(0, 0x07064b50, true);
      dv.setBigUint64(8, BigInt(eocd64), true);
      dv.setUint32(16, 1, true);
    }));
  }
  const comment = utf8(o.comment ?? '');
  push(rec(22, (dv) => {
    dv.setUint32(0, 0x06054b50, true);
    dv.setUint16(8, o.zip64 ? 0xffff : files.length, true);
    dv.setUint16(10, o.zip64 ? 0xffff : files.length, true);
    dv.setUint32(12, o.zip64 ? 0xffffffff : cdSize, true);
    dv.setUint32(16, o.zip64 ? 0xffffffff : cdOffset, true);
    dv.setUint16(20, comment.length, true);
  }));
  push(comment);
  const out = new Uint8Array(at);
  let p = 0;
  for (const b of parts) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

describe('readZip', () => {
  it('reads a torch.save archive: stored, 64-byte aligned, data descriptors, ZIP64 end records', () => {
    const bytes = fixture('state_dict.pt');
    const zip = readZip(bytes);
    const names = [...zip.entries.keys()];
    expect(names).toContain('state_dict/data.pkl');
    expect(names).toContain('state_dict/version');
    expect(new TextDecoder().decode(zip.read('state_dict/version'))).toBe('3\n');
    for (const e of zip.entries.values()) {
      expect(e.method).toBe(0);
      expect(e.dataOffset % 64).toBe(0);
    }
    const pkl = zip.read('state_dict/data.pkl');
    expect(pkl.buffer).toBe(bytes.buffer);
    expect(pkl[0]).toBe(0x80);
  });

  it.each([false, true])('round-trips entries written by a plain writer (zip64: %s)', (zip64) => {
    const files: [string, Uint8Array][] = [['a/b.txt', utf8('hello')], ['é', new Uint8Array(0)], ['c', new Uint8Array([1, 2, 3])]];
    const zip = readZip(writeZip(files, { zip64, comment: 'PK\x05\x06 is not a record' }));
    expect([...zip.entries.keys()]).toEqual(['a/b.txt', 'é', 'c']);
    for (const [name, data] of files) expect(zip.read(name)).toEqual(data);
  });

  it('loads a checkpoint repacked with ZIP64 central records', () => {
    const src = readZip(fixture('state_dict.pt'));
    const files = [...src.entries.keys()].map((n): [string, Uint8Array] => [n.replace(/^[^/]+/, 'archive'), src.read(n)]);
    const a = loadPtStateDict(fixture('state_dict.pt'));
    const b = loadPtStateDict(writeZip(files, { zip64: true }));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [k, v] of a) expect(b.get(k)).toEqual(v);
  });

  it('verifies CRC-32 unless told not to', () => {
    const bytes = writeZip([['x', utf8('abc')]]);
    bytes[31] = 0x41; // 'a' → 'A'
    expect(() => readZip(bytes).read('x')).toThrow("zip: entry 'x' fails its CRC-32 check (corrupt archive)");
    expect(readZip(bytes, { verifyCrc: false }).read('x')).toEqual(utf8('Abc'));
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
  });

  it('refuses compressed and encrypted entries with a clear message', () => {
    const deflated = readZip(writeZip([['x', new Uint8Array([3, 0])]], { method: 8 }));
    expect(() => deflated.read('x')).toThrow(/entry 'x' is deflate-compressed; torch.save writes stored entries only/);
    expect(() => readZip(writeZip([['x', utf8('a')]], { method: 12 })).read('x')).toThrow(/compression method 12/);
    expect(() => readZip(writeZip([['x', utf8('a')]], { flags: 1 }))).toThrow("zip: entry 'x' is encrypted");
    expect(() => readZip(writeZip([['x', utf8('a')]])).read('y')).toThrow(ArgumentError);
  });

  it('refuses duplicate names', () => {
    expect(() => readZip(writeZip([['x', utf8('a')], ['x', utf8('b')]]))).toThrow("zip: entry 'x' appears twice");
  });
});
