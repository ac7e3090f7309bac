/**
 * The closed sets of primitive operations that every backend implements. Adding a member is a
 * breaking change of the backend interface and bumps `SPEC_VERSION`.
 */

/**
 * Elementwise unary operations. Output dtype equals input dtype. The front end passes only float
 * inputs to the transcendental ones (`exp` … `erf`); `neg`, `abs`, `sign` and the rounding ops also
 * receive int32/int64 inputs (rounding ops are then the identity).
 *
 * | op | value |
 * |---|---|
 * | `neg` | −x |
 * | `abs` | \|x\| |
 * | `sign` | −1, 0 or 1 (NaN stays NaN) |
 * | `exp`, `log`, `sqrt`, `sin`, `cos`, `tanh` | as in C's libm |
 * | `rsqrt` | 1/√x |
 * | `sigmoid` | 1/(1+e^−x), computed without overflow for large \|x\| |
 * | `floor`, `ceil`, `trunc` | as in C |
 * | `round` | round half to even, as `torch.round` |
 * | `reciprocal` | 1/x |
 * | `log1p`, `expm1` | ln(1+x), e^x−1, accurate near 0 |
 * | `erf` | the error function, to within 1e-7 relative (float64 inputs: 1e-12) |
 */
export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'rsqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'trunc'
  | 'reciprocal'
  | 'log1p'
  | 'expm1'
  | 'erf';

export const UNARY_OPS: readonly UnaryOp[] = [
  'neg', 'abs', 'sign', 'exp', 'log', 'sqrt', 'rsqrt', 'sin', 'cos', 'tanh', 'sigmoid',
  'floor', 'ceil', 'round', 'trunc', 'reciprocal', 'log1p', 'expm1', 'erf',
];

/**
 * Elementwise binary operations. Both operands have the same dtype (the front end promotes
 * first). Arithmetic ops return that dtype; comparisons and logical ops return `bool`.
 *
 * | op | value |
 * |---|---|
 * | `add`, `sub`, `mul` | a+b, a−b, a·b (int32 wraps as in C; int64 is exact below 2^53) |
 * | `div` | a/b for floats; for ints, truncating division (`rounding_mode='trunc'`) |
 * | `floor_divide` | ⌊a/b⌋ (floats and ints) |
 * | `remainder` | a − b·⌊a/b⌋, the sign of b, as `torch.remainder` |
 * | `fmod` | a − b·trunc(a/b), the sign of a, as C's fmod |
 * | `pow` | a^b, as C's pow |
 * | `maximum`, `minimum` | NaN-propagating max/min |
 * | `atan2` | atan2(a, b) |
 * | `eq`, `ne`, `lt`, `le`, `gt`, `ge` | comparisons → bool |
 * | `logical_and`, `logical_or`, `logical_xor` | on "is non-zero" → bool |
 *
 * Integer division by zero gives 0 (PyTorch raises; the front end checks on sync backends).
 */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'floor_divide'
  | 'remainder'
  | 'fmod'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'atan2'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'logical_and'
  | 'logical_or'
  | 'logical_xor';

export const BINARY_OPS: readonly BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'floor_divide', 'remainder', 'fmod', 'pow', 'maximum', 'minimum',
  'atan2', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'logical_xor',
];

/** True for the binary ops whose output dtype is `bool`. */
export function isComparison(op: BinaryOp): boolean {
  return (
    op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge' ||
    op === 'logical_and' || op === 'logical_or' || op === 'logical_xor'
  );
}

/**
 * Reductions over a set of axes. Output dtype equals input dtype.
 * `max`/`min` propagate NaN. Reducing zero elements gives 0 for `sum`, 1 for `prod`; the front end
 * never asks for `max`/`min` over zero elements.
 */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';

/** Index reductions over one axis: the index (int64) of the first maximum or minimum; NaN counts as the maximum and the minimum, as in PyTorch. */
export type ArgReduceOp = 'argmax' | 'argmin';
