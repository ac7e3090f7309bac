/**
 * Max and average pooling, forward and backward (assembly/pool.ts); tasks split the N·C planes.
 */
import type { AvgPool2dParams, Pool2dParams, StridedView } from '@proj/tensor';
import { ITEMSIZE } from '../codes.js';
import { writeInts } from '../params.js';
import type { WasmBuffer } from '../storage.js';
import type { Ctx } from './context.js';

type Kernel = 'max_pool' | 'max_pool_grad' | 'avg_pool' | 'avg_pool_grad';

function run(ctx: Ctx, kernel: Kernel, dtype: string, xShape: readonly number[], p: Pool2dParams, src: number, out: number, idx: number, avg?: AvgPool2dParams): void {
  const [n, c, h, w] = xShape as [number, number, number, number];
  const planes = n * c;
  if (planes === 0) return;
  const rt = ctx.rt;
  const work = planes * Math.max(h * w, p.outSize[0] * p.outSize[1]);
  const ntasks = rt.threads > 1 && work >= 16384 ? Math.min(planes, rt.threads * 4) : 1;
  writeInts(rt, 0, [
    dtype === 'float32' ? 0 : 1, planes, h, w, p.outSize[0], p.outSize[1], p.kernel[0], p.kernel[1],
    p.stride[0], p.stride[1], p.padding[0], p.padding[1], p.dilation[0], p.dilation[1], src, out, idx, ntasks,
    avg?.countIncludePad ? 1 : 0, avg?.divisorOverride ?? 0,
  ]);
  rt.check(rt.exports[kernel](rt.params, ntasks), kernel);
}

const addr = (v: StridedView<WasmBuffer>) => v.handle.ptr + v.offset * ITEMSIZE[v.dtype];

export function maxPool2d(ctx: Ctx, x: StridedView<WasmBuffer>, p: Pool2dParams): { values: WasmBuffer; indices: WasmBuffer } {
  const [n, c] = x.shape as [number, number];
  const m = n * c * p.outSize[0] * p.outSize[1];
  const values = ctx.alloc(x.dtype, m);
  const indices = ctx.alloc('int64', m);
  if (m > 0) run(ctx, 'max_pool', x.dtype, x.shape, p, addr(x), values.ptr, indices.ptr);
  return { values, indices };
}

export function maxPool2dGrad(ctx: Ctx, gy: StridedView<WasmBuffer>, indices: StridedView<WasmBuffer>, xShape: readonly number[]): WasmBuffer {
  const out = ctx.alloc(gy.dtype, xShape.reduce((a, b) => a * b, 1));
  const [, , ho, wo] = gy.shape as [number, number, number, number];
  const p: Pool2dParams = { kernel: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], outSize: [ho, wo] };
  run(ctx, 'max_pool_grad', gy.dtype, xShape, p, addr(gy), out.ptr, addr(indices));
  return out;
}

export function avgPool2d(ctx: Ctx, x: StridedView<WasmBuffer>, p: AvgPool2dParams): WasmBuffer {
  const [n, c] = x.shape as [number, number];
  const out = ctx.alloc(x.dtype, n * c * p.outSize[0] * p.outSize[1]);
  if (p.outSize[0] * p.outSize[1] > 0) run(ctx, 'avg_pool', x.dtype, x.shape, p, addr(x), out.ptr, 0, p);
  return out;
}

export function avgPool2dGrad(ctx: Ctx, gy: StridedView<WasmBuffer>, p: AvgPool2dParams, xShape: readonly number[]): WasmBuffer {
  const out = ctx.alloc(gy.dtype, xShape.reduce((a, b) => a * b, 1));
  run(ctx, 'avg_pool_grad', gy.dtype, xShape, p, addr(gy), out.ptr, 0, p);
  return out;
}
