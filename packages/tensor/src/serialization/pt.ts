/**
 * PyTorch `.pt` / `.pth` checkpoints as `torch.save` writes them since PyTorch 1.6: a ZIP archive
 * `<name>/data.pkl` (the pickled object graph) plus `<name>/data/<key>` (one entry per storage).
 * The pickle is read by the restricted unpickler of `pickle.ts`, so loading never runs code.
 */

import { ArgumentError } from '../errors.js';
import type { HostArray } from '../dtype.js';
import { unpickle, type TensorRef } from './pickle.js';
import { decodeElements, numel, storageDType, type TensorRecord } from './record.js';
import { readZip } from './zip.js';

/** Options of `parsePt` and `loadPtStateDict`. */
export interface PtOptions {
  /**
   * Most tensor elements materialised in total (default `2^24 + 2 × bytes.length`). Views that
   * share one storage are each copied, and a stride-0 (expanded) view can hold more elements
   * than its storage, so a small file could otherwise ask for huge arrays.
   */
  maxElements?: number;
  /** Check each archive entry's CRC-32 (default true). */
  verifyCrc?: boolean;
}

function fail(message: string): never {
  throw new ArgumentError(`pt: ${message}`);
}

interface Parsed {
  root: unknown;
  tensors: WeakSet<object>;
}

