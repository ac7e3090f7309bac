/**
 * Creating tensors: from data, constants, ranges and the seeded generator.
 */
import { getBackend } from '../backend/registry.js';
import { type DType, type HostArray, allocHost, dtypeOfHost, isFloating, toHost } from '../dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { type Generator, bernoulli, defaultGenerator, normal, randint as randintFill, uniform } from '../random/generator.js';
import { checkShape, numel } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { checkDtypeSupported, checkNumber, wrap } from './util.js';

/** Options of every creation function. */
export interface TensorOptions {
  /** Element type; default float32 (integral data infers int64, booleans bool, as in PyTorch). */
  dtype?: DType;
  /** Makes the result a leaf that requires grad. */
  requires_grad?: boolean;
  /** The backend to create on; default the current one (`setBackend`). */
  device?: string;
}

/** Options of the random functions. */
export interface GeneratorOptions {
  generator?: Generator;
}

export type RandomOptions = TensorOptions & GeneratorOptions;

/** Nested arrays of numbers or booleans, as `torch.tensor` takes. */
export type NestedData = number | boolean | bigint | readonly NestedData[];

type SizeAndOptions<O> = [...(number | readonly number[])[]] | [...(number | readonly number[])[], O];

/** Checked before allocating: a refused `requires_grad` must not leave the new tensor behind. */
function checkGradDtype(op: string, opts: TensorOptions, dtype: DType): void {
  if (opts.requires_grad && !isFloating(dtype)) {
    throw new ArgumentError(`${op}: only tensors of floating point dtype can require gradients, got ${dtype}`);
  }
}

/** Uploads host data as a new tensor. */
/**
 * Uploads host data as a new tensor of the host array's dtype, or float16 when `opts.dtype` says
 * so and `data` is a Float32Array of values that half represents (see `toHost`).
 */
export function fromHost(data: HostArray, shape: readonly number[], opts: TensorOptions = {}, op = 'tensor'): Tensor {
  const dtype = opts.dtype === 'float16' && data instanceof Float32Array ? 'float16' : dtypeOfHost(data);
  const backend = getBackend(opts.device);
  checkDtypeSupported(op, backend, dtype);
  checkGradDtype(op, opts, dtype);
  const t = wrap(backend, backend.upload(data, dtype), shape, dtype);
  if (opts.requires_grad) t.requires_grad_(true);
  return t;
}

/**
 * `torch.tensor`: a tensor from nested arrays, a number, or a typed array (1-D).
 *
 * JavaScript cannot tell `1.0` from `1`, so all-integral numbers infer int64 like PyTorch's integer
 * literals; pass `{ dtype: 'float32' }` for floats that happen to be whole.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { dtype: 'float32', requires_grad: true });
 * const y = tensor([0, 2, 1]); // int64 class targets
 * ```
 */
export function tensor(data: NestedData | HostArray, opts: TensorOptions = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const host = data as HostArray;
    const dtype = opts.dtype ?? dtypeOfHost(host);
    const converted = dtype === dtypeOfHost(host) ? host.slice() : toHost(dtype, host as ArrayLike<number>);
    return fromHost(converted as HostArray, [host.length], opts);
  }
  const shape: number[] = [];
  for (let d: NestedData = data; Array.isArray(d); d = (d as readonly NestedData[])[0]!) {
    shape.push((d as readonly NestedData[]).length);
    if ((d as readonly NestedData[]).length === 0) break;
  }
  const flat: (number | boolean | bigint)[] = [];
  const walk = (d: NestedData, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(d)) throw new ShapeError(`tensor: too many dimensions at dim ${depth} (expected ${shape.length})`);
      if (typeof d !== 'number' && typeof d !== 'boolean' && typeof d !== 'bigint') {
        throw new ArgumentError(`tensor: expected numbers or booleans, got ${typeof d}`);
      }
      flat.push(d as number | boolean | bigint);
      return;
    }
    if (!Array.isArray(d) || d.length !== shape[depth]) {
      throw new ShapeError(
        `tensor: expected sequence of length ${shape[depth]} at dim ${depth} (got ${Array.isArray(d) ? d.length : 'a scalar'})`,
      );
    }
    for (const x of d) walk(x, depth + 1);
  };
  walk(data, 0);
  const dtype = opts.dtype ?? inferDtype(flat);
  return fromHost(toHost(dtype, flat), shape, opts);
}

function inferDtype(values: readonly (number | boolean | bigint)[]): DType {
  if (values.length === 0) return 'float32';
  if (values.every((v) => typeof v === 'boolean')) return 'bool';
  return values.every((v) => typeof v !== 'number' || Number.isInteger(v)) ? 'int64' : 'float32';
}

