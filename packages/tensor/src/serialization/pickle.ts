/**
 * A restricted unpickler for PyTorch checkpoints. It understands the opcodes of pickle protocols
 * 0–4 that plain data uses and builds plain values only; no opcode can run code:
 *
 * | Python                          | JavaScript                                    |
 * | ------------------------------- | --------------------------------------------- |
 * | `None`, `bool`, `float`, `str`  | `null`, `boolean`, `number`, `string`         |
 * | `int`                           | `number` when safe (|n| < 2^53), else `bigint` |
 * | `bytes`                         | `Uint8Array`                                  |
 * | `list` / `tuple`                | `Array` / frozen `Array`                      |
 * | `dict`, `collections.OrderedDict` | `Map` (insertion order kept)                |
 * | `set`, `frozenset`              | `Set`                                         |
 * | a tensor (`_rebuild_tensor_v2`, `_rebuild_parameter`) | what `rebuildTensor` returns, a `TensorRef` by default |
 *
 * Only these globals are allowed: `collections.OrderedDict`, `torch._utils._rebuild_tensor`,
 * `_rebuild_tensor_v2`, `_rebuild_parameter`, `_rebuild_parameter_with_state`, the storage
 * classes `torch.*Storage`, `torch.Size`, `_codecs.encode` (bytes under protocol 2) and
 * `set`/`frozenset`. Any other GLOBAL or STACK_GLOBAL fails as soon as it is read, naming the
 * global, before anything could call it. The graph may share or cycle through objects (the
 * memo), as Python's does.
 */

import { ArgumentError } from '../errors.js';
import { type StorageDType, storageDType } from './record.js';

/** A storage named by a persistent id `('storage', torch.FloatStorage, key, location, numel)`. */
export interface StorageRef {
  readonly kind: 'storage';
  readonly dtype: StorageDType;
  readonly key: string;
  readonly location: string;
  readonly numel: number;
}

/** The arguments of a tensor rebuild: a strided view of a storage. */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly storageOffset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
  readonly requiresGrad: boolean;
}

/** Options of `unpickle`. */
export interface UnpickleOptions {
  /** Turns a tensor reference into the value that replaces it (default: the `TensorRef` itself). */
  rebuildTensor?: (ref: TensorRef) => object;
  /** Most memo entries (default 2^21). */
  maxMemo?: number;
  /** Most nested MARKs (default 1000, Python's own recursion limit when pickling). */
  maxDepth?: number;
}

const STORAGES: Record<string, StorageDType> = {
  FloatStorage: 'F32', DoubleStorage: 'F64', HalfStorage: 'F16', BFloat16Storage: 'BF16',
  LongStorage: 'I64', IntStorage: 'I32', ShortStorage: 'I16', CharStorage: 'I8',
  ByteStorage: 'U8', BoolStorage: 'BOOL',
};

const CALLABLES = new Set([
  'collections.OrderedDict', 'torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state', 'torch.Size',
  '_codecs.encode', 'builtins.set', 'builtins.frozenset', '__builtin__.set', '__builtin__.frozenset',
]);

class Global {
  constructor(readonly path: string) {}
}

/** Python's default limit on the digits of an int parsed from text. */
const MAX_INT_DIGITS = 4300;
const MAX_LONG_BYTES = 8192;

const isSafeNat = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const tuple = (items: unknown[]): unknown[] => Object.freeze(items) as unknown[];
const int = (v: bigint): number | bigint => (v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return Object.isFrozen(v) ? 'tuple' : 'list';
  if (v instanceof Map) return 'dict';
  if (v instanceof Global) return `global ${v.path}`;
  return typeof v;
}

