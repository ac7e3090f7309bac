/**
 * Test support (imported only by tests): asserts that a call fails with a typed error before
 * doing any work, i.e. without leaving a tensor or buffer behind.
 */
import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { expect } from 'vitest';

/** Registers a fresh CPU backend under `name` and makes it current. */
export function useCpu(name: string): void {
  torch.registerBackend(cpu({ name }));
  torch.setBackend(name);
}

/**
 * Runs `fn` in a scope (so the arguments it creates are freed) and expects an error of `kind`
 * whose message matches `message`. Afterwards the current backend's memory must be what it was:
 * a failed call leaves nothing behind.
 */
export function rejects(fn: () => unknown, kind: { isInstance(e: unknown): boolean }, message: RegExp | string): void {
  const before = torch.memory();
  let caught: unknown = null;
  try {
    torch.scope(fn);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an error').not.toBeNull();
  expect(kind.isInstance(caught), String(caught)).toBe(true);
  expect((caught as Error).message).toMatch(message);
  const after = torch.memory();
  expect({ tensors: after.tensors, buffers: after.buffers }).toEqual({ tensors: before.tensors, buffers: before.buffers });
}
