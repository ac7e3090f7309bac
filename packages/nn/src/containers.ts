/**
 * Module containers: `Sequential`, `ModuleList`, `ModuleDict`.
 */
import { ArgumentError, type Tensor } from '@proj/tensor';
import { type Entries, MapContainer, absIndex, entriesOf, sliceBounds } from './map-container.js';
import { type Module, isModule } from './module.js';

/**
 * A chain of modules: `forward` feeds each one's output to the next. Index with `seq[0]` or
 * `seq.at(-1)`, slice with `seq.slice(1, 3)`, iterate with `for…of`. A Map gives named children.
 *
 * @example
 * ```ts
 * const features = new nn.Sequential(new nn.Conv2d(3, 64, 3, { stride: 2, padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU());
 * const y = features.call(x);
 * const named = new nn.Sequential(new Map([['conv', new nn.Conv2d(1, 8, 3)], ['relu', new nn.ReLU()]]));
 * ```
 */
export class Sequential extends MapContainer<Module> {
  readonly [index: number]: Module | undefined;

  constructor(...args: Module[] | [Map<string, Module>]) {
    super();
    const [first] = args;
    if (args.length === 1 && first instanceof Map) for (const [k, m] of first) this.add_module(k, m);
    else (args as Module[]).forEach((m, i) => {
      this.add_module(String(i), m);
    });
  }

  /** The module at `idx` (negative counts from the end). */
  at(idx: number): Module {
    return [...this._items.values()][absIndex('Sequential', idx, this.length)]!;
  }

  /** Replaces the module at `idx`. */
  set(idx: number, module: Module): void {
    const key = [...this._items.keys()][absIndex('Sequential', idx, this.length)]!;
    this.add_module(key, module);
  }

  /** A new Sequential of the modules in `[start, end)`, keeping their keys (as `seq[1:3]`). */
  slice(start?: number, end?: number): Sequential {
    const [s, e] = sliceBounds(this.length, start, end);
    return new (this.constructor as typeof Sequential)(new Map([...this._items].slice(s, e)));
  }

  /** Removes the module at `idx` and renumbers the keys `0..n-1`, as `del seq[idx]`. */
  delete(idx: number): void {
    const keys = [...this._items.keys()];
    this._items.delete(keys[absIndex('Sequential', idx, keys.length)]!);
    const values = [...this._items.values()];
    this._items.clear();
    for (const [i, m] of values.entries()) this._items.set(String(i), m);
    this._sync();
  }

  /** Removes and returns the module at `idx`. */
  pop(idx: number): Module {
    const m = this.at(idx);
    this.delete(idx);
    return m;
  }

  /** Appends a module under the key `String(length)`. */
  append(module: Module): this {
    this.add_module(String(this.length), module);
    return this;
  }

  /** Inserts a module before `index`, shifting the numbered keys. */
  insert(index: number, module: Module): this {
    if (!isModule(module)) throw new ArgumentError(`Sequential.insert: module should be of type: Module`);
    const n = this.length;
    if (!(-n <= index && index <= n)) throw new ArgumentError(`Sequential.insert: Index out of range: ${index}`);
    const at = index < 0 ? index + n : index;
    for (let i = n; i > at; i--) this._items.set(String(i), this._items.get(String(i - 1))!);
    this._items.set(String(at), module);
    this._sync();
    return this;
  }

  /** Appends every module of `modules`. */
  extend(modules: Iterable<Module>): this {
    for (const m of [...modules]) this.append(m);
    return this;
  }

  [Symbol.iterator](): IterableIterator<Module> {
    return this._items.values();
  }

  override forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const m of this._items.values()) x = m.call(x);
    return x as Tensor;
  }
}

/**
 * A list of modules, registered (their parameters are the owner's): `list[i]`, `at`, `append`,
 * `extend`, `insert`, `pop`, `slice`, `for…of`. It has no `forward`.
 *
 * @example
 * ```ts
 * class Mlp extends nn.Module {
 *   layers = new nn.ModuleList([new nn.Linear(4, 8), new nn.Linear(8, 2)]);
 *   forward(x: Tensor): Tensor { for (const l of this.layers) x = F.relu(l.call(x)); return x; }
 * }
 * ```
 */
