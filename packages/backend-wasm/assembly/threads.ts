// Work sharing between the main thread and the worker threads.
//
// Every thread runs its own instance of this module over one shared memory. A parallel job is a
// task kind, a parameter block and a task count; the main thread publishes it in the control
// block, wakes the workers, and every thread (main included) claims task indices until none are
// left. Tasks of one job must be independent.
//
// The claim counter packs (generation, count, next index) into one i64, so a thread that wakes
// late for an old job can never claim a task of a newer one: its compare-and-swap fails on the
// generation tag.

import { runTask } from './tasks';

// Control block layout (bytes from CTRL).
const GEN: usize = 0; // i32: job generation, what idle workers wait on
const DONE: usize = 4; // i32: tasks finished in the current job
const QUIT: usize = 8; // i32: set to stop the workers
const ERROR: usize = 12; // i32: set by a worker whose task trapped
const KIND: usize = 16; // i32: task kind
const PARAMS: usize = 20; // i32: parameter block address
const NTHREADS: usize = 24; // i32: threads in the pool, main included
const SLEEPING: usize = 28; // i32: workers blocked in wait (diagnostics)
const CLAIM: usize = 32; // i64: gen(16) | count(24) | next(24)

/** Bytes the JS side reserves for the control block. */
export const CONTROL_BYTES: i32 = 64;

let CTRL: usize = 0;
/** This instance's thread id: 0 for the main thread. */
export let TID: i32 = 0;
/** This thread's scratch area (SCRATCH_BYTES long). */
export let SCRATCH: usize = 0;
let CAN_BLOCK: bool = false;

const SPINS: i32 = 20000;

/** Binds this instance to the control block and its scratch area. */
export function thread_init(ctrl: usize, tid: i32, scratch: usize, canBlock: i32): void {
  CTRL = ctrl;
  TID = tid;
  SCRATCH = scratch;
  CAN_BLOCK = canBlock != 0;
}

/** Threads in the pool (1 when single-threaded). */
@inline export function nthreads(): i32 {
  return CTRL == 0 ? 1 : atomic.load<i32>(CTRL + NTHREADS);
}

function claimAndRun(gen: i32): void {
  const tag = (<i64>(gen & 0xffff)) << 48;
  while (true) {
    const v = atomic.load<i64>(CTRL + CLAIM);
    if ((v & 0xffff000000000000) != tag) return;
    const count = <i32>((v >> 24) & 0xffffff);
    const next = <i32>(v & 0xffffff);
    if (next >= count) return;
    if (atomic.cmpxchg<i64>(CTRL + CLAIM, v, v + 1) != v) continue;
    // Once claimed, the job cannot change under us: it is not done until this task is.
    runTask(atomic.load<i32>(CTRL + KIND), <usize>atomic.load<i32>(CTRL + PARAMS), next);
    atomic.add<i32>(CTRL + DONE, 1);
    if (atomic.load<i32>(CTRL + DONE) == count) atomic.notify(CTRL + DONE, 1);
  }
}

/**
 * Runs `ntasks` tasks of `kind` over `params` on every thread and returns when all are done.
 * Called by the main thread only. Returns 0, or 1 when a worker trapped.
 */
export function parallel(kind: i32, params: usize, ntasks: i32): i32 {
  if (ntasks <= 0) return 0;
  if (ntasks == 1 || nthreads() <= 1) {
    for (let t = 0; t < ntasks; t++) runTask(kind, params, t);
    return 0;
  }
  const gen = atomic.load<i32>(CTRL + GEN) + 1;
  atomic.store<i32>(CTRL + KIND, kind);
  atomic.store<i32>(CTRL + PARAMS, <i32>params);
  atomic.store<i32>(CTRL + DONE, 0);
  atomic.store<i64>(CTRL + CLAIM, ((<i64>(gen & 0xffff)) << 48) | ((<i64>ntasks) << 24));
  atomic.store<i32>(CTRL + GEN, gen);
  if (atomic.load<i32>(CTRL + SLEEPING) > 0) atomic.notify(CTRL + GEN, -1);
  claimAndRun(gen);
  let spins = 0;
  while (true) {
    const done = atomic.load<i32>(CTRL + DONE);
    if (done >= ntasks) break;
    if (atomic.load<i32>(CTRL + ERROR) != 0) return 1;
    if (CAN_BLOCK && ++spins > SPINS) {
      atomic.wait<i32>(CTRL + DONE, done, 1000000); // 1 ms, then look again
      spins = 0;
    }
  }
  return atomic.load<i32>(CTRL + ERROR) != 0 ? 1 : 0;
}

/** A worker's life: wait for a job, help with it, repeat until QUIT. */
export function worker_loop(): void {
  // Start from generation 0, not the current one: a job published while this worker was still
  // starting must not be skipped (claiming from a finished job is harmless).
  let seen = 0;
  while (atomic.load<i32>(CTRL + QUIT) == 0) {
    let gen = atomic.load<i32>(CTRL + GEN);
    let spins = 0;
    while (gen == seen) {
      if (++spins > SPINS) {
        atomic.add<i32>(CTRL + SLEEPING, 1);
        // Re-check after announcing ourselves, so that a job published in between is not missed.
        if (atomic.load<i32>(CTRL + GEN) == seen) atomic.wait<i32>(CTRL + GEN, seen, -1);
        atomic.sub<i32>(CTRL + SLEEPING, 1);
        spins = 0;
      }
      if (atomic.load<i32>(CTRL + QUIT) != 0) return;
      gen = atomic.load<i32>(CTRL + GEN);
    }
    seen = gen;
    claimAndRun(gen);
  }
}

/** Asks every worker to return from `worker_loop`. */
export function threads_quit(): void {
  atomic.store<i32>(CTRL + QUIT, 1);
  atomic.add<i32>(CTRL + GEN, 1);
  atomic.notify(CTRL + GEN, -1);
}
