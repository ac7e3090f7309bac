// Numeric codes shared with the JS side (src/codes.ts mirrors them).

// dtypes
export const F32: i32 = 0;
export const F64: i32 = 1;
export const I32: i32 = 2;
export const I64: i32 = 3;
export const BOOL: i32 = 4;

// unary ops, in the order of UNARY_OPS in @proj/tensor
export const NEG: i32 = 0;
export const ABS: i32 = 1;
export const SIGN: i32 = 2;
export const EXP: i32 = 3;
export const LOG: i32 = 4;
export const SQRT: i32 = 5;
export const RSQRT: i32 = 6;
export const SIN: i32 = 7;
export const COS: i32 = 8;
export const TANH: i32 = 9;
export const SIGMOID: i32 = 10;
export const FLOOR: i32 = 11;
export const CEIL: i32 = 12;
export const ROUND: i32 = 13;
export const TRUNC: i32 = 14;
export const RECIPROCAL: i32 = 15;
export const LOG1P: i32 = 16;
export const EXPM1: i32 = 17;
export const ERF: i32 = 18;

// binary ops, in the order of BINARY_OPS in @proj/tensor
export const ADD: i32 = 0;
export const SUB: i32 = 1;
export const MUL: i32 = 2;
export const DIV: i32 = 3;
export const FLOOR_DIVIDE: i32 = 4;
export const REMAINDER: i32 = 5;
export const FMOD: i32 = 6;
export const POW: i32 = 7;
export const MAXIMUM: i32 = 8;
export const MINIMUM: i32 = 9;
export const ATAN2: i32 = 10;
export const EQ: i32 = 11;
export const NE: i32 = 12;
export const LT: i32 = 13;
export const LE: i32 = 14;
export const GT: i32 = 15;
export const GE: i32 = 16;
export const LOGICAL_AND: i32 = 17;
export const LOGICAL_OR: i32 = 18;
export const LOGICAL_XOR: i32 = 19;

// reductions
export const R_SUM: i32 = 0;
export const R_PROD: i32 = 1;
export const R_MAX: i32 = 2;
export const R_MIN: i32 = 3;

// parallel task kinds
export const T_UNARY: i32 = 1;
export const T_BINARY: i32 = 2;
export const T_WHERE: i32 = 3;
export const T_CAST: i32 = 4;
export const T_COPY: i32 = 5;
export const T_REDUCE: i32 = 6;
export const T_ARGREDUCE: i32 = 7;
export const T_GATHER: i32 = 8;
export const T_GEMM: i32 = 9;
export const T_MAXPOOL: i32 = 11;
export const T_SOFTMAX: i32 = 12;
export const T_TEST: i32 = 13;
export const T_MAXPOOL_GRAD: i32 = 14;
export const T_AVGPOOL: i32 = 15;
export const T_AVGPOOL_GRAD: i32 = 16;
export const T_PAD: i32 = 17;
export const T_PACKA: i32 = 18;
