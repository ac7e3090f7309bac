/**
 * A side is one implementation under test (one of our backends, or a peer). The harness asks it
 * to prepare a workload, then takes timing samples from every prepared side in interleaved rounds.
 */
import type { Workload } from './workloads.js';

export interface Prepared {
  /**
   * Runs `count` samples of `inner` back-to-back operations each and returns, per sample, the
   * milliseconds per operation. Each operation ends with its result computed (synced).
   */
  samples(count: number, inner: number): Promise<number[]>;
  dispose(): Promise<void> | void;
}

export type Outcome = Prepared | { unavailable: string };

export interface Side {
  /** Display name, e.g. `@proj wasm`, `tfjs-wasm`, `PyTorch`. */
  name: string;
  ours: boolean;
  /**
   * A yardstick rather than an implementation (the wasm SIMD loop of peak.ts): sampled in the same
   * rounds as the others, so that our rates can be set against the ceiling of that moment, but
   * neither ours nor a peer, so it gets no ratio column.
   */
  reference?: boolean;
  /** Ours: the reference side whose rate ours is set against (default: the plain SIMD loop). */
  yardstick?: string;
  /** Threads the side computes with, as recorded in each row. */
  threads: string;
  /** Versions and settings worth recording (library version, layout, BLAS...), or why it is missing. */
  info: string;
  /** False for a side that could not be created at all. */
  available?: boolean;
  prepare(w: Workload): Promise<Outcome>;
  /** Frees the side itself (a subprocess, a backend) at the end of the run. */
  close?(): Promise<void>;
}

/** A side that could not be created; every workload reports the reason. */
export function unavailableSide(name: string, ours: boolean, reason: string): Side {
  return { name, ours, threads: '—', info: reason, available: false, prepare: async () => ({ unavailable: reason }) };
}

export const isPrepared = (o: Outcome): o is Prepared => !('unavailable' in o);

export type Step = () => void | Promise<void>;

/**
 * A Prepared that times `step` in this process with `performance.now`. A step that returns a
 * promise is awaited; a synchronous one is not, so sync backends pay no microtask per operation.
 */
export function localPrepared(step: Step, dispose: () => void | Promise<void>): Prepared {
  return {
    async samples(count, inner) {
      const out: number[] = [];
      for (let s = 0; s < count; s++) {
        const t0 = performance.now();
        for (let i = 0; i < inner; i++) {
          const r = step();
          if (r) await r;
        }
        out.push((performance.now() - t0) / inner);
      }
      return out;
    },
    dispose,
  };
}

export function errorMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const line = m.split('\n')[0] ?? m;
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}
