/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]},
 * "__metadata__": {key: value}}`, then the byte buffer that the offsets index.
 */

import { ArgumentError } from '../errors.js';
import {
  DTYPE_TO_STORAGE,
  decodeElements,
  encodeElements,
  storageDType,
  validateRecord,
  type StorageDType,
  type TensorRecord,
} from './record.js';

/** The largest header the reference implementation accepts (100 MB). */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

// A real header nests three deep ({ { [ ); anything far deeper is hostile.
const MAX_JSON_DEPTH = 64;

/** The contents of a safetensors file. */
export interface SafetensorsFile {
  /** The tensors by name, in file (offset) order. */
  tensors: Map<string, TensorRecord>;
  /** The `__metadata__` string map (empty when the file has none). */
  metadata: Record<string, string>;
}

function fail(message: string): never {
  throw new ArgumentError(`safetensors: ${message}`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Fails before JSON.parse sees the text, so a deeply nested header cannot exhaust the stack.
function checkNesting(header: Uint8Array): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) fail(`header JSON nests deeper than ${MAX_JSON_DEPTH} levels at byte ${8 + i}`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

function dims(value: unknown, what: string, name: string): number[] {
  if (!Array.isArray(value)) fail(`tensor '${name}': ${what} must be an array, got ${JSON.stringify(value)}`);
  for (const d of value) {
    if (!Number.isSafeInteger(d) || (d as number) < 0) {
      fail(`tensor '${name}': ${what} must hold non-negative integers, got ${JSON.stringify(d)}`);
    }
  }
  return value as number[];
}

// The element count, or Infinity once it exceeds `limit` (a zero dim anywhere makes it 0).
function boundedNumel(shape: number[], limit: number): number {
  if (shape.includes(0)) return 0;
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > limit) return Infinity;
  }
  return n;
}

interface Entry {
  name: string;
  dtype: StorageDType;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Parses a safetensors file. Validates as strictly as the reference implementation: the header
 * length fits in the file and under 100 MB, the header is UTF-8 JSON starting with `{`, every
 * entry has a supported dtype, non-negative integer dims and offsets whose byte count matches
 * `shape` × itemsize, and the entries cover the byte buffer exactly, without gaps or overlaps.
 *
 * F16/BF16 load as float32 and U8/I8/I16 as int32 (see `record.ts`). Throws `ArgumentError` for a
 * malformed file and `DTypeError` for an unsupported dtype.
 *
 * @example
 * const { tensors, metadata } = parseSafetensors(new Uint8Array(await file.arrayBuffer()));
 * tensors.get('fc.weight'); // { dtype: 'float32', shape: [3, 4], data: Float32Array(12) }
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${typeof bytes}`);
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = dv.getBigUint64(0, true);
  if (n64 > BigInt(bytes.length - 8)) fail(`header length ${n64} exceeds the file size ${bytes.length}`);
  const n = Number(n64);
  if (n > SAFETENSORS_MAX_HEADER) fail(`header length ${n} exceeds the ${SAFETENSORS_MAX_HEADER}-byte limit`);
  const headerBytes = bytes.subarray(8, 8 + n);
  if (headerBytes[0] !== 0x7b) fail(`header must start with '{', got byte ${headerBytes[0] ?? 'none'} at offset 8`);
  checkNesting(headerBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    fail('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(header)) fail('header must be a JSON object');

  const dataLen = bytes.length - 8 - n;
  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (info === null) continue; // the reference reads null as "no metadata"
      if (!isObject(info)) fail(`__metadata__ must be an object of strings, got ${JSON.stringify(info)}`);
      for (const [k, v] of Object.entries(info)) {
        if (typeof v !== 'string') fail(`__metadata__ value of '${k}' must be a string, got ${JSON.stringify(v)}`);
      }
      metadata = Object.fromEntries(Object.entries(info)) as Record<string, string>;
      continue;
    }
    if (!isObject(info)) fail(`entry '${name}' must be an object, got ${JSON.stringify(info)}`);
    if (typeof info.dtype !== 'string') fail(`tensor '${name}': dtype must be a string, got ${JSON.stringify(info.dtype)}`);
    const st = storageDType(info.dtype, `safetensors: tensor '${name}'`);
    const shape = dims(info.shape, 'shape', name);
    const offsets = dims(info.data_offsets, 'data_offsets', name);
    if (offsets.length !== 2) fail(`tensor '${name}': data_offsets must be [begin, end], got ${JSON.stringify(offsets)}`);
    const [begin, end] = offsets as [number, number];
    if (end < begin) fail(`tensor '${name}': data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataLen) {
      fail(`tensor '${name}': data_offsets [${begin}, ${end}] extend beyond the ${dataLen}-byte data buffer`);
    }
    const nbytes = boundedNumel(shape, dataLen) * st.itemsize;
    if (nbytes !== end - begin) {
      const count = Number.isFinite(nbytes) ? `${nbytes} bytes` : `more than ${dataLen} bytes`;
      fail(
        `tensor '${name}': shape [${shape.join(', ')}] of ${st.name} needs ${count} but data_offsets [${begin}, ${end}] hold ${end - begin}`,
      );
    }
    entries.push({ name, dtype: st.name, shape, begin, end });
  }

  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of entries) {
    if (e.begin !== covered) {
      const how = e.begin < covered ? 'overlap the previous tensor' : 'leave a gap after the previous tensor';
      fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] ${how}, which ends at ${covered}`);
    }
    covered = e.end;
  }
  if (covered !== dataLen) {
    fail(`tensors cover ${covered} bytes of the ${dataLen}-byte data buffer; it must be covered exactly`);
  }

  const base = 8 + n;
  const tensors = new Map<string, TensorRecord>();
  for (const e of entries) {
    const data = decodeElements(e.dtype, bytes.subarray(base + e.begin, base + e.end));
    tensors.set(e.name, { dtype: storageDType(e.dtype, 'safetensors').dtype, shape: e.shape, data });
  }
  return { tensors, metadata };
}

