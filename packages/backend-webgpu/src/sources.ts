/**
 * Every kernel kind's WGSL generator, by `KernelSpec.kind`.
 */
import { BackendError } from '@proj/tensor';
import { convSources } from './kernels/conv.js';
import { elementwiseSources } from './kernels/elementwise.js';
import { gatherSources } from './kernels/gather.js';
import { matmulSource } from './kernels/matmul.js';
import { poolSources } from './kernels/pool.js';
import { reduceSources } from './kernels/reduce.js';
import { softmaxSource } from './kernels/softmax.js';
import type { KernelSpec } from './pipelines.js';

const SOURCES: Record<string, (spec: KernelSpec) => string> = {
  ...elementwiseSources,
  ...reduceSources,
  matmul: matmulSource,
  ...convSources,
  ...poolSources,
  softmax: softmaxSource,
  ...gatherSources,
};

export function sourceOf(spec: KernelSpec): string {
  const gen = SOURCES[spec.kind];
  if (!gen) throw new BackendError(`webgpu: unknown kernel kind '${spec.kind}'`);
  return gen(spec);
}

const f32 = 'f32';
const ranks = [1, 2, 3, 4];

/**
 * The pipelines a typical float32 training step compiles (MLPs and small CNNs): `warmup()`
 * compiles these when given no list. An app that knows better passes `backend.compiled()` saved
 * from an earlier run.
 */
export function defaultWarmup(): KernelSpec[] {
  const specs: KernelSpec[] = [];
  for (const rank of ranks) {
    for (const op of ['add', 'sub', 'mul', 'div']) {
      specs.push({ kind: 'binary', op, t: f32, rank, sa: false, sb: false });
      specs.push({ kind: 'binary', op, t: f32, rank, sa: false, sb: true });
    }
    for (const op of ['gt', 'maximum']) specs.push({ kind: 'binary', op, t: f32, rank, sa: false, sb: true });
    for (const op of ['neg', 'exp', 'log', 'sqrt']) specs.push({ kind: 'unary', op, t: f32, rank });
    specs.push({ kind: 'where', t: f32, rank, sa: false, sb: true });
    specs.push({ kind: 'cast', from: 'u32', to: 'u32', rank });
    specs.push({ kind: 'cast', from: 'u32', to: 'f32', rank });
  }
  for (const wg of [false, true]) {
    for (const [kr, rr] of [[0, 1], [1, 1], [1, 0], [2, 1]] as const) {
      specs.push({ kind: 'reduce', op: 'sum', t: f32, kr, rr, wg });
    }
    specs.push({ kind: 'argreduce', op: 'argmax', t: f32, kr: 1, wg });
  }
  // GEMM tiles follow the problem: conv layers with 8–64 channels and large N·H·W outputs.
  for (const bm of [16, 32, 64] as const) {
    specs.push({ kind: 'matmul', br: 0, bm, bn: 64 }, { kind: 'conv2d', bias: true, bm, bn: 64 });
    specs.push({ kind: 'conv2dGradInput', bm, bn: 64 }, { kind: 'conv2dGradWeight', bm, bn: 16 });
  }
  specs.push({ kind: 'maxPool2d' }, { kind: 'maxPool2dGrad' }, { kind: 'avgPool2d' }, { kind: 'avgPool2dGrad' });
  for (const mode of ['softmax', 'logSoftmax', 'softmaxGrad', 'logSoftmaxGrad']) {
    for (const wg of [32, 64]) specs.push({ kind: 'softmax', mode, wg });
  }
  specs.push({ kind: 'gather', rank: 2 }, { kind: 'scatterAdd', rank: 2, t: f32 }, { kind: 'fill', t: 'u32' });
  return specs;
}
