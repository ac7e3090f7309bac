/**
 * The backend interface: what a plugin implements so that every `@proj` op runs on it.
 *
 * A backend is a storage manager plus a small closed set of primitive kernels. Everything else
 * (views, broadcasting, type promotion, autograd, random numbers, validation and the whole
 * `F.*` library) lives above it, in the front end, and is shared by every backend.
 *
 * Conventions that hold for every kernel:
 * - **Handles.** A handle `H` names one buffer of one dtype that the backend owns. Kernels take
 *   inputs as {@link StridedView}s over handles and return a new handle for a new **contiguous,
 *   row-major** buffer. Only {@link Backend.copy} writes into an existing buffer.
 * - **Broadcasting is already done.** Every view input of an elementwise kernel has exactly the
 *   output's shape; broadcast dimensions have stride 0. Kernels never broadcast.
 * - **Dtypes are already promoted.** Inputs of one kernel share a dtype unless the member says
 *   otherwise; a `number` operand is a scalar in that dtype.
 * - **Validation is already done.** Shapes, axes and dtypes reaching a kernel are valid. Kernels
 *   do not throw for bad arguments; they may throw {@link OutOfMemoryError} (or another
 *   `BackendError`) for resource failures, and must leave other buffers intact when they do.
 * - **Synchronous enqueue.** Kernels return handles immediately. A GPU backend may run the work
 *   later; only {@link Backend.read} is asynchronous.
 * - **Zero-size tensors.** Shapes may contain 0; kernels must then produce an empty buffer
 *   without reading their inputs.
 *
 * The CPU backend (`@proj/backend-cpu`) is the reference: its plain loops define each kernel's
 * semantics. The conformance kit (`@proj/conformance`) checks any backend against it and against
 * PyTorch.
 *
 * @typeParam H - the backend's handle type.
 */
import type { DType, HostArray } from '../dtype.js';
import type { FusedKernels } from './fused.js';
import type { ArgReduceOp, BinaryOp, ReduceOp, UnaryOp } from './ops.js';

/** The version of this interface. A backend states the version it implements. */
export const SPEC_VERSION = 1;

/**
 * A strided view of a buffer: element `[i0, i1, …]` lives at
 * `offset + i0*strides[0] + i1*strides[1] + …` (in elements, not bytes). Strides may be 0
 * (broadcast) and, for views from `flip`, negative is never used: the front end materialises
 * those. `shape.length === strides.length`.
 */
export interface StridedView<H = unknown> {
  readonly handle: H;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A kernel operand: a view, or a JavaScript number read as a scalar of the kernel's dtype. */
export type Operand<H = unknown> = StridedView<H> | number;

/** What {@link Backend.memory} reports. */
export interface BackendMemory {
  /** Buffers alive now (allocated and not yet disposed). */
  readonly buffers: number;
  /** Bytes held by those buffers. */
  readonly bytes: number;
  /** Anything else worth reporting, e.g. `{ threads: 2 }` or a pool's cached bytes. */
  readonly [extra: string]: unknown;
}

/** The backend contract. See the file comment for the conventions every member follows. */
export interface Backend<H = unknown> extends FusedKernels<H> {
  /** The name users pass to `setBackend` and `tensor.to(name)`, e.g. `'cpu'`. */
  readonly name: string;
  /** The interface version implemented; must equal {@link SPEC_VERSION}. */
  readonly specVersion: number;
  /** The dtypes this backend stores. Creating a tensor of another dtype raises a DTypeError. */
  readonly dtypes: readonly DType[];
  /**
   * Optional: why this backend cannot store `dtype` (one not in {@link dtypes}) and what to do
   * instead. The front end appends it to the DTypeError it raises, e.g. WebGPU's
   * `WGSL has no 64-bit float type; convert with .to('float32') … before moving the tensor`.
   */
  unsupportedDtypeHint?(dtype: DType): string | undefined;

  // ----------------------------------------------------------------------------------------------
  // Storage

