/**
 * The Tensor: a strided view over refcounted backend storage, with PyTorch's methods and autograd
 * state. The math lives in `ops/`; methods here are one-line delegations, documented on the
 * functions they call.
 */
import { tensorBackward } from './autograd/backward.js';
import type { Node } from './autograd/node.js';
import type { DType, HostArray } from './dtype.js';
import { isFloating, itemsize } from './dtype.js';
import { ArgumentError, StateError } from './errors.js';
import { type Holdings, abandon, adopt, guard } from './memory/lifecycle.js';
import { type Scope, TENSOR_BRAND, trackInScope, untrack } from './memory/scope.js';
import * as b from './ops/binary.js';
import type * as cr from './ops/creation.js';
import * as g from './ops/gather.js';
import * as ip from './ops/inplace.js';
import * as j from './ops/join.js';
import * as mm from './ops/matmul.js';
import * as io from './ops/read.js';
import * as rd from './ops/reduce.js';
import * as sl from './ops/slice.js';
import * as st from './ops/stats.js';
import * as tr from './ops/transfer.js';
import * as u from './ops/unary.js';
import * as v from './ops/view.js';
import * as w from './ops/where.js';
import { isContiguous, normDim, numel } from './shape.js';
import type { Storage } from './storage.js';

type Sizes = (number | readonly number[])[];
type TS = Tensor | number | boolean;

export interface BackwardOptions {
  retain_graph?: boolean;
}

export class Tensor {
  readonly [TENSOR_BRAND] = true;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** @internal */ readonly _strides: readonly number[];
  /** @internal */ readonly _offset: number;
  /** @internal */ _h: Holdings;
  /** @internal */ _scope: Scope | null = null;
  /** @internal The tensor whose storage this view shares, for in-place checks. */ _base: Tensor | null = null;
  /** @internal */ _requiresGrad = false;
  /** @internal */ _retainsGrad = false;
  /** The accumulated gradient, as in PyTorch. */
  grad: Tensor | null = null;

  /** @internal Tensors are made by ops (`tensor`, `zeros`, …), not by `new`. */
  constructor(storage: Storage, shape: readonly number[], strides: readonly number[], offset: number, track = true) {
    this.shape = shape;
    this.dtype = storage.dtype;
    this._strides = strides;
    this._offset = offset;
    this._h = { storage, node: null };
    adopt(this, this._h);
    // Scoped tensors are disposed by their scope; the rest get the finalizer backstop. Untracked
    // aliases (saved for backward) are released by their autograd node.
    if (track && !trackInScope(this)) guard(this, this._h);
  }

  // ---- storage and lifetime -------------------------------------------------------------------

  /** @internal */
  get _storage(): Storage {
    const s = this._h.storage;
    if (!s) throw new StateError(`this tensor (${this.dtype} [${this.shape}]) has been disposed and cannot be used`);
    return s;
  }

  /** True once `dispose()` ran (or its scope closed). */
  get isDisposed(): boolean {
    return this._h.storage === null;
  }

