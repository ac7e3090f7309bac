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
}

const live = new Map<string, number>();

function count(backend: string, delta: number): void {
  live.set(backend, (live.get(backend) ?? 0) + delta);
}

export function releaseHoldings(h: Holdings): void {
  if (h.storage) {
    count(h.storage.backend.name, -1);
    h.storage.release();
    h.storage = null;
  }
  if (h.node) {
    h.node.release();
    h.node = null;
  }
}

const finalizer = new FinalizationRegistry<Holdings>(releaseHoldings);

export function adopt(owner: object, h: Holdings): void {
  count(h.storage!.backend.name, 1);
  finalizer.register(owner, h, owner);
}

export function abandon(owner: object, h: Holdings): void {
  finalizer.unregister(owner);
  releaseHoldings(h);
}

/** Live (undisposed, uncollected) tensors on a backend. */
export function liveTensors(backend: string): number {
  return live.get(backend) ?? 0;
}
