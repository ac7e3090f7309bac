import type { ModuleCase } from './modules.js';

/**
 * The fixture format written by `tools/fixtures/cases.py` (see there): one PyTorch call per case,
 * with its seeded inputs, outputs and input gradients.
 */

/** A number as JSON holds it: NaN and ±Infinity are the strings `'nan'`, `'inf'`, `'-inf'`. */
export type JsonNumber = number | boolean | 'nan' | 'inf' | '-inf';

export interface TensorSpec {
  shape: number[];
  dtype: 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
  data: JsonNumber[];
}

export interface InputSpec extends TensorSpec {
  requires_grad: boolean;
  /** Method calls applied after creation, e.g. `[['t'], ['narrow', 0, 1, 2]]`. */
  view: [string, ...unknown[]][];
}

/** An argument: a literal, a tensor reference `{ $t: i }`, a special float `{ $f: 'inf' }`, or a list of them. */
export type Arg = unknown;

export interface Case {
  id: string;
  ns: 'torch' | 'method' | 'F';
  fn: string;
  args: Arg[];
  kwargs: Record<string, Arg>;
  tensors: InputSpec[];
  out: (TensorSpec | JsonNumber)[];
  grad_out?: JsonNumber[][];
  grads?: (TensorSpec | null)[];
  seed?: number;
  atol?: number;
  rtol?: number;
  gradcheck?: boolean;
  note?: string;
}

export interface FixtureFile {
  torch: string;
  cases: Case[];
  /** Module cases (`nn_*.json`), run when the kit is given an `nn` namespace. */
  modules?: ModuleCase[];
}

export function num(v: JsonNumber): number {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(v);
}