  /** Frees this tensor's hold on its storage (and its gradient). Idempotent. */
  dispose(): void {
    if (!this._h.storage) return;
    untrack(this);
    abandon(this, this._h);
    this.grad?.dispose();
    this.grad = null;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** @internal A detached alias sharing storage, outside every scope. */
  _alias(): Tensor {
    return new Tensor(this._storage.retain(), this.shape, this._strides, this._offset, false);
  }

  /**
   * @internal PyTorch's `t.data = src`: this tensor takes `src`'s storage, layout and dtype while
   * keeping its identity, autograd flags and graph node (used by `Module.to()` so that optimisers
   * keep holding the same Parameter objects). `src` itself stays valid; the old storage is released.
   */
  _setData(src: Tensor): void {
    const storage = src._storage.retain();
    const node = this._h.node;
    const guarded = this._h.guarded;
    this._h.node = null;
    abandon(this, this._h);
    const self = this as { -readonly [K in 'shape' | 'dtype' | '_strides' | '_offset']: Tensor[K] };
    self.shape = src.shape;
    self.dtype = src.dtype;
    self._strides = src._strides;
    self._offset = src._offset;
    this._h = { storage, node };
    adopt(this, this._h);
    if (guarded) guard(this, this._h);
  }

  /** @internal True when this tensor is the sole, contiguous, full user of its storage. */
  _ownsContiguousStorage(): boolean {
    const s = this._storage;
    return s.refs === 1 && this._offset === 0 && s.numel === this.numel() && isContiguous(this.shape, this._strides);
  }

  /** @internal */
  _setGradFn(node: Node | null): void {
    node?.retain();
    this._h.node?.release();
    this._h.node = node;
  }

  // ---- metadata -------------------------------------------------------------------------------

  get ndim(): number {
    return this.shape.length;
  }
  dim(): number {
    return this.shape.length;
  }
  numel(): number {
    return numel(this.shape);
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    return dim === undefined ? [...this.shape] : this.shape[normDim('size', dim, this.ndim)]!;
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    return dim === undefined ? [...this._strides] : this._strides[normDim('stride', dim, this.ndim)]!;
  }
  storage_offset(): number {
    return this._offset;
  }
  is_contiguous(): boolean {
    return isContiguous(this.shape, this._strides);
  }
  element_size(): number {
    return this._storage.numel === 0 ? 0 : itemsize(this.dtype);
  }
  /** The name of the backend holding this tensor (PyTorch's `device`). */
  get device(): string {
    return this._storage.backend.name;
  }
  is_floating_point(): boolean {
    return isFloating(this.dtype);
  }

  // ---- autograd -------------------------------------------------------------------------------

  get grad_fn(): Node | null {
    return this._h.node;
  }
  get is_leaf(): boolean {
    return this._h.node === null;
  }
  get requires_grad(): boolean {
    return this._requiresGrad || this._h.node !== null;
  }
  set requires_grad(value: boolean) {
    this.requires_grad_(value);
  }
  /** Sets `requires_grad` on a leaf; only floating point tensors can require gradients. */
  requires_grad_(value = true): this {
    if (!this.is_leaf) {
      throw new StateError(
        'requires_grad_: you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn\'t require differentiation use var_no_grad = var.detach()',
      );
    }
    if (value && !isFloating(this.dtype)) {
      throw new ArgumentError(`requires_grad_: only tensors of floating point dtype can require gradients, got ${this.dtype}`);
    }
    this._requiresGrad = value;
    return this;
  }
  get retains_grad(): boolean {
    return this._retainsGrad;
  }
  /** Keeps `.grad` for this non-leaf tensor after backward. */
  retain_grad(): void {
    if (!this.requires_grad) throw new StateError("retain_grad: can't retain_grad on a tensor that has requires_grad=False");
    if (this.is_leaf || this._retainsGrad) return;
    this._retainsGrad = true;
    const node = this.grad_fn!;
    (node.retainers ??= []).push(this);
  }
  /**
   * Computes the gradient of this tensor with respect to graph leaves, accumulating into `.grad`.
   * `gradient` is required unless this tensor has one element.
   */
  backward(gradient?: Tensor | null, opts: BackwardOptions = {}): void {
    tensorBackward(this, gradient, opts);
  }
  /** A new tensor sharing storage, cut from the graph. */
  detach(): Tensor {
    return v.detach(this);
  }

  // ---- reading data ---------------------------------------------------------------------------

  /** Reads the values (row-major) asynchronously: the way to read on every backend. */
  data(): Promise<HostArray> { return io.data(this); }
  /** Reads the values synchronously (cpu and wasm backends). */
  dataSync(): HostArray { return io.readSync(this, 'dataSync', 'await tensor.data()'); }
  /** The single value of a one-element tensor. */
  item(): number { return io.item(this); }
  /** Nested arrays of numbers (booleans for bool tensors), as `tolist()`. */
  tolist(): io.Nested { return io.tolist(this); }
  /** PyTorch's repr, e.g. `tensor([[0.1000, 0.2000]], requires_grad=True)`. */
  toString(): string { return io.repr(this); }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }

  // ---- conversion -----------------------------------------------------------------------------

  /** `to('float64')` converts the dtype; `to('wasm')` moves to another backend. */
  to(target: DType | string): Tensor {
    return tr.to(this, target);
  }
  float(): Tensor { return tr.to(this, 'float32'); }
  double(): Tensor { return tr.to(this, 'float64'); }
  /** `.to('float16')`: IEEE half, on backends that store it (WebGPU with `shader-f16`). */
  half(): Tensor { return tr.to(this, 'float16'); }
  int(): Tensor { return tr.to(this, 'int32'); }
  long(): Tensor { return tr.to(this, 'int64'); }
  bool(): Tensor { return tr.to(this, 'bool'); }
  type_as(other: Tensor): Tensor { return tr.to(this, other.dtype); }
  clone(): Tensor { return v.clone(this); }
  contiguous(): Tensor { return v.contiguous(this); }