/**
 * Unpickles `bytes` into plain values (see the module docs for the mapping). Throws
 * `ArgumentError` for a forbidden global or opcode, truncated or malformed input, or a bound
 * exceeded (memo size, MARK depth, integer length).
 */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): unknown {
  const maxMemo = options.maxMemo ?? 2 ** 21;
  const maxDepth = options.maxDepth ?? 1000;
  const rebuild = options.rebuildTensor ?? ((ref: TensorRef) => ref);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const memo = new Map<number, unknown>();
  const tensors = new WeakSet<object>();
  const storages = new WeakSet<StorageRef>();
  const metastack: unknown[][] = [];
  let stack: unknown[] = [];
  let pos = 0;
  let op = 0;
  let opAt = 0;

  const fail: (message: string) => never = (message) => {
    const name = op > 0x20 && op < 0x7f ? `'${String.fromCharCode(op)}'` : `0x${op.toString(16).padStart(2, '0')}`;
    throw new ArgumentError(`pickle: ${message} (opcode ${name} at offset ${opAt})`);
  };
  const take = (n: number): number => {
    if (n > bytes.length - pos) fail(`truncated input: needs ${n} more bytes, ${bytes.length - pos} left`);
    const at = pos;
    pos += n;
    return at;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('truncated input: missing end of line');
    const s = latin1(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const text = (n: number): string => {
    const at = take(n);
    try {
      return utf8.decode(bytes.subarray(at, at + n));
    } catch {
      return fail('string is not valid UTF-8');
    }
  };
  const size64 = (): number => {
    const v = dv.getBigUint64(take(8), true);
    return v > BigInt(bytes.length) ? fail(`length ${v} exceeds the input size ${bytes.length}`) : Number(v);
  };
  const pop = (): unknown => (stack.length === 0 ? fail('stack underflow') : stack.pop());
  const top = (): unknown => (stack.length === 0 ? fail('stack underflow') : stack[stack.length - 1]);
  const popMark = (): unknown[] => {
    const items = stack;
    stack = metastack.pop() ?? fail('no MARK on the stack');
    return items;
  };
  const put = (key: number, value: unknown): void => {
    if (!memo.has(key) && memo.size >= maxMemo) fail(`memo exceeds ${maxMemo} entries`);
    memo.set(key, value);
  };
  const get = (key: number): unknown => (memo.has(key) ? memo.get(key) : fail(`memo key ${key} is not defined`));
  const textInt = (s: string): bigint => {
    const m = /^\s*([+-]?\d+)L?\s*$/.exec(s);
    if (m === null) fail(`malformed integer '${s.slice(0, 40)}'`);
    if (m![1]!.length > MAX_INT_DIGITS) fail(`integer of ${m![1]!.length} digits exceeds ${MAX_INT_DIGITS}`);
    return BigInt(m![1]!);
  };
  const long = (n: number): number | bigint => {
    if (n > MAX_LONG_BYTES) fail(`integer of ${n} bytes exceeds ${MAX_LONG_BYTES}`);
    const at = take(n);
    if (n === 0) return 0;
    let hex = '';
    for (let i = n - 1; i >= 0; i--) hex += bytes[at + i]!.toString(16).padStart(2, '0');
    let v = BigInt(`0x${hex}`);
    if (bytes[at + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return int(v);
  };
  const mutableList = (v: unknown): unknown[] =>
    Array.isArray(v) && !Object.isFrozen(v) ? v : fail(`cannot append to a ${describe(v)}`);
  const dict = (v: unknown): Map<unknown, unknown> => (v instanceof Map ? v : fail(`cannot set items of a ${describe(v)}`));
  const key = (k: unknown): unknown =>
    (Array.isArray(k) && !Object.isFrozen(k)) || k instanceof Map || k instanceof Set
      ? fail(`unhashable dict key of type ${describe(k)}`)
      : k;
  const setItems = (d: Map<unknown, unknown>, items: unknown[]): void => {
    if (items.length % 2 !== 0) fail('odd number of items for a dict');
    for (let i = 0; i < items.length; i += 2) d.set(key(items[i]), items[i + 1]);
  };
  const global = (module: string, name: string): Global => {
    const path = `${module}.${name}`;
    if (CALLABLES.has(path)) return new Global(path);
    if ((module === 'torch' || module === 'torch.cuda') && Object.hasOwn(STORAGES, name)) return new Global(`torch.${name}`);
    return fail(`forbidden global '${path}'; only plain containers and torch tensors may be loaded`);
  };
  const persistent = (pid: unknown): StorageRef => {
    if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage') {
      return fail(`persistent id must be ('storage', type, key, location, numel), got ${describe(pid)}`);
    }
    const [, cls, key, location, numel] = pid as unknown[];
    const name = cls instanceof Global ? cls.path.slice('torch.'.length) : '';
    if (!Object.hasOwn(STORAGES, name)) return fail(`persistent id names no storage class: ${describe(cls)}`);
    if (typeof key !== 'string' || typeof location !== 'string' || !isSafeNat(numel)) {
      return fail('persistent id needs a string key, a string location and a non-negative numel');
    }
    const ref: StorageRef = { kind: 'storage', dtype: storageDType(STORAGES[name]!, 'pickle').name, key, location, numel };
    storages.add(ref);
    return ref;
  };
  const nats = (v: unknown, what: string): number[] =>
    Array.isArray(v) && v.every(isSafeNat) ? (v as number[]) : fail(`${what} must be a tuple of non-negative integers`);
  const tensor = (args: unknown[], v2: boolean): object => {
    if (v2 ? args.length !== 6 && args.length !== 7 : args.length !== 4) {
      fail(`tensor rebuild takes ${v2 ? '6 or 7' : '4'} arguments, got ${args.length}`);
    }
    const [storage, offset, size, stride, requiresGrad] = args;
    if (!storages.has(storage as StorageRef)) fail(`tensor rebuild needs a storage, got ${describe(storage)}`);
    if (!isSafeNat(offset)) fail('tensor storage offset must be a non-negative integer');
    const ref: TensorRef = {
      kind: 'tensor', storage: storage as StorageRef, storageOffset: offset as number,
      size: nats(size, 'tensor size'), stride: nats(stride, 'tensor stride'), requiresGrad: requiresGrad === true,
    };
    if (ref.size.length !== ref.stride.length) fail(`tensor size has ${ref.size.length} dims but stride ${ref.stride.length}`);
    const out = rebuild(ref);
    tensors.add(out);
    return out;
  };
  const call = (fn: unknown, args: unknown): unknown => {
    if (!(fn instanceof Global) || !CALLABLES.has(fn.path)) fail(`cannot call a ${describe(fn)}`);
    if (!Array.isArray(args) || !Object.isFrozen(args)) fail(`call arguments must be a tuple, got ${describe(args)}`);
    const a = args as unknown[];
    switch ((fn as Global).path) {
      case 'collections.OrderedDict': {
        const d = new Map<unknown, unknown>();
        if (a.length > 1 || (a.length === 1 && !Array.isArray(a[0]))) fail('OrderedDict takes an optional list of pairs');
        for (const pair of (a[0] ?? []) as unknown[]) {
          if (!Array.isArray(pair) || pair.length !== 2) fail('OrderedDict items must be pairs');
          d.set(key((pair as unknown[])[0]), (pair as unknown[])[1]);
        }
        return d;
      }
      case 'torch._utils._rebuild_tensor':
        return tensor(a, false);
      case 'torch._utils._rebuild_tensor_v2':
        return tensor(a, true);
      case 'torch._utils._rebuild_parameter':
      case 'torch._utils._rebuild_parameter_with_state':
        return typeof a[0] === 'object' && a[0] !== null && tensors.has(a[0]) ? a[0] : fail('a parameter needs a tensor');
      case 'torch.Size':
        return tuple([...nats(a[0], 'torch.Size')]);
      case '_codecs.encode':
        if (typeof a[0] !== 'string' || (a[1] !== 'latin1' && a[1] !== 'latin-1')) fail("only _codecs.encode(str, 'latin1') is allowed");
        return Uint8Array.from(a[0] as string, (c) => (c.charCodeAt(0) > 255 ? fail('non-latin1 bytes') : c.charCodeAt(0)));
      default:
        if (a.length !== 1 || !Array.isArray(a[0])) fail(`${(fn as Global).path} takes one list`);
        for (const item of a[0] as unknown[]) key(item);
        return new Set(a[0] as unknown[]);
    }
  };

  for (;;) {
    opAt = pos;
    op = bytes[take(1)]!;
    switch (op) {
      case 0x80: { // PROTO
        const v = bytes[take(1)]!;
        if (v > 5) fail(`unsupported pickle protocol ${v}`);
        break;
      }
      case 0x95: size64(); break; // FRAME: framing is only a read-ahead hint.
      case 0x2e: return stack.length === 0 ? fail('STOP with an empty stack') : stack[stack.length - 1]; // STOP
      case 0x28: // MARK
        if (metastack.length >= maxDepth) fail(`MARKs nest deeper than ${maxDepth}`);
        metastack.push(stack);
        stack = [];
        break;
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(bytes[take(1)]!); break; // BININT1
      case 0x4d: stack.push(dv.getUint16(take(2), true)); break; // BININT2
      case 0x4a: stack.push(dv.getInt32(take(4), true)); break; // BININT
      case 0x8a: stack.push(long(bytes[take(1)]!)); break; // LONG1
      case 0x8b: { // LONG4
        const n = dv.getInt32(take(4), true);
        stack.push(n < 0 ? fail('negative LONG4 length') : long(n));
        break;
      }
      case 0x49: { // INT
        const s = line();
        stack.push(s === '01' ? true : s === '00' ? false : int(textInt(s)));
        break;
      }
      case 0x4c: stack.push(int(textInt(line()))); break; // LONG
      case 0x46: { // FLOAT
        const s = line().trim();
        const special: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };
        if (Object.hasOwn(special, s)) stack.push(special[s]);
        else if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) stack.push(Number(s));
        else fail(`malformed float '${s.slice(0, 40)}'`);
        break;
      }
      case 0x47: stack.push(dv.getFloat64(take(8), false)); break; // BINFLOAT
      case 0x58: stack.push(text(dv.getUint32(take(4), true))); break; // BINUNICODE
      case 0x8c: stack.push(text(bytes[take(1)]!)); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(text(size64())); break; // BINUNICODE8
      case 0x54: { // BINSTRING
        const n = dv.getInt32(take(4), true);
        stack.push(n < 0 ? fail('negative BINSTRING length') : text(n));
        break;
      }
      case 0x55: stack.push(text(bytes[take(1)]!)); break; // SHORT_BINSTRING
      case 0x56: stack.push(rawUnicode(line())); break; // UNICODE
      case 0x53: stack.push(quoted(line(), fail)); break; // STRING
      case 0x42: case 0x43: case 0x8e: { // BINBYTES, SHORT_BINBYTES, BINBYTES8
        const n = op === 0x42 ? dv.getUint32(take(4), true) : op === 0x43 ? bytes[take(1)]! : size64();
        const at = take(n);
        stack.push(bytes.slice(at, at + n));
        break;
      }
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push(tuple([])); break; // EMPTY_TUPLE
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x6c: { const items = popMark(); stack.push(items); break; } // LIST
      case 0x74: { const items = popMark(); stack.push(tuple(items)); break; } // TUPLE
      case 0x85: stack.push(tuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push(tuple([pop(), b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); stack.push(tuple([pop(), b, c])); break; } // TUPLE3
      case 0x64: { const d = new Map(); setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x91: { const items = popMark(); items.forEach(key); stack.push(new Set(items)); break; } // FROZENSET
      case 0x61: { const v = pop(); mutableList(top()).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); const l = mutableList(top()); for (const v of items) l.push(v); break; } // APPENDS
      case 0x73: { const v = pop(); const k = pop(); dict(top()).set(key(k), v); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(dict(top()), items); break; } // SETITEMS
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) fail(`cannot add items to a ${describe(s)}`);
        for (const item of items) (s as Set<unknown>).add(key(item));
        break;
      }
      case 0x62: { // BUILD: only an OrderedDict's instance attributes (e.g. _metadata), which are dropped.
        const state = pop();
        if (!(top() instanceof Map) || !(state instanceof Map || state === null)) fail(`cannot BUILD a ${describe(top())}`);
        break;
      }
      case 0x67: stack.push(get(Number(textInt(line())))); break; // GET
      case 0x68: stack.push(get(bytes[take(1)]!)); break; // BINGET
      case 0x6a: stack.push(get(dv.getUint32(take(4), true))); break; // LONG_BINGET
      case 0x70: put(Number(textInt(line())), top()); break; // PUT
      case 0x71: put(bytes[take(1)]!, top()); break; // BINPUT
      case 0x72: put(dv.getUint32(take(4), true), top()); break; // LONG_BINPUT
      case 0x94: put(memo.size, top()); break; // MEMOIZE
      case 0x63: { const module = line(); stack.push(global(module, line())); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: { const args = pop(); stack.push(call(pop(), args)); break; } // REDUCE
      case 0x51: stack.push(persistent(pop())); break; // BINPERSID
      case 0x50: fail('text persistent ids (PERSID) are not used by torch.save'); break;
      case 0x69: case 0x6f: case 0x81: case 0x92: case 0x82: case 0x83: case 0x84:
        fail('object-building opcode (INST/OBJ/NEWOBJ/NEWOBJ_EX/EXT) is not allowed');
        break;
      default:
        fail(`unsupported opcode`);
    }
  }
}

// TextDecoder's 'latin1' is really windows-1252, so map bytes to code points by hand.
function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

// Protocol 0 `UNICODE`: raw-unicode-escape, i.e. latin-1 with \uXXXX and \UXXXXXXXX escapes.
function rawUnicode(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (m, u: string | undefined, U: string | undefined) => {
    const cp = parseInt(u ?? U ?? '', 16);
    return cp > 0x10ffff ? m : String.fromCodePoint(cp);
  });
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

// Protocol 0 `STRING`: a Python repr-quoted byte string, decoded as UTF-8 as torch.load does.
function quoted(s: string, fail: (m: string) => never): string {
  const q = s[0];
  if (s.length < 2 || (q !== "'" && q !== '"') || s[s.length - 1] !== q) fail('STRING must be quoted');
  const body = s.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs, (m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return Object.hasOwn(ESCAPES, e) ? ESCAPES[e]! : m;
  });
  try {
    return utf8.decode(Uint8Array.from(body, (c) => c.charCodeAt(0)));
  } catch {
    return fail('STRING is not valid UTF-8');
  }
}
