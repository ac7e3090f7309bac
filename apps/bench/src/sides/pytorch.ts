/**
 * PyTorch through a Python subprocess (python/bench_torch.py) that speaks JSON lines. It times
 * its own operations, so only compute is measured; the harness interleaves it like any side.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Side, errorMessage, unavailableSide } from '../side.js';

const SCRIPT = fileURLToPath(new URL('../../python/bench_torch.py', import.meta.url));

type Reply = { ok: true; [k: string]: unknown } | { ok: false; reason: string };

class PythonServer {
  private buffer = '';
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  private exited: string | null = null;

  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let i = this.buffer.indexOf('\n'); i >= 0; i = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 1);
        this.waiting.shift()?.(line);
      }
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (c: string) => {
      this.stderr = (this.stderr + c).slice(-2000);
    });
    const onExit = (why: string) => {
      this.exited = why;
      for (const w of this.waiting.splice(0)) w(JSON.stringify({ ok: false, reason: this.failure() }));
    };
    proc.on('exit', (code, signal) => onExit(`exited with ${signal ?? code}`));
    proc.on('error', (e) => onExit(errorMessage(e)));
  }

  private failure(): string {
    const last = this.stderr.trim().split('\n').pop() ?? '';
    return `python ${this.exited ?? 'failed'}${last ? `: ${last}` : ''}`;
  }

  request(msg: Record<string, unknown>): Promise<Reply> {
    if (this.exited) return Promise.resolve({ ok: false, reason: this.failure() });
    return new Promise((resolve) => {
      this.waiting.push((line) => {
        try {
          resolve(JSON.parse(line) as Reply);
        } catch {
          resolve({ ok: false, reason: `bad reply from python: ${line.slice(0, 200)}` });
        }
      });
      this.proc.stdin.write(`${JSON.stringify(msg)}\n`);
    });
  }

  async call(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
    const r = await this.request(msg);
    if (!r.ok) throw new Error(r.reason);
    return r;
  }

  close(): void {
    this.proc.stdin.end();
  }
}

/** PyTorch's best matmul rate, or why there is none (an unoptimised reference BLAS). */
export type TorchPeak = { gflops: number; bySize: Record<string, number> } | { unavailable: string };

export interface TorchSide extends Side {
  /** PyTorch's best matmul rate: the native ceiling. Undefined when PyTorch is not available. */
  peak?(sizes: number[], seconds: number): Promise<TorchPeak>;
}

/**
 * Starts PyTorch's side with `python` (default /usr/bin/python3, which has Debian's torch).
 * `mnist` is the binary file of the epoch workload's data (n images, then n int32 labels).
 */
export async function pytorchSide(threads: number, mnist: { path: string; n: number }, python = process.env.BENCH_PYTHON ?? '/usr/bin/python3'): Promise<TorchSide> {
  if (!existsSync(python)) return unavailableSide('PyTorch', false, `${python} does not exist`);
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const server = new PythonServer(spawn(python, [SCRIPT, String(threads)], { env, stdio: 'pipe' }));
  let info: Record<string, unknown>;
  try {
    info = await server.call({ cmd: 'info' });
  } catch (e) {
    server.close();
    return unavailableSide('PyTorch', false, `import torch failed under ${python}: ${errorMessage(e)}`);
  }
  let nextId = 0;
  return {
    name: 'PyTorch',
    ours: false,
    threads: String(info.threads),
    info: `PyTorch ${info.torch} (Python ${info.python}), BLAS ${info.blas}${info.reference_blas ? ' (the unoptimised reference BLAS: its matmul is no native yardstick)' : ''}, oneDNN ${info.mkldnn ? 'on' : 'off'}, torch.set_num_threads(${info.threads})`,
    async prepare(w) {
      const id = nextId++;
      const r = await server.request({ cmd: 'prepare', id, spec: w.spec, mnist: mnist.path, mnist_n: mnist.n });
      if (!r.ok) return { unavailable: r.reason };
      return {
        samples: async (count, inner) => (await server.call({ cmd: 'samples', id, count, inner })).ms as number[],
        dispose: async () => {
          await server.call({ cmd: 'release', id });
        },
      };
    },
    async peak(sizes, seconds) {
      const r = await server.call({ cmd: 'peak', sizes, seconds });
      if (typeof r.unavailable === 'string') return { unavailable: r.unavailable };
      return { gflops: r.gflops as number, bySize: r.by_size as Record<string, number> };
    },
    async close() {
      server.close();
    },
  };
}
