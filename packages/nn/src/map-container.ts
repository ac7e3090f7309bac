/**
 * The base of the containers: members kept in an insertion-ordered Map (so that keys like `'10'`
 * keep their place, which own properties would not) and `container[i]` through non-enumerable
 * index accessors.
 */
import { ArgumentError } from '@proj/tensor';
import { Module } from './module.js';

/** @internal Redefines the `[i]` accessors of a list-like container after it changed. */
export function syncIndexAccessors(obj: object, n: number, prev: number, at: (i: number) => unknown): void {
  for (let i = n; i < prev; i++) delete (obj as Record<number, unknown>)[i];
  for (let i = prev; i < n; i++) Object.defineProperty(obj, i, { get: () => at(i), enumerable: false, configurable: true });
}

/** @internal Python's index normalisation: `-n <= idx < n`, negatives from the end. */
export function absIndex(owner: string, idx: number, n: number): number {
  if (!Number.isInteger(idx) || idx < -n || idx >= n) throw new ArgumentError(`${owner}: index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}

/** @internal Python's slice bounds. */
export function sliceBounds(n: number, start = 0, end = n): [number, number] {
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  return [clamp(start), clamp(end)];
}

/** The shared mechanics of containers whose members live in a Map. */
export abstract class MapContainer<V> extends Module {
  /** @internal */
  declare readonly _items: Map<string, V>;
  #indexed = 0;

  constructor() {
    super();
    Object.defineProperty(this, '_items', { value: new Map<string, V>(), enumerable: false });
  }

  protected override _members(): [string, unknown][] {
    return [...this._items];
  }

  protected override _setMember(name: string, value: unknown): void {
    this._items.set(name, value as V);
    this._sync();
  }

  /** @internal Keeps `this[i]` in step with the items (positional, as PyTorch's `seq[i]`). */
  protected _sync(): void {
    const values = () => [...this._items.values()];
    syncIndexAccessors(this, this._items.size, this.#indexed, (i) => values()[i]);
    this.#indexed = this._items.size;
  }

  /** The number of items (`len(container)`). */
  get length(): number {
    return this._items.size;
  }
}

export type Entries<M> = Map<string, M> | Record<string, M> | Iterable<readonly [string, M]>;

export function entriesOf<M>(x: Entries<M>): [string, M][] {
  if (x instanceof Map) return [...x];
  if (Symbol.iterator in x) return [...(x as Iterable<readonly [string, M]>)].map(([k, v]) => [k, v]);
  return Object.entries(x as Record<string, M>);
}

