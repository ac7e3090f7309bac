/**
 * Test helper: the fixture files written by tools/fixtures/optim.py, their types, and turning
 * their tensors into ours and comparing ours with theirs.
 */
import { type DType, type Tensor, scope, tensor } from '@proj/tensor';
import { expect } from 'vitest';
import optimizerFile from '../__fixtures__/optimizers.json';
import schedulerFile from '../__fixtures__/lr_schedulers.json';

export type JsonNumber = number | 'nan' | 'inf' | '-inf';
export interface TensorJson {
  $tensor: true;
  shape: number[];
  dtype: DType;
  data: JsonNumber[];
}
export type JsonValue = TensorJson | JsonNumber | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface OptimizerCase {
  id: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  dtype: 'float32' | 'float64';
  options: Record<string, JsonValue>;
  groups: ({ params: number[] } & Record<string, JsonValue>)[] | null;
  closure: boolean;
  data: { X: TensorJson; Y: TensorJson };
  params: TensorJson[];
  steps: number;
  mid: number;
  losses: JsonNumber[];
  trajectory: JsonNumber[][][];
  state_dict_mid: StateDictJson;
  state_dict: StateDictJson;
}
export interface StateDictJson {
  state: Record<string, Record<string, JsonValue>>;
  param_groups: ({ params: number[] } & Record<string, JsonValue>)[];
}

export interface SchedulerCase {
  id: string;
  optimizer: 'SGD' | 'Adam' | 'Adagrad';
  options: Record<string, JsonValue>;
  lrs_init: number[];
  initial_lr: boolean;
  schedulers: [string, JsonValue[], Record<string, JsonValue>][];
  steps: number;
  lrs: number[][];
  momenta: number[][];
  state_dicts: Record<string, JsonValue>[];
}

export const OPTIMIZER_CASES = (optimizerFile as unknown as { cases: OptimizerCase[] }).cases;
export const SCHEDULER_CASES = (schedulerFile as unknown as { cases: SchedulerCase[] }).cases;

export const num = (v: JsonNumber): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

export const isTensorJson = (v: unknown): v is TensorJson =>
  typeof v === 'object' && v !== null && (v as Record<string, unknown>).$tensor === true;

/** A tensor from the fixture, on the current backend or on `device`. */
export function fromJson(t: TensorJson, requires_grad = false, device?: string): Tensor {
  const host = t.dtype === 'float64' ? Float64Array.from(t.data, num) : Float32Array.from(t.data, num);
  return scope(() => tensor(host, { dtype: t.dtype, device }).reshape([...t.shape]).clone()).requires_grad_(requires_grad);
}

/** Options with JSON numbers decoded (betas arrays stay arrays). */
export function decodeOptions(o: Record<string, JsonValue>): Record<string, unknown> {
  const dec = (v: JsonValue): unknown => (Array.isArray(v) ? v.map(dec) : typeof v === 'string' ? num(v) : v);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, dec(v)]));
}

export interface Tolerance {
  /** The absolute floor, as a fraction of the largest magnitude in the expected tensor. */
  atol: number;
  rtol: number;
}

/**
 * Asserts `|a − e| ≤ atol·max|e| + rtol·|e|` elementwise, naming `what` and the worst element.
 * The floor scales with the tensor: an element that passes near zero (a momentum buffer whose
 * terms cancel) carries the rounding error of the terms, not of its own small value.
 */
export function expectClose(actual: ArrayLike<number>, expected: readonly JsonNumber[], tol: Tolerance, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const scale = expected.reduce<number>((m, v) => (Number.isFinite(num(v)) ? Math.max(m, Math.abs(num(v))) : m), 0);
  const atol = tol.atol * scale;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]!);
    const a = Number(actual[i]);
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(a, `${what}[${i}]`).toBe(e);
      continue;
    }
    const excess = Math.abs(a - e) - (atol + tol.rtol * Math.abs(e));
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    const e = num(expected[worst]!);
    expect.fail(
      `${what}: element ${worst} is ${actual[worst]}, PyTorch ${e} (|diff| ${Math.abs(Number(actual[worst]) - e).toExponential(2)} > ${tol.atol}·${scale.toExponential(2)} + ${tol.rtol}·|expected|)`,
    );
  }
}
