// The parallel task dispatcher: maps a task kind to the kernel that runs one task.

import {
  T_ARGREDUCE, T_AVGPOOL, T_AVGPOOL_GRAD, T_BINARY, T_CAST, T_COPY, T_GATHER, T_GEMM, T_MAXPOOL, T_MAXPOOL_GRAD, T_REDUCE,
  T_PACKA, T_PAD, T_SOFTMAX, T_TEST, T_UNARY, T_WHERE,
} from './codes';
import { elementwiseTask } from './elementwise';
import { gemmTask, prepackTask } from './gemm';
import { padTask } from './im2col';
import { indexTask } from './indexing';
import { poolTask } from './pool';
import { argReduceTask, reduceTask } from './reduce';
import { S_MISC } from './scratch';
import { softmaxTask } from './softmax';
import { SCRATCH, TID } from './threads';

// Threading self-test: tasks 0 and 1 record their thread and then wait for each other, so they
// can only finish on two different threads. With p[8] set, the one on a worker then traps.
function testTask(p: usize, t: i32): void {
  atomic.store<i32>(p + (<usize>t << 2), TID + 1);
  if (t < 2) {
    const other = p + (<usize>(1 - t) << 2);
    for (let i = 0; i < 2000000000 && atomic.load<i32>(other) == 0; i++) {}
    if (TID != 0 && load<i32>(p, 32) != 0) unreachable();
  }
}

export function runTask(kind: i32, p: usize, t: i32): void {
  switch (kind) {
    case T_UNARY: elementwiseTask(0, p, t); break;
    case T_BINARY: elementwiseTask(1, p, t); break;
    case T_WHERE: elementwiseTask(2, p, t); break;
    case T_CAST: elementwiseTask(3, p, t); break;
    case T_COPY: elementwiseTask(4, p, t); break;
    case T_REDUCE: reduceTask(p, t); break;
    case T_ARGREDUCE: argReduceTask(p, t); break;
    case T_GATHER: indexTask(false, p, t); break;
    case T_GEMM: gemmTask(p, t); break;
    case T_MAXPOOL: poolTask(0, p, t, SCRATCH + S_MISC); break;
    case T_MAXPOOL_GRAD: poolTask(1, p, t, SCRATCH + S_MISC); break;
    case T_AVGPOOL: poolTask(2, p, t, SCRATCH + S_MISC); break;
    case T_AVGPOOL_GRAD: poolTask(3, p, t, SCRATCH + S_MISC); break;
    case T_SOFTMAX: softmaxTask(p, t); break;
    case T_PAD: padTask(p, t); break;
    case T_PACKA: prepackTask(p, t); break;
    case T_TEST: testTask(p, t); break;
    default: unreachable();
  }
}