export class ModuleList<M extends Module = Module> extends MapContainer<M> {
  readonly [index: number]: M | undefined;

  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  /** The module at `idx` (negative counts from the end). */
  at(idx: number): M {
    return this._items.get(String(absIndex('ModuleList', idx, this.length)))!;
  }

  /** Replaces the module at `idx`. */
  set(idx: number, module: M): void {
    this.add_module(String(absIndex('ModuleList', idx, this.length)), module);
  }

  /** A new ModuleList of the modules in `[start, end)`. */
  slice(start?: number, end?: number): ModuleList<M> {
    const [s, e] = sliceBounds(this.length, start, end);
    return new ModuleList([...this._items.values()].slice(s, e));
  }

  /** Removes the module at `idx` and renumbers. */
  delete(idx: number): void {
    const i = absIndex('ModuleList', idx, this.length);
    const values = [...this._items.values()].filter((_, k) => k !== i);
    this._items.clear();
    for (const [k, m] of values.entries()) this._items.set(String(k), m);
    this._sync();
  }

  /** Removes and returns the module at `idx`. */
  pop(idx: number): M {
    const m = this.at(idx);
    this.delete(idx);
    return m;
  }

  /** Inserts a module before `index`. */
  insert(index: number, module: M): void {
    for (let i = this.length; i > index; i--) this._items.set(String(i), this._items.get(String(i - 1))!);
    this._items.set(String(index), module);
    this._sync();
  }

  /** Appends a module. */
  append(module: M): this {
    this.add_module(String(this.length), module);
    return this;
  }

  /** Appends every module of `modules`. */
  extend(modules: Iterable<M>): this {
    if (modules === null || typeof (modules as Partial<Iterable<M>>)[Symbol.iterator] !== 'function') {
      throw new ArgumentError(`ModuleList.extend should be called with an iterable, but got ${typeof modules}`);
    }
    for (const m of [...modules]) this.append(m);
    return this;
  }

  [Symbol.iterator](): IterableIterator<M> {
    return this._items.values();
  }
}

/**
 * An ordered dictionary of modules, registered under their keys.
 *
 * @example
 * ```ts
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
 * const logits = heads.get('cls').call(h);
 * ```
 */
export class ModuleDict<M extends Module = Module> extends MapContainer<M> {
  constructor(modules?: Entries<M>) {
    super();
    if (modules !== undefined) this.update(modules);
  }

  // Keys, not positions, index a dict.
  protected override _sync(): void {}

  /** The module under `key` (an ArgumentError when there is none, as PyTorch's KeyError). */
  get(key: string): M {
    const m = this._items.get(key);
    if (m === undefined) throw new ArgumentError(`ModuleDict: no module under key '${key}'`);
    return m;
  }

  /** Adds or replaces the module under `key`. */
  set(key: string, module: M): void {
    this.add_module(key, module);
  }

  has(key: string): boolean {
    return this._items.has(key);
  }

  /** Removes and returns the module under `key`. */
  pop(key: string): M {
    const m = this.get(key);
    this._items.delete(key);
    this._sync();
    return m;
  }

  delete(key: string): void {
    this.pop(key);
  }

  clear(): void {
    this._items.clear();
    this._sync();
  }

  keys(): IterableIterator<string> {
    return this._items.keys();
  }

  values(): IterableIterator<M> {
    return this._items.values();
  }

  items(): IterableIterator<[string, M]> {
    return this._items.entries();
  }

  /** Adds the modules of a Map, an object, or `[key, module]` pairs, in their order. */
  update(modules: Entries<M>): void {
    for (const [k, m] of entriesOf(modules)) this.add_module(k, m);
  }

  /** Iterates over the keys, as `iter(module_dict)`. */
  [Symbol.iterator](): IterableIterator<string> {
    return this._items.keys();
  }
}

