/**
 * One instance of the kernels: the wasm memory, the allocator over it, typed views (refreshed
 * after every growth), the parameter block, and the worker pool.
 */
import { BackendError, OutOfMemoryError } from '@proj/tensor';
import { Allocator } from './allocator.js';
import { type WasmSource, canShareMemory, hasRelaxedSimd, isNode, loadModule, nodeImport } from './loader.js';
import { type Pool, startPool } from './pool.js';

const PAGE = 65536;
/** The most pages a wasm32 memory can have (4 GiB). */
const MAX_PAGES = 65536;
const NTHREADS = 24; // control block slot (bytes), see assembly/threads.ts

/** The kernels' exports (assembly/index.ts). */
export interface Exports {
  heap_base(): number;
  thread_init(ctrl: number, tid: number, scratch: number, canBlock: number): void;
  threads_quit(): void;
  readonly SCRATCH_BYTES: WebAssembly.Global;
  readonly CONTROL_BYTES: WebAssembly.Global;
  unary(p: number, ntasks: number): number;
  binary(p: number, ntasks: number): number;
  where(p: number, ntasks: number): number;
  cast(p: number, ntasks: number): number;
  copy(p: number, ntasks: number): number;
  reduce(p: number, ntasks: number): number;
  arg_reduce(p: number, ntasks: number): number;
  gather(p: number, ntasks: number): number;
  scatter_add(p: number): void;
  gemm(p: number): number;
  gemm_prepack(p: number): number;
  readonly PACK_A_BYTES: WebAssembly.Global;
  readonly PACK_B_BYTES: WebAssembly.Global;
  readonly CTILE_BYTES: WebAssembly.Global;
  test_threads(p: number, ntasks: number): number;
  max_pool(p: number, ntasks: number): number;
  max_pool_grad(p: number, ntasks: number): number;
  avg_pool(p: number, ntasks: number): number;
  avg_pool_grad(p: number, ntasks: number): number;
  softmax(p: number, ntasks: number): number;
  conv_pad(p: number, ntasks: number): number;
  conv_flip_weight(dst: number, w: number, g: number, og: number, cg: number, kh: number, kw: number, size: number): void;
  [name: string]: unknown;
}

export interface RuntimeOptions {
  /** Threads including the main one. Default: the machine's cores (at most 8); 1 disables workers. */
  threads?: number;
  /** Upper bound on the wasm memory, in MiB (default 4096, the wasm32 limit). */
  maxMemoryMB?: number;
  /** Where to get the kernels (default: kernels.wasm or kernels-relaxed.wasm next to this module). */
  module?: WasmSource;
  /**
   * Use the build with relaxed SIMD's fused multiply-add (about a third faster matmul and conv)
   * where the engine supports it. Default true; results may then differ from the other build
   * in the last bits.
   */
  relaxedSimd?: boolean;
  /**
   * `false` runs on an unshared memory (and so on one thread) even where shared memory exists,
   * as on a page that is not cross-origin isolated.
   */
  sharedMemory?: boolean;
}

async function defaultThreads(): Promise<number> {
  let n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  if (n === undefined && isNode) {
    const os = await nodeImport<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os');
    n = os.availableParallelism?.() ?? os.cpus().length;
  }
  return Math.max(1, Math.min(8, n ?? 1));
}

export class Runtime {
  readonly allocator: Allocator;
  /** Why the runtime runs single-threaded when more threads were asked for; null otherwise. */
  threadsNote: string | null = null;
  private pool: Pool | null = null;
  private workerError: string | null = null;
  u8!: Uint8Array;
  i32!: Int32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  i64!: BigInt64Array;
  /** The parameter block kernels read (PARAM_BYTES long). */
  readonly params: number;
  readonly ctrl: number;
  readonly scratch: number;
  threads = 1;
  /** Whether the relaxed-SIMD build runs. */
  relaxedSimd = false;

  private constructor(
    readonly module: WebAssembly.Module,
    readonly memory: WebAssembly.Memory,
    readonly exports: Exports,
    readonly shared: boolean,
    readonly maxBytes: number,
    maxThreads: number,
  ) {
    this.allocator = new Allocator({ base: exports.heap_base(), end: memory.buffer.byteLength, grow: (min) => this.grow(min) });
    this.refresh();
    const scratchBytes = exports.SCRATCH_BYTES.value as number;
    const ctrl = this.allocator.alloc((exports.CONTROL_BYTES.value as number) + PARAM_BYTES);
    const scratch = this.allocator.alloc(scratchBytes * maxThreads);
    if (ctrl === null || scratch === null) throw new OutOfMemoryError('wasm: cannot reserve the kernels\' working memory');
    this.ctrl = ctrl;
    this.params = ctrl + (exports.CONTROL_BYTES.value as number);
    this.scratch = scratch;
    this.u8.fill(0, ctrl, ctrl + 64);
    this.i32[(ctrl + NTHREADS) >> 2] = 1;
    exports.thread_init(ctrl, 0, scratch, isNode ? 1 : 0);
  }

