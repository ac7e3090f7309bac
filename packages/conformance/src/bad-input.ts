/**
 * The bad-input harness: tables of invalid calls, each run as a vitest test. A row is an invalid call with
 * the typed error it must raise and a pattern its message must match, or an edge case PyTorch
 * accepts with the result shape PyTorch gives. Every row also checks that the call changed none
 * of its tensor arguments (values and version counters), kept the grad mode, and left
 * `memory()` (tensors and buffers, on every registered backend) as it found it.
 *
 * Packages whose arguments hold tensors in their own objects (a module's parameters, an
 * optimiser's state) say how to reach them with `HarnessOptions.holds`, and name any other state
 * a refused call must leave alone with `HarnessOptions.state`.
 */
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { expect, it } from 'vitest';

/** An error class of `@proj/tensor` (ShapeError, DTypeError, ...). */
export interface ErrorKind {
  readonly name: string;
  isInstance(e: unknown): boolean;
}

type Outcome = { error: ErrorKind; message: RegExp } | { shape: readonly number[] };

export interface Row {
  readonly name: string;
  readonly outcome: Outcome;
  /** Builds the arguments (before memory is measured) and returns them with the call. */
  readonly setup: () => { args: unknown[]; run: () => unknown };
}

/** An invalid call: `call(...make())` must throw `error` with a message matching `message`. */
export function bad<A extends unknown[]>(name: string, make: () => A, call: (...a: A) => unknown, error: ErrorKind, message: RegExp): Row {
  return { name, outcome: { error, message }, setup: () => wrap(make, call) };
}

/** An edge case PyTorch accepts: the call must return a tensor (or the first of a pair) of `shape`. */
export function ok<A extends unknown[]>(name: string, make: () => A, call: (...a: A) => unknown, shape: readonly number[]): Row {
  return { name, outcome: { shape }, setup: () => wrap(make, call) };
}

function wrap<A extends unknown[]>(make: () => A, call: (...a: A) => unknown): { args: unknown[]; run: () => unknown } {
  const args = make();
  return { args, run: () => call(...args) };
}

export interface HarnessOptions {
  /** What an object of the package's own (a module, an optimiser) holds; undefined for others. */
  holds?: (v: object) => readonly unknown[] | undefined;
  /** Non-tensor state of the arguments, as a string, that a refused call must leave as it was. */
  state?: (args: readonly unknown[]) => string;
}

/** Every tensor reachable from `v` through arrays, plain objects and `holds` (options hold tensors too). */
export function tensorsIn(v: unknown, holds?: HarnessOptions['holds'], out: Tensor[] = [], depth = 0): Tensor[] {
  if (depth > 6 || v === null || typeof v !== 'object') return out;
  const held = torch.isTensor(v) ? undefined : holds?.(v);
  if (torch.isTensor(v)) {
    if (!out.includes(v)) out.push(v);
  } else if (held) {
    for (const x of held) tensorsIn(x, holds, out, depth + 1);
  } else if (Array.isArray(v)) {
    for (const x of v) tensorsIn(x, holds, out, depth + 1);
  } else if (Object.getPrototypeOf(v) === Object.prototype) {
    for (const x of Object.values(v)) tensorsIn(x, holds, out, depth + 1);
  }
  return out;
}

interface Snapshot {
  version: number;
  values: number[];
  requiresGrad: boolean;
}

/** The values and version of a live tensor (null when disposed: nothing to compare). */
export function snapshot(t: Tensor): Snapshot | null {
  if (t.isDisposed) return null;
  return { version: t._storage.version, values: Array.from(t.dataSync() as ArrayLike<number | bigint>, Number), requiresGrad: t.requires_grad };
}

/** Tensors and buffers alive on every registered backend. */
export function liveMemory(): Record<string, { tensors: number; buffers: number }> {
  const out: Record<string, { tensors: number; buffers: number }> = {};
  for (const name of torch.listBackends()) {
    const m = torch.memory(name);
    out[name] = { tensors: m.tensors, buffers: m.buffers };
  }
  return out;
}

/** Checks that each tensor still holds what `before` recorded. */
export function expectUnchanged(tensors: readonly Tensor[], before: readonly (Snapshot | null)[], label: string): void {
  tensors.forEach((t, i) => {
    const b = before[i];
    if (!b) return;
    const a = snapshot(t);
    expect(a, `${label}: argument tensor ${i} was disposed by the call`).not.toBeNull();
    expect(a!.values.map(String), `${label}: argument tensor ${i} values changed`).toEqual(b.values.map(String));
    expect(a!.version, `${label}: argument tensor ${i} was written in place`).toBe(b.version);
    expect(a!.requiresGrad, `${label}: argument tensor ${i} requires_grad changed`).toBe(b.requiresGrad);
  });
}

/** A function that runs one row as a test, reaching tensors and state as `opts` says. */
export function runner(opts: HarnessOptions = {}): (row: Row) => void {
  return (row) => runRowWith(row, opts);
}

/** Runs one row as a test (tensors reached through arrays and plain objects). */
export const runRow = runner();

function runRowWith(row: Row, opts: HarnessOptions): void {
  it(row.name, () => {
    const { args, run } = row.setup();
    const tensors = tensorsIn(args, opts.holds);
    const before = tensors.map(snapshot);
    const state = opts.state?.(args);
    const grad = torch.is_grad_enabled();
    const mem = liveMemory();
    let result: unknown;
    let caught: unknown = null;
    try {
      result = run();
    } catch (e) {
      caught = e;
    }
    try {
      if ('error' in row.outcome) {
        expect(caught, `${row.name}: expected ${row.outcome.error.name}, but the call returned`).not.toBeNull();
        expect(row.outcome.error.isInstance(caught), `${row.name}: expected ${row.outcome.error.name}, got ${String(caught)}`).toBe(true);
        expect((caught as Error).message).toMatch(row.outcome.message);
      } else {
        if (caught) throw caught;
        const first = Array.isArray(result) ? result[0] : result;
        expect(torch.isTensor(first), `${row.name}: expected a tensor result`).toBe(true);
        expect([...(first as Tensor).shape]).toEqual([...row.outcome.shape]);
        for (const t of tensorsIn(result, opts.holds)) if (!tensors.includes(t)) t.dispose();
      }
      expect(liveMemory(), `${row.name}: memory() after the call`).toEqual(mem);
      expect(torch.is_grad_enabled(), `${row.name}: grad mode`).toBe(grad);
      expectUnchanged(tensors, before, row.name);
      if ('error' in row.outcome && opts.state) expect(opts.state(args), `${row.name}: state other than tensors changed`).toBe(state);
    } finally {
      for (const t of tensors) t.dispose();
    }
  });
}

/** A tensor that has been disposed. */
export function dead(t: Tensor): Tensor {
  t.dispose();
  return t;
}
