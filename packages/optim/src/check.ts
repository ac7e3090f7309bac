/**
 * Option checks shared by the optimisers, with PyTorch's messages (`Invalid learning rate: -0.1`)
 * prefixed by the optimiser's name and followed by what was expected.
 */
import { ArgumentError } from '@proj/tensor';

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : String(v));

/** A finite number ≥ 0 (NaN rejected). `label` is PyTorch's wording, e.g. 'learning rate'. */
export function nonNegative(opt: string, key: string, label: string, v: unknown): void {
  if (typeof v !== 'number' || !(v >= 0)) {
    throw new ArgumentError(`${opt}: Invalid ${label}: ${show(v)} (${key} must be a number >= 0)`);
  }
  // PyTorch accepts infinity here; the first step then turns the parameters into NaN.
  if (v === Number.POSITIVE_INFINITY) throw new ArgumentError(`${opt}: Invalid ${label}: Infinity (${key} must be finite)`);
}

/** Any finite number. */
export function notNaN(opt: string, key: string, v: unknown): void {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new ArgumentError(`${opt}: Invalid ${key} value: ${show(v)} (${key} must be a number)`);
  }
  if (!Number.isFinite(v)) throw new ArgumentError(`${opt}: Invalid ${key} value: ${show(v)} (${key} must be finite)`);
}

export function boolean(opt: string, key: string, v: unknown): void {
  if (typeof v !== 'boolean') {
    throw new ArgumentError(`${opt}: ${key} must be true or false, got ${show(v)}`);
  }
}

/** `betas`: two numbers, each in [0, 1). */
export function betas(opt: string, v: unknown): void {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new ArgumentError(`${opt}: betas must be a pair [beta1, beta2], got ${show(v)}`);
  }
  v.forEach((b: unknown, i) => {
    if (typeof b !== 'number' || !(b >= 0 && b < 1)) {
      throw new ArgumentError(`${opt}: Invalid beta parameter at index ${i}: ${show(b)} (betas[${i}] must be in [0, 1))`);
    }
  });
}

/** Rejects keys outside `allowed` (a typo in an option would otherwise be ignored silently). */
export function knownKeys(opt: string, what: string, obj: object, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      throw new ArgumentError(`${opt}: unknown ${what} '${k}' (expected one of: ${allowed.join(', ')})`);
    }
  }
}
