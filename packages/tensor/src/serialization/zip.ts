/**
 * A minimal, defensive ZIP reader for `torch.save` archives: stored (uncompressed) entries, ZIP64
 * records, every offset and size checked against the buffer. Entries are read as zero-copy
 * views of the input.
 *
 * Deflate-compressed entries are refused with a clear error rather than inflated: `torch.save`
 * never compresses (it writes stored entries aligned to 64 bytes so storages can be mapped),
 * and an inflater would add code and a decompression-bomb surface for archives torch never makes.
 */

import { ArgumentError } from '../errors.js';

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate, … */
  method: number;
  /** Offset of the entry's data in the archive. */
  dataOffset: number;
  compressedSize: number;
  size: number;
  crc32: number;
}

/** A parsed archive over the original bytes. */
export interface ZipArchive {
  /** The entries by name, in central-directory order. */
  entries: Map<string, ZipEntry>;
  /**
   * The bytes of a stored entry, as a view of the archive (no copy). Throws `ArgumentError` for a
   * missing or compressed entry, or (with `verifyCrc`) a CRC-32 mismatch.
   */
  read(name: string): Uint8Array;
}

/** Options of `readZip`. */
export interface ZipOptions {
  /** Check each entry's CRC-32 when it is read (default true; costs one pass over its bytes). */
  verifyCrc?: boolean;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

function fail(message: string): never {
  throw new ArgumentError(`zip: ${message}`);
}

let crcTable: Uint32Array | undefined;

/** The CRC-32 (IEEE) of `bytes`, as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

class Reader {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(at: number, n: number, what: string): void {
    if (at < 0 || at + n > this.bytes.length) {
      fail(`${what} at offset ${at} (${n} bytes) lies outside the ${this.bytes.length}-byte file`);
    }
  }
  u16(at: number): number {
    return this.dv.getUint16(at, true);
  }
  u32(at: number): number {
    return this.dv.getUint32(at, true);
  }
  // A 64-bit size or offset, which must fit in the file to be meaningful.
  u64(at: number, what: string): number {
    const v = this.dv.getBigUint64(at, true);
    if (v > BigInt(this.bytes.length)) fail(`${what} ${v} exceeds the file size ${this.bytes.length}`);
    return Number(v);
  }
}

function findEocd(r: Reader): number {
  const len = r.bytes.length;
  if (len < 22) fail(`file is ${len} bytes, too short for an end-of-central-directory record`);
  const stop = Math.max(0, len - 22 - 0xffff);
  for (let at = len - 22; at >= stop; at--) {
    // The comment length must reach exactly to the end of the file, so a signature inside a
    // comment or inside entry data is not mistaken for the record.
    if (r.u32(at) === SIG_EOCD && at + 22 + r.u16(at + 20) === len) return at;
  }
  fail('no end-of-central-directory record (truncated or not a zip archive)');
}

// The values a ZIP64 extra field (id 1) overrides: each is present only if its 32-bit field is 0xffffffff.
function zip64Extra(r: Reader, at: number, end: number, fields: { size: number; csize: number; offset: number }, name: string): void {
  while (at + 4 <= end) {
    const id = r.u16(at);
    const n = r.u16(at + 2);
    if (at + 4 + n > end) fail(`entry '${name}': extra field overruns its ${end - at}-byte space`);
    if (id === 1) {
      let p = at + 4;
      for (const key of ['size', 'csize', 'offset'] as const) {
        if (fields[key] !== 0xffffffff) continue;
        if (p + 8 > at + 4 + n) fail(`entry '${name}': ZIP64 extra field is too short`);
        fields[key] = r.u64(p, `entry '${name}': ZIP64 ${key}`);
        p += 8;
      }
    }
    at += 4 + n;
  }
}

/**
 * Parses the central directory of a ZIP archive (with ZIP64 support) and checks each entry's
 * local header and data range against the buffer. Throws `ArgumentError` naming the problem.
 */
export function readZip(bytes: Uint8Array, options: ZipOptions = {}): ZipArchive {
  const r = new Reader(bytes);
  const eocd = findEocd(r);
  let count = r.u16(eocd + 10);
  let cdSize = r.u32(eocd + 12);
  let cdOffset = r.u32(eocd + 16);
  if (r.u16(eocd + 4) !== 0 && r.u16(eocd + 4) !== 0xffff) fail('multi-disk archives are not supported');
  let cdLimit = eocd;
  const locator = eocd - 20;
  if (locator >= 0 && r.u32(locator) === SIG_ZIP64_LOCATOR) {
    const at = r.u64(locator + 8, 'ZIP64 end-of-central-directory offset');
    r.need(at, 56, 'ZIP64 end-of-central-directory record');
    if (r.u32(at) !== SIG_ZIP64_EOCD) fail(`no ZIP64 end-of-central-directory record at offset ${at}`);
    count = r.u64(at + 32, 'ZIP64 entry count');
    cdSize = r.u64(at + 40, 'ZIP64 central directory size');
    cdOffset = r.u64(at + 48, 'ZIP64 central directory offset');
    cdLimit = at;
  } else if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    fail('the end-of-central-directory record needs ZIP64 values but has no ZIP64 locator');
  }
  if (cdOffset + cdSize > cdLimit) {
    fail(`central directory [${cdOffset}, ${cdOffset + cdSize}) overruns the end records at offset ${cdLimit}`);
  }
  if (count * 46 > cdSize) fail(`${count} entries cannot fit in a ${cdSize}-byte central directory`);