// The reference implementation's dtype enum order: the buffer holds larger alignments first.
const ALIGNMENT_RANK: Record<StorageDType, number> = {
  BOOL: 0, U8: 1, I8: 2, I16: 5, F16: 7, BF16: 8, I32: 9, F32: 11, F64: 12, I64: 13,
};

// Rust compares strings by UTF-8 bytes, which is code-point order (not UTF-16 unit order).
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return (x.done ? 0 : 1) - (y.done ? 0 : 1);
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/**
 * Writes tensors (and optional string metadata) as a safetensors file, byte for byte as the
 * reference implementation does: tensors ordered by descending dtype alignment, then by name;
 * compact JSON with `__metadata__` first (its keys sorted); the header padded with spaces to a
 * multiple of 8 bytes. int64 is written as I64 and bool as BOOL.
 *
 * @example
 * const bytes = serializeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
 */
export function serializeSafetensors(
  tensors: Iterable<readonly [string, TensorRecord]> | Record<string, TensorRecord>,
  metadata?: Record<string, string>,
): Uint8Array {
  const list: [string, TensorRecord][] = [];
  const seen = new Set<string>();
  const iterable = Symbol.iterator in tensors;
  for (const [name, record] of iterable ? (tensors as Iterable<readonly [string, TensorRecord]>) : Object.entries(tensors)) {
    if (typeof name !== 'string') fail(`tensor names must be strings, got ${typeof name}`);
    if (name === '__metadata__') fail("'__metadata__' is reserved and cannot name a tensor");
    if (seen.has(name)) fail(`tensor name '${name}' appears twice`);
    seen.add(name);
    validateRecord(record, `safetensors: tensor '${name}'`);
    list.push([name, record]);
  }
  list.sort(
    ([na, a], [nb, b]) =>
      ALIGNMENT_RANK[DTYPE_TO_STORAGE[b.dtype]] - ALIGNMENT_RANK[DTYPE_TO_STORAGE[a.dtype]] || compareCodePoints(na, nb),
  );

  const parts: string[] = [];
  if (metadata !== undefined) {
    const keys = Object.keys(metadata).sort(compareCodePoints);
    for (const k of keys) {
      if (typeof metadata[k] !== 'string') fail(`metadata value of '${k}' must be a string, got ${typeof metadata[k]}`);
    }
    parts.push(`"__metadata__":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`);
  }
  const buffers: Uint8Array[] = [];
  let offset = 0;
  for (const [name, record] of list) {
    const data = encodeElements(record);
    const info = `{"dtype":"${DTYPE_TO_STORAGE[record.dtype]}","shape":[${record.shape.join(',')}],"data_offsets":[${offset},${offset + data.length}]}`;
    parts.push(`${JSON.stringify(name)}:${info}`);
    buffers.push(data);
    offset += data.length;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > SAFETENSORS_MAX_HEADER) fail(`header of ${padded} bytes exceeds the ${SAFETENSORS_MAX_HEADER}-byte limit`);

  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let at = 8 + padded;
  for (const b of buffers) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
