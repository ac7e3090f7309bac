/**
 * `nn.init`: in-place initialisers drawing from the PyTorch-compatible generator, so that
 * `manual_seed(s)` then the same calls give PyTorch's values. Every function runs without
 * recording gradients and returns its tensor.
 */
import { ArgumentError, type Tensor, empty, eye, fromHost, no_grad, toHost } from '@proj/tensor';
import { householderQ } from './linalg.js';

/** The non-linearities `calculate_gain` knows. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

const LINEAR = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];

/**
 * The recommended gain for a non-linearity (`param` is leaky_relu's negative slope, default 0.01).
 *
 * @example
 * ```ts
 * nn.init.calculate_gain('leaky_relu', 0.2); // 1.3867504905630728
 * ```
 */
export function calculate_gain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (LINEAR.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu') {
    const slope = param ?? 0.01;
    if (typeof slope !== 'number' || !Number.isFinite(slope)) {
      throw new ArgumentError(`calculate_gain: negative_slope ${String(param)} not a valid number`);
    }
    return Math.sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new ArgumentError(`calculate_gain: Unsupported nonlinearity ${String(nonlinearity)}`);
}

/** `[fan_in, fan_out]` of a weight: dim 1 and dim 0 times the receptive field (dims 2…). */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [number, number] {
  if (tensor.ndim < 2) {
    throw new ArgumentError(
      `init: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, got shape [${tensor.shape.join(', ')}]`,
    );
  }
  const receptive = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1]! * receptive, tensor.shape[0]! * receptive];
}

export type FanMode = 'fan_in' | 'fan_out';

