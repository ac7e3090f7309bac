/**
 * The typed errors of `@proj`. Every message names the op, the argument, what it got and what it
 * expected, e.g. `conv2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape [28, 28]`.
 *
 * Identity checks work across duplicate copies of the package: use `TorchError.isInstance(e)` or
 * `ShapeError.isInstance(e)` rather than `instanceof` when copies may differ.
 */

const BRAND = Symbol.for('@proj/error');

/** The base of every error that `@proj` raises on purpose. */
export class TorchError extends Error {
  readonly [BRAND] = true;
  /** The error's class name, stable across package copies. */
  readonly kind: string;

  constructor(message: string, kind = 'TorchError') {
    super(message);
    this.kind = kind;
    this.name = kind;
  }

  static isInstance(e: unknown): e is TorchError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
  }
}

function kindCheck(kinds: readonly string[]) {
  return (e: unknown): boolean => TorchError.isInstance(e) && kinds.includes(e.kind);
}

/** Shapes that do not fit: broadcasting, matmul, view, rank. */
export class ShapeError extends TorchError {
  constructor(message: string) {
    super(message, 'ShapeError');
  }
  static override isInstance = kindCheck(['ShapeError']) as (e: unknown) => e is ShapeError;
}

/** A dtype the op cannot take, or two that cannot meet. */
export class DTypeError extends TorchError {
  constructor(message: string) {
    super(message, 'DTypeError');
  }
  static override isInstance = kindCheck(['DTypeError']) as (e: unknown) => e is DTypeError;
}

/** An argument out of its domain: a bad dim, index, probability, reduction name, NaN option… */
export class ArgumentError extends TorchError {
  constructor(message: string) {
    super(message, 'ArgumentError');
  }
  static override isInstance = kindCheck(['ArgumentError']) as (e: unknown) => e is ArgumentError;
}

/** A failure of the backend itself, or a call it cannot serve (e.g. a sync read on WebGPU). */
export class BackendError extends TorchError {
  constructor(message: string, kind = 'BackendError') {
    super(message, kind);
  }
  static override isInstance = kindCheck(['BackendError', 'OutOfMemoryError']) as (e: unknown) => e is BackendError;
}

/** An allocation the backend cannot satisfy. Other tensors stay intact. */
export class OutOfMemoryError extends BackendError {
  constructor(message: string) {
    super(message, 'OutOfMemoryError');
  }
  static override isInstance = kindCheck(['OutOfMemoryError']) as (e: unknown) => e is OutOfMemoryError;
}

/**
 * An object used in a state that forbids the call: a disposed tensor, an in-place op on a leaf
 * that requires grad, a saved tensor modified in place, backward through a freed graph.
 */
export class StateError extends TorchError {
  constructor(message: string) {
    super(message, 'StateError');
  }
  static override isInstance = kindCheck(['StateError']) as (e: unknown) => e is StateError;
}