/** Splits PyTorch-style `(2, 3)` / `([2, 3])` sizes from a trailing options object. */
function parse<O extends object>(op: string, args: readonly unknown[]): [number[], O] {
  const last = args[args.length - 1];
  const hasOpts = typeof last === 'object' && last !== null && !Array.isArray(last);
  const sizes = (hasOpts ? args.slice(0, -1) : args) as (number | number[])[];
  const flat = sizes.length === 1 && Array.isArray(sizes[0]) ? sizes[0] : (sizes as number[]);
  return [checkShape(op, flat), (hasOpts ? last : {}) as O];
}

function filled(op: string, shape: number[], value: number, opts: TensorOptions, dtype: DType): Tensor {
  const backend = getBackend(opts.device);
  checkDtypeSupported(op, backend, dtype);
  checkGradDtype(op, opts, dtype);
  const t = wrap(backend, backend.fill(numel(shape), value, dtype), shape, dtype);
  if (opts.requires_grad) t.requires_grad_(true);
  return t;
}

/** `torch.zeros(2, 3)` or `zeros([2, 3], { dtype })`. */
export function zeros(...args: SizeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = parse<TensorOptions>('zeros', args);
  return filled('zeros', shape, 0, opts, opts.dtype ?? 'float32');
}

/** `torch.ones`. */
export function ones(...args: SizeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = parse<TensorOptions>('ones', args);
  return filled('ones', shape, 1, opts, opts.dtype ?? 'float32');
}

/** `torch.empty` (zero-filled here: reading it is never garbage). */
export function empty(...args: SizeAndOptions<TensorOptions>): Tensor {
  const [shape, opts] = parse<TensorOptions>('empty', args);
  return filled('empty', shape, 0, opts, opts.dtype ?? 'float32');
}

/** `torch.full(size, fill_value)`; the dtype follows the value (bool, int64 or float32) unless given. */
export function full(size: readonly number[], fill_value: number | boolean, opts: TensorOptions = {}): Tensor {
  const dtype =
    opts.dtype ?? (typeof fill_value === 'boolean' ? 'bool' : Number.isInteger(fill_value) ? 'int64' : 'float32');
  let value = Number(fill_value);
  if (dtype === 'int64' || dtype === 'int32') {
    if (!Number.isFinite(value)) throw new DTypeError(`full: value ${value} cannot be converted to ${dtype} without overflow`);
    value = Math.trunc(value);
  }
  return filled('full', checkShape('full', size), value, opts, dtype);
}

function likeOpts(t: Tensor, opts: TensorOptions): TensorOptions {
  return { dtype: t.dtype, device: t.device, ...opts };
}

export function zeros_like(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros([...t.shape], likeOpts(t, opts));
}
export function ones_like(t: Tensor, opts: TensorOptions = {}): Tensor {
  return ones([...t.shape], likeOpts(t, opts));
}
export function empty_like(t: Tensor, opts: TensorOptions = {}): Tensor {
  return empty([...t.shape], likeOpts(t, opts));
}
export function full_like(t: Tensor, fill_value: number | boolean, opts: TensorOptions = {}): Tensor {
  return full([...t.shape], fill_value, likeOpts(t, opts));
}

/**
 * `torch.arange(end)`, `arange(start, end, step?)`: int64 when every argument is an integer,
 * float32 otherwise.
 */
export function arange(...args: [number, ...number[]] | [...number[], TensorOptions]): Tensor {
  const last = args[args.length - 1];
  const opts = (typeof last === 'object' ? last : {}) as TensorOptions;
  const nums = (typeof last === 'object' ? args.slice(0, -1) : args) as number[];
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  for (const [k, val] of [['start', start], ['end', end], ['step', step]] as const) {
    if (!Number.isFinite(val)) throw new ArgumentError(`arange: ${k} must be finite, got ${val}`);
  }
  if (step === 0) throw new ArgumentError('arange: step must be nonzero');
  if ((end - start) / step < 0) {
    throw new ArgumentError(`arange: upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`);
  }
  const n = Math.ceil((end - start) / step);
  const dtype = opts.dtype ?? (nums.every(Number.isInteger) ? 'int64' : 'float32');
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return fromHost(toHost(dtype, values), [n], opts, 'arange');
}