  /**
   * Copies host data into a new buffer of `dtype`. `data` is the host array of `dtype`
   * (see {@link HostArray}); the backend must not keep a reference to it.
   */
  upload(data: HostArray, dtype: DType): H;
  /** A new buffer of `numel` elements of `dtype`, every element equal to `value`. */
  fill(numel: number, value: number, dtype: DType): H;
  /**
   * Reads a whole buffer back to the host as the host array of its dtype. This is the one
   * asynchronous point of the interface. Work enqueued before the call is included.
   */
  read(handle: H, dtype: DType, numel: number): Promise<HostArray>;
  /**
   * Optional synchronous read (CPU and wasm). Backends that cannot read synchronously leave it
   * out; the front end then raises a `BackendError` naming `await tensor.data()`.
   */
  readSync?(handle: H, dtype: DType, numel: number): HostArray;
  /** Frees a buffer. Called exactly once per handle, when the last tensor using it is disposed. */
  dispose(handle: H): void;
  /** Live buffers and bytes, for leak checks. */
  memory(): BackendMemory;

  // ----------------------------------------------------------------------------------------------
  // Primitive kernels

  /** Elementwise `op(x)`; output has `x.shape` and `x.dtype`. */
  unary(op: UnaryOp, x: StridedView<H>): H;
  /**
   * Elementwise `op(a, b)` over `shape`. At least one operand is a view; views have `shape`.
   * Output dtype: `bool` for comparisons and logical ops, else the operands' dtype.
   */
  binary(op: BinaryOp, a: Operand<H>, b: Operand<H>, shape: readonly number[]): H;
  /** `cond ? a : b` elementwise over `shape`. `cond` is a bool view; the output has `dtype`. */
  where(cond: StridedView<H>, a: Operand<H>, b: Operand<H>, shape: readonly number[], dtype: DType): H;
  /**
   * Converts to `dtype` and materialises the view contiguously (cast to the same dtype is how the
   * front end makes a view contiguous). float→int truncates toward zero; anything→bool tests
   * non-zero; bool→number gives 0 or 1.
   */
  cast(x: StridedView<H>, dtype: DType): H;
  /**
   * Writes `src` into the elements that `dst` views, in place (the only kernel that mutates).
   * `src` is a view of `dst.shape` in `dst.dtype`, or a scalar. `dst` never overlaps itself;
   * `src` may alias `dst`'s buffer only when it is the identical view.
   */
  copy(dst: StridedView<H>, src: Operand<H>): void;
  /**
   * Reduces `x` over `axes` (sorted, distinct, possibly empty: then it is a copy). The output
   * shape is `x.shape` with those axes removed (rank 0 when all are).
   */
  reduce(op: ReduceOp, x: StridedView<H>, axes: readonly number[]): H;
  /** Index of the first max/min along `axis`; int64 output of `x.shape` without `axis`. */
  argReduce(op: ArgReduceOp, x: StridedView<H>, axis: number): H;
  /**
   * Batched matrix product. `a` is `[...batch, M, K]`, `b` is `[...batch, K, N]`, the same batch
   * shape (broadcast batch dims have stride 0) and the same float dtype. Output
   * `[...batch, M, N]`. Transposed operands arrive as strides, not copies.
   */
  matmul(a: StridedView<H>, b: StridedView<H>): H;
  /**
   * `torch.gather`: `out[i][j][k] = x[index[i][j][k]][j][k]` for `axis = 0`, and so on.
   * `index` is int32 or int64, has the output's shape (it may broadcast with stride 0), and its
   * values are in `[0, x.shape[axis])`. Along the other axes, `x` has `index`'s shape.
   */
  gather(x: StridedView<H>, axis: number, index: StridedView<H>): H;
  /**
   * A new buffer of `shape`, zero except that `src` is summed into it along `axis` at `index`:
   * `out[index[i][j]][j] += src[i][j]` for `axis = 0`. `index` (int32/int64) and `src` share a
   * shape; index values are in `[0, shape[axis])`. The output dtype is `src.dtype`.
   */
  scatterAdd(shape: readonly number[], axis: number, index: StridedView<H>, src: StridedView<H>): H;
  /**
   * Constant padding: `pads[d] = [before, after]` (both ≥ 0) elements added to axis `d`, filled
   * with `value`. Output dtype is `x.dtype`.
   */
  pad(x: StridedView<H>, pads: readonly (readonly [number, number])[], value: number): H;
}
