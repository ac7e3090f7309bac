/**
 * `nn.Parameter`: a leaf tensor that a Module registers as learnable state.
 */
import { ArgumentError, DTypeError, StateError, Tensor, empty, isFloating, isTensor, untrack } from '@proj/tensor';

const PARAMETER_BRAND = Symbol.for('@proj/nn.Parameter');

/**
 * A tensor that is a module parameter: assigned to a field of a {@link Module}, it is registered
 * (it appears in `parameters()`, `state_dict()`…). Like PyTorch's, it shares storage with the
 * tensor it is made from, is a leaf, and requires grad unless told otherwise. It belongs to no
 * scope, so a `scope()` never disposes it (the module's `dispose()` does).
 *
 * @example
 * ```ts
 * class Scale extends nn.Module {
 *   alpha = new nn.Parameter(torch.ones(1));
 *   forward(x: Tensor): Tensor { return x.mul(this.alpha); }
 * }
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor | null = null, requires_grad = true) {
    // Checked before the Parameter takes a reference: a refused one must not stay alive.
    if (data?.isDisposed) throw new StateError(`Parameter: data (${data.dtype} [${data.shape}]) has been disposed and cannot be used`);
    if (requires_grad && data && !isFloating(data.dtype)) {
      throw new ArgumentError(`Parameter: only tensors of floating point dtype can require gradients, got ${data.dtype}`);
    }
    const src = data ?? empty(0);
    super(src._storage.retain(), src.shape, src._strides, src._offset, false);
    // Outside every scope, but with the garbage-collection backstop of kept tensors.
    untrack(this);
    if (data === null) src.dispose();
    if (requires_grad) this.requires_grad_(true);
  }

  /** @internal */
  get [PARAMETER_BRAND](): true {
    return true;
  }

  /** PyTorch's repr: `Parameter containing:` then the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/** True for a {@link Parameter} (by brand, so it works across duplicate package copies). */
export function isParameter(v: unknown): v is Parameter {
  return isTensor(v) && (v as unknown as Record<symbol, unknown>)[PARAMETER_BRAND] === true;
}

/** Where and how a layer creates its parameters (PyTorch's `device=`/`dtype=` factory kwargs). */
export interface FactoryOptions {
  /** The backend to create parameters and buffers on; default the current one. */
  device?: string;
  /** The floating dtype of parameters and floating buffers; default float32. */
  dtype?: 'float16' | 'float32' | 'float64';
}

/** @internal An uninitialised Parameter of `shape` (`Parameter(torch.empty(shape))`). */
export function emptyParameter(shape: readonly number[], opts: FactoryOptions = {}, owner = 'Parameter'): Parameter {
  const dtype = opts.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'float16') {
    throw new DTypeError(`${owner}: dtype must be float16, float32 or float64 (parameters require grad), got ${String(dtype)}`);
  }
  const t = empty([...shape], { dtype, device: opts.device });
  const p = new Parameter(t);
  t.dispose();
  return p;
}
