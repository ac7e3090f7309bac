/**
 * Numeric codes shared with the kernels (assembly/codes.ts holds the same numbers).
 */
import { BINARY_OPS, type BinaryOp, type DType, UNARY_OPS, type UnaryOp } from '@proj/tensor';

// float16 is not stored by this backend (its `dtypes` leave it out): its entries are never used.
export const DTYPE_CODE: Record<DType, number> = { float32: 0, float64: 1, int32: 2, int64: 3, bool: 4, float16: -1 };
export const ITEMSIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, int64: 8, bool: 1, float16: 2 };

export const unaryCode = (op: UnaryOp): number => UNARY_OPS.indexOf(op);
export const binaryCode = (op: BinaryOp): number => BINARY_OPS.indexOf(op);
