/**
 * Scopes: everything a scope's function creates is disposed when it returns, except the tensors
 * it returns (which move to the enclosing scope) and those passed to `keep`.
 */
import type { Tensor } from '../tensor.js';
import { guard } from './lifecycle.js';

export class Scope {
  readonly tensors = new Set<Tensor>();
}

const stack: Scope[] = [];

/** Registers a new tensor with the innermost open scope; false when no scope is open. */
export function trackInScope(t: Tensor): boolean {
  const s = stack[stack.length - 1];
  if (!s) return false;
  s.tensors.add(t);
  t._scope = s;
  return true;
}

/**
 * Runs `fn` and disposes every tensor it created, except the tensors in its result (a tensor, or
 * tensors inside arrays, Maps and plain objects) and those passed to `keep`. Works with async
 * functions: the scope closes when the promise settles. Scopes form one stack, so two async scopes
 * must not interleave: `await` one before opening another concurrently.
 *
 * @example
 * ```ts
 * const loss = scope(() => F.cross_entropy(model.forward(x), y)); // intermediates freed
 * await scope(async () => { const v = model.forward(x); console.log(await v.data()); });
 * ```
 */
export function scope<T>(fn: () => T): T {
  const s = new Scope();
  stack.push(s);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    close(s, undefined);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (v) => {
        close(s, v);
        return v;
      },
      (e) => {
        close(s, undefined);
        throw e;
      },
    ) as T;
  }
  close(s, result);
  return result;
}

function close(s: Scope, result: unknown): void {
  const i = stack.lastIndexOf(s);
  if (i >= 0) stack.splice(i, 1);
  const parent = stack[stack.length - 1];
  const survivors = new Set<Tensor>();
  collect(result, survivors, 0);
  for (const t of s.tensors) {
    if (survivors.has(t)) {
      t._scope = parent ?? null;
      if (parent) parent.tensors.add(t);
      else guard(t, t._h);
    } else {
      t._scope = null;
      t.dispose();
    }
  }
  s.tensors.clear();
}

function collect(v: unknown, out: Set<Tensor>, depth: number): void {
  if (depth > 8 || v === null || typeof v !== 'object') return;
  if (isTensor(v)) {
    out.add(v);
    return;
  }
  if (Array.isArray(v)) for (const x of v) collect(x, out, depth + 1);
  else if (v instanceof Map) for (const x of v.values()) collect(x, out, depth + 1);
  else if (Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) collect(x, out, depth + 1);
}

const TENSOR = Symbol.for('@proj/tensor');

export function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[TENSOR] === true;
}

export { TENSOR as TENSOR_BRAND };

/**
 * Takes tensors out of every scope, so that no scope disposes them. Returns its argument.
 * Model parameters, optimiser state and `.grad` are kept automatically.
 */
export function keep<T>(value: T): T {
  const found = new Set<Tensor>();
  collect(value, found, 0);
  for (const t of found) untrack(t);
  return value;
}

/** Removes one tensor from its scope; the garbage-collection backstop then covers it. */
export function untrack(t: Tensor): void {
  t._scope?.tensors.delete(t);
  t._scope = null;
  guard(t, t._h);
}

/** The number of open scopes (for tests). */
export function scopeDepth(): number {
  return stack.length;
}