function parse(bytes: Uint8Array, options: PtOptions): Parsed {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${typeof bytes}`);
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    const legacy = bytes[0] === 0x80 ? 'a legacy (pre-1.6) torch.save file' : 'not a zip archive';
    fail(
      `${legacy}; only zip checkpoints can be read: re-save it with torch.save(obj, path, _use_new_zipfile_serialization=True)`,
    );
  }
  const zip = readZip(bytes, { verifyCrc: options.verifyCrc ?? true });
  const pkls = [...zip.entries.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pkls.length !== 1) {
    fail(pkls.length === 0 ? 'no <name>/data.pkl entry in the archive' : `several data.pkl entries: ${pkls.join(', ')}`);
  }
  const prefix = pkls[0]!.slice(0, -'data.pkl'.length);
  const order = zip.entries.has(`${prefix}byteorder`) ? new TextDecoder().decode(zip.read(`${prefix}byteorder`)) : 'little';
  if (order !== 'little') fail(`storages are ${order}-endian; only little-endian checkpoints are supported`);

  let budget = options.maxElements ?? 2 ** 24 + 2 * bytes.length;
  const storages = new Map<string, Uint8Array>();
  const decoded = new Map<string, HostArray>();
  const tensors = new WeakSet<object>();

  const rebuildTensor = (ref: TensorRef): TensorRecord => {
    const { storage, storageOffset: offset, size, stride } = ref;
    const info = storageDType(storage.dtype, `pt: storage '${storage.key}'`);
    const name = `${prefix}data/${storage.key}`;
    let raw = storages.get(storage.key);
    if (raw === undefined) {
      if (!zip.entries.has(name)) fail(`storage '${name}' named by the pickle is missing from the archive`);
      raw = zip.read(name);
      storages.set(storage.key, raw);
    }
    if (storage.numel * info.itemsize > raw.length) {
      fail(`storage '${name}' holds ${raw.length} bytes, fewer than ${storage.numel} ${storage.dtype} elements need`);
    }
    const n = numel(size);
    let last = offset;
    for (let d = 0; d < size.length; d++) last += (size[d]! - 1) * stride[d]!;
    const where = `tensor of size [${size.join(', ')}], stride [${stride.join(', ')}], offset ${offset}`;
    if (n > 0 && last >= storage.numel) fail(`${where} reaches past the ${storage.numel} elements of storage '${name}'`);
    if (n > budget) fail(`${where} would exceed the limit on materialised elements (raise options.maxElements)`);
    budget -= n;

    let contiguous = true;
    for (let d = size.length - 1, expect = 1; d >= 0; d--) {
      if (size[d] !== 1 && stride[d] !== expect) contiguous = false;
      expect *= size[d]!;
    }
    let data: HostArray;
    if (n === 0 || contiguous) {
      data = decodeElements(info.name, raw.subarray(offset * info.itemsize, (offset + n) * info.itemsize));
    } else {
      const cacheKey = `${storage.key}:${storage.dtype}`;
      let full = decoded.get(cacheKey);
      if (full === undefined) {
        full = decodeElements(info.name, raw.subarray(0, storage.numel * info.itemsize));
        decoded.set(cacheKey, full);
      }
      data = gather(full, n, offset, size, stride);
    }
    const record: TensorRecord = { dtype: info.dtype, shape: [...size], data };
    tensors.add(record);
    return record;
  };

  const root = unpickle(zip.read(pkls[0]!), { rebuildTensor });
  return { root, tensors };
}

// Materialises a strided view in row-major order with an odometer over the dims.
function gather(src: HostArray, n: number, offset: number, size: readonly number[], stride: readonly number[]): HostArray {
  const out = new (src.constructor as new (n: number) => HostArray)(n);
  const nd = size.length;
  const index = new Array<number>(nd).fill(0);
  let at = offset;
  for (let i = 0; i < n; i++) {
    (out as Float64Array)[i] = (src as Float64Array)[at]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++index[d]! < size[d]!) {
        at += stride[d]!;
        break;
      }
      at -= (size[d]! - 1) * stride[d]!;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Reads a `torch.save` zip checkpoint into plain values: dicts become `Map`s, lists and tuples
 * arrays (tuples frozen), and every tensor a contiguous `TensorRecord` (views over a shared
 * storage are materialised independently; F16/BF16 load as float32, U8/I8/I16 as int32). See
 * `pickle.ts` for the full mapping. Throws `ArgumentError` for a malformed or hostile file and for
 * the legacy non-zip format, `DTypeError` for an unsupported storage type.
 *
 * @example
 * const ckpt = parsePt(bytes) as Map<string, unknown>;
 * ckpt.get('epoch'); // 3
 */
export function parsePt(bytes: Uint8Array, options: PtOptions = {}): unknown {
  return parse(bytes, options).root;
}

/** Top-level keys tried, in order, when a checkpoint wraps its state_dict. */
const WRAPPER_KEYS = ['state_dict', 'model_state_dict', 'model', 'module', 'net'];

/**
 * Reads a `torch.save`d state_dict as name → tensor.
 *
 * The rule: if the top-level dict holds any tensor, it is the state_dict. Otherwise exactly one
 * level of wrapping is undone: among the top-level values that are dicts holding tensors, take
 * the first under `state_dict`, `model_state_dict`, `model`, `module` or `net`, or the only one.
 * (`{'epoch': 3, 'model': sd, 'optimizer': opt.state_dict()}` loads `sd`: an optimizer's tensors
 * sit deeper.) Entries whose value is not a tensor, such as a module's extra state, are skipped.
 * Throws `ArgumentError` when no state_dict or an ambiguous choice is found.
 *
 * @example
 * for (const [name, t] of loadPtStateDict(bytes)) console.log(name, t.dtype, t.shape);
 */
export function loadPtStateDict(bytes: Uint8Array, options: PtOptions = {}): Map<string, TensorRecord> {
  const { root, tensors } = parse(bytes, options);
  const isTensor = (v: unknown): v is TensorRecord => typeof v === 'object' && v !== null && tensors.has(v);
  const holdsTensors = (v: unknown): v is Map<unknown, unknown> =>
    v instanceof Map && [...v.values()].some(isTensor);
  if (!(root instanceof Map)) fail(`expected a dict at the top level of the checkpoint, got ${Array.isArray(root) ? 'a list or tuple' : typeof root}`);

  let sd: Map<unknown, unknown>;
  if (holdsTensors(root)) sd = root;
  else {
    const candidates = [...root.entries()].filter(([, v]) => holdsTensors(v));
    const preferred = WRAPPER_KEYS.map((k) => candidates.find(([ck]) => ck === k)).find((c) => c !== undefined);
    const chosen = preferred ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (chosen === undefined) {
      fail(
        candidates.length === 0
          ? `no state_dict found: neither the top-level dict nor any dict inside it holds tensors (keys: ${[...root.keys()].map(String).join(', ')})`
          : `ambiguous state_dict: several top-level entries hold tensors (${candidates.map(([k]) => String(k)).join(', ')})`,
      );
    }
    sd = chosen[1] as Map<unknown, unknown>;
  }
  const out = new Map<string, TensorRecord>();
  for (const [k, v] of sd) {
    if (!isTensor(v)) continue;
    if (typeof k !== 'string') fail(`state_dict keys must be strings, got ${typeof k}`);
    out.set(k, v);
  }
  return out;
}
