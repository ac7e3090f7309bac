/**
 * float16 on WebGPU. A float16 tensor is stored as WGSL `f16`, 2 bytes an element (the device
 * must have `shader-f16`), and computed in f32, as CUDA's half kernels do:
 *
 * - `matmul`, the elementwise `unary` and `binary` kernels and `cast`, `copy` and `fill` read
 *   f16, compute (and accumulate) in f32 and round on store, in one pass;
 * - every other kernel gets its float16 inputs widened to f32 scratch buffers, runs its f32
 *   kernel, and has its result rounded to f16 once. So sums, dot products, softmax denominators
 *   and batch-norm variances accumulate in f32: a float16 tensor overflows only where its final
 *   values exceed 65504, never in an intermediate.
 *
 * Widening casts the buffer's elements up to the view's last one and keeps the view's strides,
 * so broadcast (stride-0) inputs are not materialised; rounding casts the f32 result's whole
 * buffer. Scratch buffers go back to the pool at once (the queue orders their reuse).
 */
import type { StridedView } from '@proj/tensor';
import type { GpuHandle } from './buffers.js';
import type { Engine } from './engine.js';
import { cast } from './kernels/elementwise.js';

type View = StridedView<GpuHandle>;
// biome-ignore lint/suspicious/noExplicitAny: kernels of every signature pass through here.
type Kernel = (...args: any[]) => any;

/** Kernels that handle float16 themselves (the rest are lowered). */
const NATIVE = new Set(['cast', 'copy', 'fill', 'unary', 'binary', 'matmul']);

const isView = (a: unknown): a is View => typeof a === 'object' && a !== null && 'handle' in a && 'strides' in a;

/** Elements from the buffer's start to the view's last element (strides are never negative). */
function extent(v: View): number {
  if (v.shape.some((n) => n === 0)) return 0;
  return v.shape.reduce((end, n, d) => end + (n - 1) * v.strides[d]!, v.offset + 1);
}

/** The first `n` elements of a buffer of `from`, cast to `to`. */
function castPrefix(e: Engine, h: GpuHandle, n: number, from: 'float16' | 'float32', to: 'float16' | 'float32'): GpuHandle {
  return cast(e, { handle: h, dtype: from, shape: [n], strides: [1], offset: 0 }, to);
}

/** `kernels` with float16 views lowered to f32 and float16 results rounded back, as described above. */
export function withHalf<T extends Record<string, Kernel>>(e: Engine, kernels: T): T {
  const out: Record<string, Kernel> = {};
  for (const [name, f] of Object.entries(kernels)) {
    out[name] = NATIVE.has(name) ? f : lowered(e, name, f);
  }
  return out as T;
}

function lowered(e: Engine, name: string, f: Kernel): Kernel {
  return (...args: unknown[]) => {
    // where(cond, a, b, shape, dtype) names its output dtype; every other kernel's follows its inputs.
    const halfOut = name === 'where' && args[4] === 'float16';
    if (halfOut) args = [...args.slice(0, 4), 'float32'];
    const temps = new Map<GpuHandle, GpuHandle>();
    const wide = args.map((a) => {
      if (!isView(a) || a.dtype !== 'float16') return a;
      let h = temps.get(a.handle);
      if (!h) temps.set(a.handle, (h = castPrefix(e, a.handle, extent(a), 'float16', 'float32')));
      return { ...a, handle: h, dtype: 'float32' };
    });
    if (!temps.size && !halfOut) return f(...args);
    let r: unknown;
    try {
      r = f(...wide);
    } finally {
      for (const h of temps.values()) e.pool.release(h);
    }
    if (name === 'argReduce') return r; // int64 indices
    if (name === 'maxPool2d') {
      const { values, indices } = r as { values: GpuHandle; indices: GpuHandle };
      return { values: narrow(e, values), indices };
    }
    return narrow(e, r as GpuHandle);
  };
}

/** An f32 result rounded to a new f16 buffer (its whole buffer: the size class covers every element). */
function narrow(e: Engine, h: GpuHandle): GpuHandle {
  try {
    return castPrefix(e, h, h.size / 4, 'float32', 'float16');
  } finally {
    e.pool.release(h);
  }
}
