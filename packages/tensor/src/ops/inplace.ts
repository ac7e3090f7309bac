/**
 * In-place ops (`add_`, `mul_`, `copy_`, `fill_`, `uniform_`…): compute, then write into the
 * tensor's own storage, bump its version counter, and take over the autograd history, with
 * PyTorch's errors for leaves that require grad.
 */
import { is_grad_enabled } from '../autograd/grad-mode.js';
import { isFloating, toHost } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError, StateError } from '../errors.js';
import { defaultGenerator, normal, uniform } from '../random/generator.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { type GeneratorOptions, bernoulliHost, fromHost } from './creation.js';
import { alive, backendOf, checkNumber, kview } from './util.js';

function checkWritable(op: string, self: Tensor): void {
  alive(op, self);
  if (!is_grad_enabled()) return;
  if (self.is_leaf && self._requiresGrad) {
    throw new StateError(`${op}: a leaf Variable that requires grad is being used in an in-place operation.`);
  }
  const base = self._base;
  if (base?.is_leaf && base._requiresGrad) {
    throw new StateError(`${op}: a view of a leaf Variable that requires grad is being used in an in-place operation.`);
  }
}

const category = (d: string) => (d === 'bool' ? 0 : isFloating(d as never) ? 2 : 1);

/** Runs `compute` (an out-of-place op of `self`) and writes its result into `self`. */
export function inplace<T extends Tensor>(op: string, self: T, compute: () => Tensor): T {
  checkWritable(op, self);
  const r = compute();
  try {
    if (r.shape.length !== self.shape.length || r.shape.some((s, i) => s !== self.shape[i])) {
      throw new ShapeError(`${op}: output with shape ${fmtShape(self.shape)} doesn't match the broadcast shape ${fmtShape(r.shape)}`);
    }
    if (category(r.dtype) > category(self.dtype)) {
      throw new DTypeError(`${op}: result type ${r.dtype} can't be cast to the desired output type ${self.dtype}`);
    }
    if (r.requires_grad && self._base && is_grad_enabled()) {
      throw new StateError(
        `${op}: in-place modification of a view that takes part in autograd is not supported; use the out-of-place op, or .clone() the view first`,
      );
    }
    const src = r.dtype === self.dtype ? r : r.to(self.dtype);
    backendOf(op, self).copy(kview(self), kview(src));
    if (src !== r) src.dispose();
    self._storage.version++;
    if (r.grad_fn && is_grad_enabled()) self._setGradFn(r.grad_fn);
  } finally {
    r.dispose();
  }
  return self;
}

/** `self.copy_(src)`: copies `src` (broadcast, cast, moved across backends if needed) into `self`. */
export function copy_<T extends Tensor>(self: T, src: Tensor): T {
  alive('copy_', self, src);
  return inplace('copy_', self, () => {
    const moved = src.device === self.device ? src : src.to(self.device);
    const e = moved.expand([...self.shape]);
    if (moved !== src) moved.dispose();
    const c = e.to(self.dtype);
    if (c !== e) e.dispose();
    return c;
  });
}

/** `self.fill_(value)`. */
export function fill_<T extends Tensor>(self: T, value: number | boolean): T {
  checkWritable('fill_', self);
  if (self.requires_grad && is_grad_enabled()) return inplace('fill_', self, () => self.mul(0).add(Number(value)));
  if (!isFloating(self.dtype) && typeof value === 'number' && !Number.isInteger(value)) {
    throw new DTypeError(`fill_: value ${value} cannot be converted to ${self.dtype} without overflow or truncation`);
  }
  backendOf('fill_', self).copy(kview(self), Number(value));
  self._storage.version++;
  return self;
}

function writeHost<T extends Tensor>(op: string, self: T, data: ArrayLike<number>): T {
  checkWritable(op, self);
  const src = fromHost(toHost(self.dtype, data), self.shape, { device: self.device, dtype: self.dtype }, op);
  try {
    backendOf(op, self).copy(kview(self), kview(src));
  } finally {
    src.dispose();
  }
  self._storage.version++;
  return self;
}

function floatOf(op: string, self: Tensor): 'float32' | 'float64' {
  if (!isFloating(self.dtype)) throw new DTypeError(`${op}: expected a floating point tensor, got ${self.dtype}`);
  return self.dtype === 'float64' ? 'float64' : 'float32';
}

/** `self.uniform_(from, to)`: PyTorch's numbers for the same seed. */
export function uniform_<T extends Tensor>(self: T, from: number, to: number, opts: GeneratorOptions = {}): T {
  checkNumber('uniform_', 'from', from);
  checkNumber('uniform_', 'to', to);
  if (from > to) throw new ArgumentError(`uniform_: expects to return a [from, to) range, but found from=${from} > to=${to}`);
  return writeHost('uniform_', self, uniform(opts.generator ?? defaultGenerator, self.numel(), floatOf('uniform_', self), from, to));
}

/** `self.normal_(mean, std)`: PyTorch's numbers for the same seed. */
export function normal_<T extends Tensor>(self: T, mean: number, std: number, opts: GeneratorOptions = {}): T {
  checkNumber('normal_', 'mean', mean);
  checkNumber('normal_', 'std', std, { min: 0 });
  return writeHost('normal_', self, normal(opts.generator ?? defaultGenerator, self.numel(), floatOf('normal_', self), mean, std));
}

/** `self.bernoulli_(p)`: 0/1 draws, PyTorch's numbers for the same seed. */
export function bernoulli_<T extends Tensor>(self: T, p: number, opts: GeneratorOptions = {}): T {
  checkNumber('bernoulli_', 'p', p, { min: 0, max: 1 });
  const draws = bernoulliHost(self.numel(), p, self.dtype === 'float64' ? 'float64' : 'float32', opts.generator);
  return writeHost('bernoulli_', self, draws as Float32Array);
}