function correctFan(op: string, tensor: Tensor, mode: FanMode): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') {
    throw new ArgumentError(`${op}: Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  }
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return mode === 'fan_in' ? fanIn : fanOut;
}

/** Fills with U(a, b). */
export function uniform_<T extends Tensor>(tensor: T, a = 0, b = 1): T {
  return no_grad(() => tensor.uniform_(a, b));
}

/** Fills with N(mean, std²). */
export function normal_<T extends Tensor>(tensor: T, mean = 0, std = 1): T {
  return no_grad(() => tensor.normal_(mean, std));
}

/** Fills with `val`. */
export function constant_<T extends Tensor>(tensor: T, val: number): T {
  return no_grad(() => tensor.fill_(val));
}

/** Fills with ones. */
export function ones_<T extends Tensor>(tensor: T): T {
  return constant_(tensor, 1);
}

/** Fills with zeros. */
export function zeros_<T extends Tensor>(tensor: T): T {
  return constant_(tensor, 0);
}

/** Fills a 2-D tensor with the identity (ones on the diagonal). */
export function eye_<T extends Tensor>(tensor: T): T {
  if (tensor.ndim !== 2) throw new ArgumentError(`eye_: Only tensors with 2 dimensions are supported, got ${tensor.ndim}`);
  return no_grad(() => {
    const id = eye(tensor.shape[0]!, tensor.shape[1]!, { dtype: tensor.dtype, device: tensor.device });
    try {
      return tensor.copy_(id);
    } finally {
      id.dispose();
    }
  });
}

/** Glorot uniform: U(-a, a) with `a = gain * sqrt(6 / (fan_in + fan_out))`. */
export function xavier_uniform_<T extends Tensor>(tensor: T, gain = 1): T {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}

/** Glorot normal: N(0, std²) with `std = gain * sqrt(2 / (fan_in + fan_out))`. */
export function xavier_normal_<T extends Tensor>(tensor: T, gain = 1): T {
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  /** The negative slope of the rectifier after this layer (leaky_relu only); default 0. */
  a?: number;
  /** `'fan_in'` (default) keeps the forward variance, `'fan_out'` the backward one. */
  mode?: FanMode;
  /** Default `'leaky_relu'`. */
  nonlinearity?: Nonlinearity;
}

/**
 * He uniform: U(-bound, bound) with `bound = gain * sqrt(3 / fan)`. `Linear` and `Conv` use it
 * with `a: Math.sqrt(5)`.
 *
 * @example
 * ```ts
 * nn.init.kaiming_uniform_(layer.weight, { a: Math.sqrt(5) });
 * ```
 */
export function kaiming_uniform_<T extends Tensor>(tensor: T, opts: KaimingOptions = {}): T {
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan('kaiming_uniform_', tensor, opts.mode ?? 'fan_in');
  const std = calculate_gain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0) / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

/** He normal: N(0, std²) with `std = gain / sqrt(fan)`. */
export function kaiming_normal_<T extends Tensor>(tensor: T, opts: KaimingOptions = {}): T {
  if (tensor.shape.includes(0)) return tensor;
  const fan = correctFan('kaiming_normal_', tensor, opts.mode ?? 'fan_in');
  const std = calculate_gain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0) / Math.sqrt(fan);
  return normal_(tensor, 0, std);
}

// erf by its everywhere-positive series 2/√π·e^(-x²)·Σ 2ⁿx^(2n+1)/(2n+1)!!: no cancellation.
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  let term = ax;
  let sum = ax;
  for (let n = 1; term > sum * 1e-17; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * Math.min(1, (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum);
}

// ATen's calc_erfinv: a rational first guess, then two Newton steps.
function erfinv(y: number): number {
  const ay = Math.abs(y);
  if (ay > 1) return Number.NaN;
  if (ay === 1) return Math.sign(y) * Number.POSITIVE_INFINITY;
  let x: number;
  if (ay <= 0.7) {
    const z = y * y;
    const num = ((-0.140543331 * z + 0.914624893) * z - 1.645349621) * z + 0.886226899;
    const dem = (((0.012229801 * z - 0.329097515) * z + 1.442710462) * z - 2.118377725) * z + 1.0;
    x = (y * num) / dem;
  } else {
    const z = Math.sqrt(-Math.log((1.0 - ay) / 2.0));
    const num = ((1.641345311 * z + 3.429567803) * z - 1.624906493) * z - 1.970840454;
    const dem = (1.637067800 * z + 3.543889200) * z + 1.0;
    x = (Math.sign(y) * num) / dem;
  }
  for (let i = 0; i < 2; i++) x -= (erf(x) - y) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
  return x;
}

/**
 * Fills with N(mean, std²) truncated to [a, b], by PyTorch's inverse-CDF method (the uniform draws
 * match PyTorch's; the inverse CDF runs on the host, so it needs a backend with sync reads).
 */
export function trunc_normal_<T extends Tensor>(tensor: T, mean = 0, std = 1, a = -2, b = 2): T {
  const cdf = (x: number) => (1 + erf(x / Math.SQRT2)) / 2;
  const l = cdf((a - mean) / std);
  const u = cdf((b - mean) / std);
  return no_grad(() => {
    tensor.uniform_(2 * l - 1, 2 * u - 1);
    const f = tensor.dtype === 'float64' ? (v: number) => v : Math.fround;
    const scale = f(std * Math.SQRT2);
    const values = Array.from(tensor.dataSync() as Float32Array, (v) =>
      Math.min(Math.max(f(f(f(erfinv(v)) * scale) + f(mean)), a), b),
    );
    return writeBack(tensor, values);
  });
}

function writeBack<T extends Tensor>(tensor: T, values: ArrayLike<number>): T {
  const host = tensor.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  const src = fromHost(tensor.dtype === 'float16' ? toHost('float16', host) : host, tensor.shape, { device: tensor.device, dtype: tensor.dtype }, 'init');
  try {
    return tensor.copy_(src);
  } finally {
    src.dispose();
  }
}

/**
 * Fills with a (semi-)orthogonal matrix: QR of a normal draw, signs fixed by R's diagonal, times
 * `gain`. Dims after the first are flattened. The QR runs on the host (sync reads needed).
 */
export function orthogonal_<T extends Tensor>(tensor: T, gain = 1): T {
  if (tensor.ndim < 2) throw new ArgumentError(`orthogonal_: Only tensors with 2 or more dimensions are supported, got ${tensor.ndim}`);
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0]!;
  const cols = tensor.numel() / rows;
  return no_grad(() => {
    const draw = empty([rows, cols], { dtype: tensor.dtype, device: tensor.device }).normal_(0, 1);
    const flat = Array.from(draw.dataSync() as Float32Array);
    draw.dispose();
    // QR of the tall orientation (m >= n); the result is transposed back when rows < cols.
    const tall = rows < cols;
    const [m, n] = tall ? [cols, rows] : [rows, cols];
    const A = Float64Array.from({ length: m * n }, (_, k) => {
      const i = Math.floor(k / n);
      const j = k % n;
      return tall ? flat[j * cols + i]! : flat[i * cols + j]!;
    });
    const q = householderQ(A, m, n);
    const f = tensor.dtype === 'float64' ? (v: number) => v : Math.fround;
    const out = new Array<number>(rows * cols);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) out[tall ? j * cols + i : i * cols + j] = f(f(q[i * n + j]!) * f(gain));
    }
    return writeBack(tensor, out);
  });
}
