/**
 * Loading the compiled kernels (`kernels.wasm`, built from ../assembly by `build:assets`).
 *
 * The module imports a *shared* memory. Where shared memory is unavailable (a page that is not
 * cross-origin isolated) the same bytes are compiled with the memory import's `shared` flag
 * cleared, which is valid wasm: the atomic instructions work on unshared memory too.
 */
import { BackendError } from '@proj/tensor';

/** Where the kernels come from: bytes, a compiled module, or a URL to fetch (default: next to this file). */
export type WasmSource = BufferSource | WebAssembly.Module | URL | string;

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** The little of Node's API this package uses (typed here so that builds need no @types/node). */
interface NodeFs {
  readFile(path: string): Promise<Uint8Array>;
}
interface NodeUrl {
  fileURLToPath(url: URL): string;
}

/** Imports a Node built-in without bundlers trying to resolve it for browsers. */
export function nodeImport<T>(name: string): Promise<T> {
  return import(/* @vite-ignore */ name) as Promise<T>;
}

function defaultUrl(relaxed: boolean): URL {
  // Two literal URLs, so that bundlers see (and copy) both files.
  return relaxed ? new URL('./kernels-relaxed.wasm', import.meta.url) : new URL('./kernels.wasm', import.meta.url);
}

/** A module whose one function uses f32x4.relaxed_madd: it validates where relaxed SIMD is on. */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  ...[0, 1, 2].flatMap(() => [253, 12, ...new Array<number>(16).fill(0)]),
  253, 133, 2, 11,
]);

/** True where the engine runs relaxed SIMD (Chromium; Node ≥ 22, or 20 with --experimental-wasm-relaxed-simd). */
export function hasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

async function fetchBytes(url: URL | string): Promise<ArrayBuffer> {
  const u = typeof url === 'string' ? new URL(url, typeof location === 'undefined' ? undefined : location.href) : url;
  if (isNode && u.protocol === 'file:') {
    const fs = await nodeImport<NodeFs>('node:fs/promises');
    const { fileURLToPath } = await nodeImport<NodeUrl>('node:url');
    try {
      const b = await fs.readFile(fileURLToPath(u));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    } catch (e) {
      throw new BackendError(
        `wasm: cannot read the kernels at ${u.href} (${(e as Error).message}); build them with \`pnpm --filter @proj/backend-wasm build:assets\``,
      );
    }
  }
  const res = await fetch(u);
  if (!res.ok) throw new BackendError(`wasm: fetching the kernels from ${u.href} failed with HTTP ${res.status}`);
  return res.arrayBuffer();
}

function readLeb(b: Uint8Array, at: number): [value: number, next: number] {
  let v = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const byte = b[i++]!;
    v += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [v, i];
    shift += 7;
  }
}

/**
 * Clears the `shared` flag of the imported memory (limits flag 0x03 → 0x01), in a copy.
 * Walks the import section: module name, field name, kind, then the kind's type.
 */
export function unshareMemoryImport(bytes: Uint8Array): Uint8Array {
  const b = bytes.slice();
  let i = 8;
  while (i < b.length) {
    const id = b[i++]!;
    const [size, start] = readLeb(b, i);
    if (id === 2) {
      let [count, p] = readLeb(b, start);
      while (count-- > 0) {
        let [len, q] = readLeb(b, p);
        q += len;
        [len, q] = readLeb(b, q);
        q += len;
        const kind = b[q++]!;
        if (kind === 0) [, q] = readLeb(b, q);
        else if (kind === 1) {
          q++; // reftype
          const flags = b[q++]!;
          [, q] = readLeb(b, q);
          if (flags & 1) [, q] = readLeb(b, q);
        } else if (kind === 2) {
          if (b[q] === 0x03) b[q] = 0x01;
          const flags = b[q++]!;
          [, q] = readLeb(b, q);
          if (flags & 1) [, q] = readLeb(b, q);
        } else if (kind === 3) q += 2;
        else if (kind === 4) [, q] = readLeb(b, q + 1);
        p = q;
      }
      return b;
    }
    i = start + size;
  }
  return b;
}

const compiled = new Map<string, Promise<WebAssembly.Module>>();

/**
 * Compiles the kernels for shared (threads) or unshared memory, from `source` or else from the
 * relaxed-SIMD or plain build next to this file; cached per source and mode.
 */
export function loadModule(shared: boolean, source?: WasmSource, relaxed = false): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return Promise.resolve(source);
  const defaultKey = `default|${relaxed}|${shared}`;
  const key = typeof source === 'string' || source instanceof URL ? `${String(source)}|${shared}` : null;
  const hit = key === null && source === undefined ? compiled.get(defaultKey) : key ? compiled.get(key) : undefined;
  if (hit) return hit;
  const p = (async () => {
    const raw =
      source === undefined || typeof source === 'string' || source instanceof URL
        ? new Uint8Array(await fetchBytes(source ?? defaultUrl(relaxed)))
        : ArrayBuffer.isView(source)
          ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
          : new Uint8Array(source);
    return WebAssembly.compile((shared ? raw : unshareMemoryImport(raw)) as Uint8Array<ArrayBuffer>);
  })();
  if (source === undefined) compiled.set(defaultKey, p);
  else if (key) compiled.set(key, p);
  p.catch(() => compiled.delete(key ?? defaultKey));
  return p;
}

/** True where this realm can share wasm memory with workers (Node, or a cross-origin isolated page). */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  if (isNode) return true;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

export { isNode };