  static async create(opts: RuntimeOptions = {}): Promise<Runtime> {
    const want = Math.max(1, Math.floor(opts.threads ?? (await defaultThreads())));
    const shared = opts.sharedMemory !== false && canShareMemory();
    const maxPages = Math.min(MAX_PAGES, Math.max(64, Math.floor(((opts.maxMemoryMB ?? 4096) * 1024 * 1024) / PAGE)));
    const relaxed = opts.module === undefined && opts.relaxedSimd !== false && hasRelaxedSimd();
    const module = await loadModule(shared, opts.module, relaxed);
    const memory = new WebAssembly.Memory({ initial: 64, maximum: maxPages, shared } as WebAssembly.MemoryDescriptor);
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const threads = shared ? want : 1;
    const rt = new Runtime(module, memory, instance.exports as unknown as Exports, shared, maxPages * PAGE, threads);
    rt.relaxedSimd = relaxed;
    if (!shared && want > 1) {
      rt.threadsNote =
        opts.sharedMemory === false
          ? 'shared memory was turned off (sharedMemory: false): running on one thread'
          : 'SharedArrayBuffer is unavailable (the page is not cross-origin isolated): running on one thread';
    }
    if (threads > 1) {
      try {
        rt.pool = await startPool(module, memory, rt.ctrl, rt.scratch, rt.exports.SCRATCH_BYTES.value as number, threads - 1, (m) => {
          rt.workerError = m;
        });
        rt.threads = threads;
        rt.i32[(rt.ctrl + NTHREADS) >> 2] = threads;
      } catch (e) {
        rt.threadsNote = `worker threads could not start (${(e as Error).message}): running on one thread`;
      }
    }
    return rt;
  }

  /** Re-creates the typed views over the memory (after it grew). */
  refresh(): void {
    const buf = this.memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.i32 = new Int32Array(buf);
    this.f32 = new Float32Array(buf);
    this.f64 = new Float64Array(buf);
    this.i64 = new BigInt64Array(buf);
  }

  private grow(minEnd: number): number | null {
    const cur = this.memory.buffer.byteLength;
    if (minEnd > this.maxBytes) return null;
    const need = Math.ceil((minEnd - cur) / PAGE);
    // Grow by at least an eighth, so that a growing heap does not grow page by page.
    const want = Math.min(Math.max(need, Math.ceil(cur / PAGE / 8)), this.maxBytes / PAGE - cur / PAGE);
    for (const pages of want > need ? [want, need] : [need]) {
      try {
        this.memory.grow(pages);
        this.refresh();
        return this.memory.buffer.byteLength;
      } catch {
        // the engine could not reserve that much; try the minimum, then give up
      }
    }
    return null;
  }

  /** Allocates `bytes`; `what` names the request in the OutOfMemoryError. */
  alloc(bytes: number, what: string): number {
    const p = this.allocator.alloc(bytes);
    if (p === null) {
      const s = this.allocator.stats();
      throw new OutOfMemoryError(
        `wasm: out of memory allocating ${fmtBytes(bytes)} for ${what} (memory limit ${fmtBytes(this.maxBytes)}, ${fmtBytes(s.liveBytes)} in use by ${s.live} buffers)`,
      );
    }
    return p;
  }

  free(ptr: number): void {
    this.allocator.free(ptr);
  }

  /** Checks a kernel's status: non-zero means a worker thread trapped. */
  check(status: number, what: string): void {
    if (status === 0) return;
    const msg = this.workerError ?? 'unknown error';
    // The pool is unusable now: fall back to the main thread alone.
    this.i32[(this.ctrl + NTHREADS) >> 2] = 1;
    this.threads = 1;
    this.threadsNote = `a worker thread failed (${msg}): running on one thread`;
    throw new BackendError(`wasm: ${what} failed in a worker thread: ${msg}`);
  }

  /** Stops the worker threads. The runtime keeps working on the main thread. */
  close(): void {
    if (!this.pool) return;
    this.exports.threads_quit();
    this.pool.terminate();
    this.pool = null;
    this.threads = 1;
    this.i32[(this.ctrl + NTHREADS) >> 2] = 1;
  }
}

/** Bytes of the parameter block (after the control block). */
export const PARAM_BYTES = 4096;

export function fmtBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
