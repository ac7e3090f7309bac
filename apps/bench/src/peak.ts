/**
 * The single-core WebAssembly SIMD ceilings, measured in the same run: hand-assembled modules
 * whose loop does `acc = acc * m + a` in f32x4 on 12 independent accumulators, either as an
 * `f32x4.mul` and an `f32x4.add` (plain SIMD, what a kernel without relaxed SIMD can at best
 * reach) or as one `f32x4.relaxed_madd` (the fused multiply-add of relaxed SIMD). Twelve chains
 * hide the latency of a mul followed by an add (about 6 cycles) at two of each per cycle, so each
 * loop is bound by throughput.
 *
 * Each is measured two ways: in bursts before each workload (`measureWasmPeak`, whose best is the
 * run's peak), and as a reference side (`wasmLoopSide`) that the harness samples in the same
 * interleaved rounds as every other side, so that a busy moment slows the loop as it slows us.
 */
import { type Outcome, type Side, localPrepared } from './side.js';
import type { Workload } from './workloads.js';

/** `'mul+add'`: plain SIMD; `'fma'`: relaxed SIMD's `f32x4.relaxed_madd`. */
export type LoopKind = 'mul+add' | 'fma';

/** The reference side of each loop, by name: our rows name theirs as their yardstick. */
export const LOOP_SIDE: Record<LoopKind, string> = { 'mul+add': 'wasm SIMD loop', fma: 'wasm SIMD FMA loop' };

const ACCS = 12;
/** FLOPs per loop iteration: a mul and an add on four lanes for each accumulator. */
export const FLOPS_PER_ITER = ACCS * 2 * 4;

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
const f32 = (x: number): number[] => [...new Uint8Array(new Float32Array([x]).buffer)];

const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const SIMD = 0xfd;
const F32X4_SPLAT = [SIMD, 0x13];
const F32X4_EXTRACT_LANE0 = [SIMD, 0x1f, 0];
const F32X4_ADD = [SIMD, ...leb(0xe4)];
const F32X4_MUL = [SIMD, ...leb(0xe6)];
const F32X4_RELAXED_MADD = [SIMD, ...leb(0x105)];

/** The module's bytes: `(func (export "peak") (param $n i32) (result f32))`. */
export function peakModuleBytes(kind: LoopKind = 'mul+add'): Uint8Array<ArrayBuffer> {
  // Locals: 0 = n (param); 1..ACCS = accumulators; M and A = the constant operands.
  const M = ACCS + 1;
  const A = ACCS + 2;
  const body: number[] = [1, 2 + ACCS, 0x7b]; // one group of v128 locals
  const splat = (x: number, local: number) => [0x43, ...f32(x), ...F32X4_SPLAT, LOCAL_SET, local];
  body.push(...splat(0.999, M), ...splat(0.001, A));
  for (let i = 1; i <= ACCS; i++) body.push(...splat(i, i));
  body.push(0x03, 0x40); // loop
  for (let i = 1; i <= ACCS; i++) {
    if (kind === 'fma') body.push(LOCAL_GET, i, LOCAL_GET, M, LOCAL_GET, A, ...F32X4_RELAXED_MADD, LOCAL_SET, i);
    else body.push(LOCAL_GET, i, LOCAL_GET, M, ...F32X4_MUL, LOCAL_GET, A, ...F32X4_ADD, LOCAL_SET, i);
  }
  // n -= 1; continue while n != 0
  body.push(LOCAL_GET, 0, 0x41, 1, 0x6b, LOCAL_TEE, 0, 0x0d, 0, 0x0b);
  // Sum the accumulators so the loop has a live result.
  body.push(LOCAL_GET, 1);
  for (let i = 2; i <= ACCS; i++) body.push(LOCAL_GET, i, ...F32X4_ADD);
  body.push(...F32X4_EXTRACT_LANE0, 0x0b);

  const code = [1, ...leb(body.length), ...body];
  const name = [...new TextEncoder().encode('peak')];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]),
    ...section(3, [1, 0]),
    ...section(7, [1, name.length, ...name, 0x00, 0]),
    ...section(10, code),
  ]);
}

export interface PeakResult {
  gflops: number;
  /** GFLOP/s of each timed repetition. */
  runs: number[];
}

/** Whether this engine runs the FMA loop (relaxed SIMD is on). */
export const hasFmaLoop = (): boolean => WebAssembly.validate(peakModuleBytes('fma'));

/** The loop, compiled and run once so that V8 has tiered it up. */
async function loop(kind: LoopKind): Promise<(iters: number) => number> {
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(peakModuleBytes(kind)));
  const peak = instance.exports.peak as (n: number) => number;
  peak(100_000);
  return peak;
}

/** Runs the loop `reps` times for about `msPerRep` each and reports the best (a ceiling, not a typical value). */
export async function measureWasmPeak(reps: number, msPerRep: number, kind: LoopKind = 'mul+add'): Promise<PeakResult> {
  const peak = await loop(kind);
  let iters = 1_000_000;
  const t0 = performance.now();
  peak(iters);
  const ms = Math.max(performance.now() - t0, 0.01);
  iters = Math.max(10_000, Math.round((iters * msPerRep) / ms));
  const runs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = performance.now();
    peak(iters);
    runs.push((iters * FLOPS_PER_ITER) / ((performance.now() - s) / 1000) / 1e9);
  }
  return { gflops: Math.max(...runs), runs };
}

/**
 * A loop as a reference side: one operation runs as many FLOPs as the workload's, so its samples
 * last as long as a fast side's and its rate is directly comparable. Workloads without a FLOP
 * count are not its business.
 */
export async function wasmLoopSide(kind: LoopKind = 'mul+add'): Promise<Side> {
  const peak = await loop(kind);
  return {
    name: LOOP_SIDE[kind],
    ours: false,
    reference: true,
    threads: '1',
    info: `the f32x4 ${kind === 'fma' ? 'relaxed_madd' : 'mul+add'} loop of src/peak.ts (${FLOPS_PER_ITER} FLOPs an iteration), run for each workload's FLOP count in the same rounds as the other sides`,
    async prepare(w: Workload): Promise<Outcome> {
      if (!w.flops) return { unavailable: 'no FLOP count to match' };
      const iters = Math.max(1, Math.round(w.flops / FLOPS_PER_ITER));
      return localPrepared(
        () => {
          peak(iters);
        },
        () => {},
      );
    },
  };
}