/** `torch.linspace(start, end, steps)`, with PyTorch's symmetric formula. */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  checkNumber('linspace', 'steps', steps, { min: 0, int: true });
  const dtype = opts.dtype ?? 'float32';
  const f = dtype === 'float64' ? (x: number) => x : Math.fround;
  const values = new Float64Array(steps);
  const step = f(f(end - start) / Math.max(steps - 1, 1));
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half ? f(start + f(step * i)) : f(end - f(step * (steps - i - 1)));
  if (steps === 1) values[0] = start;
  return fromHost(toHost(dtype, values), [steps], opts, 'linspace');
}

/** `torch.eye(n, m?)`. */
export function eye(n: number, m: number | TensorOptions = n, opts: TensorOptions = {}): Tensor {
  const cols = typeof m === 'number' ? m : n;
  const o = typeof m === 'number' ? opts : m;
  checkShape('eye', [n, cols]);
  const host = allocHost(o.dtype ?? 'float32', n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) host[i * cols + i] = (host instanceof BigInt64Array ? 1n : 1) as never;
  return fromHost(host, [n, cols], o, 'eye');
}

/** The generator's dtype for a random float tensor: float16 draws float32 numbers, then rounds them. */
function floatDtype(op: string, opts: TensorOptions): 'float32' | 'float64' {
  const d = opts.dtype ?? 'float32';
  if (!isFloating(d)) throw new ArgumentError(`${op}: dtype must be a floating point dtype (float16, float32 or float64), got ${d}`);
  return d === 'float64' ? 'float64' : 'float32';
}

/** Random numbers as the host array of `opts.dtype` (float16 rounds the float32 draws). */
function randomHost(data: HostArray, opts: TensorOptions): HostArray {
  return opts.dtype === 'float16' ? toHost('float16', data as Float32Array) : data;
}

/** `torch.rand`: uniform on [0, 1), the same numbers as PyTorch for the same seed. */
export function rand(...args: SizeAndOptions<RandomOptions>): Tensor {
  const [shape, opts] = parse<RandomOptions>('rand', args);
  const data = uniform(opts.generator ?? defaultGenerator, numel(shape), floatDtype('rand', opts), 0, 1);
  return fromHost(randomHost(data, opts), shape, opts, 'rand');
}

/** `torch.randn`: standard normal, the same numbers as PyTorch for the same seed. */
export function randn(...args: SizeAndOptions<RandomOptions>): Tensor {
  const [shape, opts] = parse<RandomOptions>('randn', args);
  const data = normal(opts.generator ?? defaultGenerator, numel(shape), floatDtype('randn', opts), 0, 1);
  return fromHost(randomHost(data, opts), shape, opts, 'randn');
}

/** `torch.randint(low, high, size)` or `randint(high, size)`: int64 unless `dtype` says otherwise. */
export function randint(low: number, high: number | readonly number[], size?: readonly number[] | RandomOptions, opts: RandomOptions = {}): Tensor {
  const [lo, hi, shape, o] = Array.isArray(high)
    ? [0, low, high as readonly number[], (size ?? {}) as RandomOptions]
    : [low, high as number, size as readonly number[], opts];
  checkNumber('randint', 'low', lo, { int: true });
  checkNumber('randint', 'high', hi, { int: true });
  if (hi <= lo) throw new ArgumentError(`randint: random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`);
  const sh = checkShape('randint', shape ?? []);
  const data = randintFill(o.generator ?? defaultGenerator, numel(sh), lo, hi);
  return fromHost(toHost(o.dtype ?? 'int64', data), sh, o, 'randint');
}

/**
 * `torch.randperm(n)`: a random permutation of `0..n-1` (int64), PyTorch's CPU algorithm and
 * stream, so the same seed gives the same permutation as PyTorch.
 */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  checkNumber('randperm', 'n', n, { min: 0, int: true });
  const gen = opts.generator ?? defaultGenerator;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const sav = r[i]!;
    r[i] = r[z + i]!;
    r[z + i] = sav;
  }
  return fromHost(toHost(opts.dtype ?? 'int64', r), [n], opts, 'randperm');
}

export function rand_like(t: Tensor, opts: RandomOptions = {}): Tensor {
  return rand([...t.shape], { dtype: t.dtype, device: t.device, ...opts });
}
export function randn_like(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randn([...t.shape], { dtype: t.dtype, device: t.device, ...opts });
}

/** `torch.bernoulli(input)` with a scalar probability: 0/1 draws as `empty(size).bernoulli_(p)`. */
export function bernoulliHost(n: number, p: number, dtype: DType, gen?: Generator): HostArray {
  const d = dtype === 'float64' ? 'float64' : 'float32';
  const draws = bernoulli(gen ?? defaultGenerator, n, p, d);
  return d === dtype ? draws : toHost(dtype, draws);
}
