// The module's exports: thread setup, and one entry point per kernel that runs its tasks on
// every thread. The JS side writes a parameter block and calls these.

import {
  T_ARGREDUCE, T_AVGPOOL, T_AVGPOOL_GRAD, T_BINARY, T_CAST, T_COPY, T_GATHER, T_GEMM, T_MAXPOOL, T_MAXPOOL_GRAD, T_REDUCE,
  T_PACKA, T_PAD, T_SOFTMAX, T_TEST, T_UNARY, T_WHERE,
} from './codes';
import { gemmTasks, prepackTasks } from './gemm';
import { indexTask } from './indexing';
import { parallel } from './threads';

export { CONTROL_BYTES, parallel, thread_init, threads_quit, worker_loop } from './threads';
export { CTILE_BYTES, PACK_A_BYTES, PACK_B_BYTES, SCRATCH_BYTES } from './scratch';
export { conv_flip_weight } from './conv';

/** Where the JS allocator may start. */
export function heap_base(): usize {
  return __heap_base;
}

export function unary(p: usize, ntasks: i32): i32 { return parallel(T_UNARY, p, ntasks); }
export function binary(p: usize, ntasks: i32): i32 { return parallel(T_BINARY, p, ntasks); }
export function where(p: usize, ntasks: i32): i32 { return parallel(T_WHERE, p, ntasks); }
export function cast(p: usize, ntasks: i32): i32 { return parallel(T_CAST, p, ntasks); }
export function copy(p: usize, ntasks: i32): i32 { return parallel(T_COPY, p, ntasks); }
export function reduce(p: usize, ntasks: i32): i32 { return parallel(T_REDUCE, p, ntasks); }
export function arg_reduce(p: usize, ntasks: i32): i32 { return parallel(T_ARGREDUCE, p, ntasks); }
export function gather(p: usize, ntasks: i32): i32 { return parallel(T_GATHER, p, ntasks); }
export function scatter_add(p: usize): void { indexTask(true, p, 0); }
export function gemm(p: usize): i32 { return parallel(T_GEMM, p, gemmTasks(p)); }
/** Packs the A operand of the GEMM descriptor at p into the buffer its A_PACKED slot names. */
export function gemm_prepack(p: usize): i32 { return parallel(T_PACKA, p, prepackTasks(p)); }
export function max_pool(p: usize, ntasks: i32): i32 { return parallel(T_MAXPOOL, p, ntasks); }
export function max_pool_grad(p: usize, ntasks: i32): i32 { return parallel(T_MAXPOOL_GRAD, p, ntasks); }
export function avg_pool(p: usize, ntasks: i32): i32 { return parallel(T_AVGPOOL, p, ntasks); }
export function avg_pool_grad(p: usize, ntasks: i32): i32 { return parallel(T_AVGPOOL_GRAD, p, ntasks); }
export function softmax(p: usize, ntasks: i32): i32 { return parallel(T_SOFTMAX, p, ntasks); }
export function conv_pad(p: usize, ntasks: i32): i32 { return parallel(T_PAD, p, ntasks); }
/** Each task t writes (id of the thread that ran it) + 1 at p + 4t (tasks.ts): for the threading tests. */
export function test_threads(p: usize, ntasks: i32): i32 { return parallel(T_TEST, p, ntasks); }
