/**
 * Tensor lifetimes: every tensor holds one reference to its storage (and one to its autograd
 * node). `dispose()` drops them; a FinalizationRegistry drops them for tensors that are
 * garbage-collected without being disposed. Live tensors are counted per backend for `memory()`.
 */
import type { Node } from '../autograd/node.js';
import type { Storage } from '../storage.js';

/** What a tensor holds; the finalizer releases it if the tensor is collected undisposed. */
export interface Holdings {
  storage: Storage | null;
  node: Node | null;
  /** Registered with the finalizer (tensors outside every scope are; scoped ones need not be). */
  guarded?: boolean;
}

const LIVE = Symbol.for('@proj/live-tensors');

/** Live-tensor counts are kept on the backend object itself: cheaper than a map lookup per op. */
function count(backend: object, delta: number): void {
  const b = backend as { [LIVE]?: number };
  // Own property only: a wrapper made with Object.create(backend) counts its own tensors.
  b[LIVE] = (Object.hasOwn(b, LIVE) ? b[LIVE]! : 0) + delta;
}

export function releaseHoldings(h: Holdings): void {
  if (h.storage) {
    count(h.storage.backend, -1);
    h.storage.release();
    h.storage = null;
  }
  if (h.node) {
    h.node.release();
    h.node = null;
  }
}

const finalizer = new FinalizationRegistry<Holdings>(releaseHoldings);

/** Counts a new tensor as live. */
export function adopt(owner: object, h: Holdings): void {
  count(h.storage!.backend, 1);
}

/**
 * Registers a tensor with the garbage-collection backstop. Registration costs about a
 * microsecond, so tensors inside a scope (which the scope will dispose) skip it until they
 * escape the scope or are kept.
 */
export function guard(owner: object, h: Holdings): void {
  if (h.guarded || !h.storage) return;
  finalizer.register(owner, h, owner);
  h.guarded = true;
}

/** Releases what a tensor holds, now. */
export function abandon(owner: object, h: Holdings): void {
  if (h.guarded) {
    finalizer.unregister(owner);
    h.guarded = false;
  }
  releaseHoldings(h);
}

/** Live (undisposed, uncollected) tensors on a backend. */
export function liveTensors(backend: object): number {
  return Object.hasOwn(backend, LIVE) ? (backend as { [LIVE]: number })[LIVE] : 0;
}
