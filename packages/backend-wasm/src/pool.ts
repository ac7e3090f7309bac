/**
 * The worker threads: each instantiates the kernels over the shared memory and then lives inside
 * `worker_loop` (assembly/threads.ts), waking for every parallel job. `worker_threads` in Node,
 * Web Workers in browsers; the worker's code is inlined here, so no bundler has to find a file.
 */
import { BackendError } from '@proj/tensor';
import { isNode, nodeImport } from './loader.js';

/** Control-block byte offsets that the JS side touches (see assembly/threads.ts). */
const ERROR = 12;
const DONE = 4;

const WORKER_SOURCE = `
const nodePort = typeof self === 'undefined' ? require('node:worker_threads').parentPort : null;
const post = (m) => (nodePort ? nodePort.postMessage(m) : self.postMessage(m));
const onMessage = async (d) => {
  const { module, memory, ctrl, tid, scratch } = d;
  let inst;
  try {
    inst = await WebAssembly.instantiate(module, { env: { memory } });
    inst.exports.thread_init(ctrl, tid, scratch, 1);
  } catch (e) {
    post({ tid, error: String(e && e.stack || e) });
    return;
  }
  post({ tid, ready: true });
  try {
    inst.exports.worker_loop();
  } catch (e) {
    const i32 = new Int32Array(memory.buffer);
    Atomics.store(i32, (ctrl + ${ERROR}) >> 2, 1);
    Atomics.add(i32, (ctrl + ${DONE}) >> 2, 1 << 24);
    Atomics.notify(i32, (ctrl + ${DONE}) >> 2);
    post({ tid, error: String(e && e.stack || e) });
  }
};
if (nodePort) nodePort.once('message', onMessage);
else self.onmessage = (e) => onMessage(e.data);
`;

interface NodeWorker extends AnyWorker {
  on(event: 'message', f: (m: { ready?: boolean; error?: string }) => void): void;
  on(event: 'error', f: (e: unknown) => void): void;
}

interface AnyWorker {
  postMessage(m: unknown): void;
  terminate(): unknown;
  /** Node's workers only. */
  unref?(): void;
}

export interface Pool {
  /** Worker threads (the main thread is not counted here). */
  readonly workers: number;
  /** Stops the workers. */
  terminate(): void;
}

async function spawn(onError: (msg: string) => void): Promise<{ worker: AnyWorker; next: () => Promise<unknown> }> {
  let resolve: ((v: unknown) => void) | null = null;
  let reject: ((e: Error) => void) | null = null;
  const waitNext = () =>
    new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
  const deliver = (m: { ready?: boolean; error?: string }) => {
    if (m.error !== undefined) {
      if (reject) reject(new BackendError(`wasm: a worker thread failed: ${m.error}`));
      else onError(m.error);
    } else resolve?.(m);
    resolve = null;
    reject = null;
  };
  if (isNode) {
    const { Worker } = await nodeImport<{ Worker: new (src: string, o: { eval: boolean }) => NodeWorker }>('node:worker_threads');
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.on('message', deliver);
    w.on('error', (e) => deliver({ error: String(e) }));
    return { worker: w, next: waitNext };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  w.onmessage = (e) => deliver(e.data as { ready?: boolean; error?: string });
  w.onerror = (e) => deliver({ error: e.message });
  return { worker: w, next: waitNext };
}

/**
 * Starts `n` workers over `memory` and resolves once every one is inside its wait loop.
 * Worker i gets thread id i+1 and the scratch area at `scratch + (i+1)·scratchBytes`.
 */
export async function startPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  ctrl: number,
  scratch: number,
  scratchBytes: number,
  n: number,
  onError: (msg: string) => void,
): Promise<Pool> {
  const started = await Promise.all(Array.from({ length: n }, () => spawn(onError)));
  try {
    await Promise.all(
      started.map(({ worker, next }, i) => {
        const ready = next();
        worker.postMessage({ module, memory, ctrl, tid: i + 1, scratch: scratch + (i + 1) * scratchBytes });
        return ready;
      }),
    );
  } catch (e) {
    for (const s of started) s.worker.terminate();
    throw e;
  }
  // Once every worker is waiting in its loop, nothing needs their messages to arrive: unref them
  // so that a script's process exits after its last line. (Before, the ref'd ports keep the
  // startup await alive; unref'ing earlier, or before adding the 'message' listener, does not.)
  for (const s of started) s.worker.unref?.();
  return {
    workers: n,
    terminate: () => {
      for (const s of started) s.worker.terminate();
    },
  };
}
