/**
 * Constructor-argument checks shared by the layers: typed errors naming the module and argument.
 */
import { ArgumentError } from '@proj/tensor';

/** An integer >= `min` (default 0). */
export function int(owner: string, name: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ArgumentError(`${owner}: ${name} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

/** An int or a tuple of `n` ints, each >= `min`, as a tuple (PyTorch's `_single`/`_pair`). */
export function ntuple(owner: string, name: string, v: unknown, n: number, min = 0): number[] {
  const list = Array.isArray(v) ? v : [v];
  if (Array.isArray(v) && v.length !== n) {
    throw new ArgumentError(`${owner}: ${name} must be an int or a tuple of ${n} ints, got [${v.join(', ')}]`);
  }
  const out = list.map((x) => int(owner, name, x, min));
  return out.length === 1 && n > 1 ? new Array<number>(n).fill(out[0]!) : out;
}

/** A finite number. */
export function finite(owner: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`${owner}: ${name} must be a finite number, got ${String(v)}`);
  return v;
}

/** One of `choices`. */
export function oneOf<T extends string>(owner: string, name: string, v: unknown, choices: readonly T[]): T {
  if (!choices.includes(v as T)) {
    throw new ArgumentError(`${owner}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}