  const decoder = new TextDecoder('utf-8');
  const entries = new Map<string, ZipEntry>();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    r.need(at, 46, `central directory entry ${i}`);
    if (at + 46 > cdOffset + cdSize) fail(`central directory entry ${i} overruns the central directory`);
    if (r.u32(at) !== SIG_CENTRAL) fail(`bad central directory signature for entry ${i} at offset ${at}`);
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    const nameLen = r.u16(at + 28);
    const extraLen = r.u16(at + 30);
    const commentLen = r.u16(at + 32);
    const next = at + 46 + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) fail(`central directory entry ${i} overruns the central directory`);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLen);
    const name = decoder.decode(nameBytes);
    if (flags & 1) fail(`entry '${name}' is encrypted`);
    const fields = { size: r.u32(at + 24), csize: r.u32(at + 20), offset: r.u32(at + 42) };
    zip64Extra(r, at + 46 + nameLen, at + 46 + nameLen + extraLen, fields, name);
    if (entries.has(name)) fail(`entry '${name}' appears twice`);

    const local = fields.offset;
    r.need(local, 30, `local header of '${name}'`);
    if (r.u32(local) !== SIG_LOCAL) fail(`entry '${name}': no local header at offset ${local}`);
    const localNameLen = r.u16(local + 26);
    const dataOffset = local + 30 + localNameLen + r.u16(local + 28);
    const localName = bytes.subarray(local + 30, local + 30 + localNameLen);
    if (localNameLen !== nameLen || !localName.every((b, j) => b === nameBytes[j])) {
      fail(`entry '${name}': local header names '${decoder.decode(localName)}'`);
    }
    if (dataOffset + fields.csize > cdOffset) {
      fail(`entry '${name}': data [${dataOffset}, ${dataOffset + fields.csize}) overruns the central directory at ${cdOffset}`);
    }
    if (method === 0 && fields.csize !== fields.size) {
      fail(`stored entry '${name}' has compressed size ${fields.csize} but size ${fields.size}`);
    }
    entries.set(name, { name, method, dataOffset, compressedSize: fields.csize, size: fields.size, crc32: r.u32(at + 16) });
    at = next;
  }

  const verify = options.verifyCrc ?? true;
  return {
    entries,
    read(name: string): Uint8Array {
      const e = entries.get(name);
      if (e === undefined) fail(`no entry '${name}'`);
      if (e.method === 8) {
        fail(`entry '${name}' is deflate-compressed; torch.save writes stored entries only (re-save it with torch.save, or re-zip with 'zip -0')`);
      }
      if (e.method !== 0) fail(`entry '${name}' uses unsupported compression method ${e.method}`);
      const data = bytes.subarray(e.dataOffset, e.dataOffset + e.size);
      if (verify && crc32(data) !== e.crc32) fail(`entry '${name}' fails its CRC-32 check (corrupt archive)`);
      return data;
    },
  };
}