  // ---- views ----------------------------------------------------------------------------------

  view(...shape: Sizes): Tensor { return v.view(this, ...shape); }
  reshape(...shape: Sizes): Tensor { return v.reshape(this, ...shape); }
  view_as(other: Tensor): Tensor { return v.view(this, other.shape); }
  reshape_as(other: Tensor): Tensor { return v.reshape(this, other.shape); }
  flatten(start_dim = 0, end_dim = -1): Tensor { return v.flatten(this, start_dim, end_dim); }
  unflatten(dim: number, sizes: readonly number[]): Tensor { return v.unflatten(this, dim, sizes); }
  squeeze(dim?: number | readonly number[]): Tensor { return v.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return v.unsqueeze(this, dim); }
  permute(...dims: Sizes): Tensor { return v.permute(this, ...dims); }
  transpose(dim0: number, dim1: number): Tensor { return v.transpose(this, dim0, dim1); }
  swapaxes(dim0: number, dim1: number): Tensor { return v.transpose(this, dim0, dim1); }
  t(): Tensor { return v.t(this); }
  get T(): Tensor { return v.permute(this, [...this.shape.keys()].reverse()); }
  get mT(): Tensor { return v.transpose(this, -2, -1); }
  movedim(source: number, destination: number): Tensor { return v.movedim(this, source, destination); }
  expand(...sizes: Sizes): Tensor { return v.expand(this, ...sizes); }
  expand_as(other: Tensor): Tensor { return v.expand(this, other.shape); }
  broadcast_to(shape: readonly number[]): Tensor { return v.expand(this, shape); }
  narrow(dim: number, start: number, length: number): Tensor { return v.narrow(this, dim, start, length); }
  select(dim: number, index: number): Tensor { return v.select(this, dim, index); }
  /** NumPy-style indexing: `x.index(0, ':', '1:3', null, '...')`; see {@link sl.index}. */
  index(...specs: sl.IndexSpec[]): Tensor { return sl.index(this, ...specs); }
  as_strided(size: readonly number[], stride: readonly number[], storage_offset?: number): Tensor {
    return v.as_strided(this, size, stride, storage_offset);
  }
  /** Sliding windows of `size` along `dim` with `step` (a view), as `Tensor.unfold`. */
  unfold(dim: number, size: number, step: number): Tensor { return v.unfold(this, dim, size, step); }
  unbind(dim = 0): Tensor[] { return v.unbind(this, dim); }
  split(split_size_or_sections: number | readonly number[], dim = 0): Tensor[] { return v.split(this, split_size_or_sections, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return v.chunk(this, chunks, dim); }

  // ---- elementwise ----------------------------------------------------------------------------

  add(other: TS, opts?: b.AlphaOptions): Tensor { return b.add(this, other, opts); }
  sub(other: TS, opts?: b.AlphaOptions): Tensor { return b.sub(this, other, opts); }
  mul(other: TS): Tensor { return b.mul(this, other); }
  div(other: TS, opts?: b.DivOptions): Tensor { return b.div(this, other, opts); }
  true_divide(other: TS): Tensor { return b.div(this, other); }
  pow(exponent: TS): Tensor { return b.pow(this, exponent); }
  maximum(other: Tensor): Tensor { return b.maximum(this, other); }
  minimum(other: Tensor): Tensor { return b.minimum(this, other); }
  remainder(other: TS): Tensor { return b.remainder(this, other); }
  fmod(other: TS): Tensor { return b.fmod(this, other); }
  floor_divide(other: TS): Tensor { return b.floor_divide(this, other); }
  atan2(other: Tensor): Tensor { return b.atan2(this, other); }
  eq(other: TS): Tensor { return b.eq(this, other); }
  ne(other: TS): Tensor { return b.ne(this, other); }
  lt(other: TS): Tensor { return b.lt(this, other); }
  le(other: TS): Tensor { return b.le(this, other); }
  gt(other: TS): Tensor { return b.gt(this, other); }
  ge(other: TS): Tensor { return b.ge(this, other); }
  logical_and(other: TS): Tensor { return b.logical_and(this, other); }
  logical_or(other: TS): Tensor { return b.logical_or(this, other); }
  logical_xor(other: TS): Tensor { return b.logical_xor(this, other); }
  logical_not(): Tensor { return b.logical_not(this); }
  neg(): Tensor { return u.neg(this); }
  abs(): Tensor { return u.abs(this); }
  sign(): Tensor { return u.sign(this); }
  exp(): Tensor { return u.exp(this); }
  log(): Tensor { return u.log(this); }
  log2(): Tensor { return u.log2(this); }
  log10(): Tensor { return u.log10(this); }
  sqrt(): Tensor { return u.sqrt(this); }
  rsqrt(): Tensor { return u.rsqrt(this); }
  sin(): Tensor { return u.sin(this); }
  cos(): Tensor { return u.cos(this); }
  tanh(): Tensor { return u.tanh(this); }
  sigmoid(): Tensor { return u.sigmoid(this); }
  relu(): Tensor { return u.relu(this); }
  floor(): Tensor { return u.floor(this); }
  ceil(): Tensor { return u.ceil(this); }
  round(): Tensor { return u.round(this); }
  trunc(): Tensor { return u.trunc(this); }
  reciprocal(): Tensor { return u.reciprocal(this); }
  log1p(): Tensor { return u.log1p(this); }
  expm1(): Tensor { return u.expm1(this); }
  erf(): Tensor { return u.erf(this); }
  square(): Tensor { return u.square(this); }
  clamp(min?: number | null, max?: number | null): Tensor { return u.clamp(this, min, max); }
  clip(min?: number | null, max?: number | null): Tensor { return u.clamp(this, min, max); }
  isnan(): Tensor { return u.isnan(this); }
  isinf(): Tensor { return u.isinf(this); }
  isfinite(): Tensor { return u.isfinite(this); }
  where(condition: Tensor, other: TS): Tensor { return w.where(condition, this, other); }
  masked_fill(mask: Tensor, value: number | Tensor): Tensor { return w.masked_fill(this, mask, value); }
  lerp(end: Tensor, weight: TS): Tensor { return b.lerp(this, end, weight); }
  addcmul(t1: Tensor, t2: Tensor, opts?: b.ValueOptions): Tensor { return b.addcmul(this, t1, t2, opts); }
  addcdiv(t1: Tensor, t2: Tensor, opts?: b.ValueOptions): Tensor { return b.addcdiv(this, t1, t2, opts); }

  // ---- reductions -----------------------------------------------------------------------------

  sum(dim?: rd.Dims, keepdim?: rd.KeepDim): Tensor { return rd.sum(this, dim, keepdim); }
  mean(dim?: rd.Dims, keepdim?: rd.KeepDim): Tensor { return rd.mean(this, dim, keepdim); }
  prod(dim?: number | null, keepdim?: rd.KeepDim): Tensor { return rd.prod(this, dim, keepdim); }
  amax(dim?: rd.Dims, keepdim?: rd.KeepDim): Tensor { return rd.amax(this, dim, keepdim); }
  amin(dim?: rd.Dims, keepdim?: rd.KeepDim): Tensor { return rd.amin(this, dim, keepdim); }
  max(): Tensor;
  max(dim: number, keepdim?: rd.KeepDim): rd.ValuesIndices;
  max(other: Tensor): Tensor;
  max(dim?: number | Tensor, keepdim?: rd.KeepDim): Tensor | rd.ValuesIndices { return rd.max(this, dim, keepdim); }
  min(): Tensor;
  min(dim: number, keepdim?: rd.KeepDim): rd.ValuesIndices;
  min(other: Tensor): Tensor;
  min(dim?: number | Tensor, keepdim?: rd.KeepDim): Tensor | rd.ValuesIndices { return rd.min(this, dim, keepdim); }
  argmax(dim?: number | null, keepdim?: rd.KeepDim): Tensor { return rd.argmax(this, dim, keepdim); }
  argmin(dim?: number | null, keepdim?: rd.KeepDim): Tensor { return rd.argmin(this, dim, keepdim); }
  all(dim?: number | null, keepdim?: rd.KeepDim): Tensor { return rd.all(this, dim, keepdim); }
  any(dim?: number | null, keepdim?: rd.KeepDim): Tensor { return rd.any(this, dim, keepdim); }
  var(dim?: rd.Dims, opts?: st.VarOptions): Tensor { return st.var_(this, dim, opts); }
  std(dim?: rd.Dims, opts?: st.VarOptions): Tensor { return st.std(this, dim, opts); }
  logsumexp(dim: rd.Dims, keepdim?: rd.KeepDim): Tensor { return st.logsumexp(this, dim, keepdim); }
  norm(p?: number | 'fro', dim?: rd.Dims, keepdim?: rd.KeepDim): Tensor { return st.norm(this, p, dim, keepdim); }

  // ---- linear algebra, indexing, joining ------------------------------------------------------

  matmul(other: Tensor): Tensor { return mm.matmul(this, other); }
  mm(other: Tensor): Tensor { return mm.mm(this, other); }
  bmm(other: Tensor): Tensor { return mm.bmm(this, other); }
  mv(vec: Tensor): Tensor { return mm.mv(this, vec); }
  dot(other: Tensor): Tensor { return mm.dot(this, other); }
  outer(other: Tensor): Tensor { return mm.outer(this, other); }
  index_select(dim: number, index: Tensor): Tensor { return g.index_select(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return g.gather(this, dim, index); }
  scatter_add(dim: number, index: Tensor, src: Tensor): Tensor { return g.scatter_add(this, dim, index, src); }
  flip(dims: number | readonly number[]): Tensor { return j.flip(this, dims); }
  repeat(...sizes: Sizes): Tensor { return j.repeat(this, ...sizes); }
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor { return j.roll(this, shifts, dims); }
  tril(diagonal = 0): Tensor { return j.tril(this, diagonal); }
  triu(diagonal = 0): Tensor { return j.triu(this, diagonal); }

  // ---- in place -------------------------------------------------------------------------------

  add_(other: TS, opts?: b.AlphaOptions): this { return ip.inplace('add_', this, () => b.add(this, other, opts)); }
  sub_(other: TS, opts?: b.AlphaOptions): this { return ip.inplace('sub_', this, () => b.sub(this, other, opts)); }
  mul_(other: TS): this { return ip.inplace('mul_', this, () => b.mul(this, other)); }
  div_(other: TS, opts?: b.DivOptions): this { return ip.inplace('div_', this, () => b.div(this, other, opts)); }
  pow_(exponent: TS): this { return ip.inplace('pow_', this, () => b.pow(this, exponent)); }
  neg_(): this { return ip.inplace('neg_', this, () => u.neg(this)); }
  sqrt_(): this { return ip.inplace('sqrt_', this, () => u.sqrt(this)); }
  exp_(): this { return ip.inplace('exp_', this, () => u.exp(this)); }
  relu_(): this { return ip.inplace('relu_', this, () => u.relu(this)); }
  sigmoid_(): this { return ip.inplace('sigmoid_', this, () => u.sigmoid(this)); }
  tanh_(): this { return ip.inplace('tanh_', this, () => u.tanh(this)); }
  clamp_(min?: number | null, max?: number | null): this { return ip.inplace('clamp_', this, () => u.clamp(this, min, max)); }
  masked_fill_(mask: Tensor, value: number | Tensor): this { return ip.inplace('masked_fill_', this, () => w.masked_fill(this, mask, value)); }
  lerp_(end: Tensor, weight: TS): this { return ip.inplace('lerp_', this, () => b.lerp(this, end, weight)); }
  addcmul_(t1: Tensor, t2: Tensor, opts?: b.ValueOptions): this { return ip.inplace('addcmul_', this, () => b.addcmul(this, t1, t2, opts)); }
  addcdiv_(t1: Tensor, t2: Tensor, opts?: b.ValueOptions): this { return ip.inplace('addcdiv_', this, () => b.addcdiv(this, t1, t2, opts)); }
  maximum_(other: Tensor): this { return ip.inplace('maximum_', this, () => b.maximum(this, other)); }
  copy_(src: Tensor): this { return ip.copy_(this, src); }
  fill_(value: number | boolean): this { return ip.fill_(this, value); }
  zero_(): this { return ip.fill_(this, 0); }
  uniform_(from = 0, to = 1, opts?: cr.GeneratorOptions): this { return ip.uniform_(this, from, to, opts); }
  normal_(mean = 0, std = 1, opts?: cr.GeneratorOptions): this { return ip.normal_(this, mean, std, opts); }
  bernoulli_(p = 0.5, opts?: cr.GeneratorOptions): this { return ip.bernoulli_(this, p, opts); }
}

