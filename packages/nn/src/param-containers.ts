/**
 * Parameter containers: `ParameterList` and `ParameterDict`. A plain tensor put in one becomes a
 * Parameter, as in PyTorch.
 */
import { ArgumentError, type DType, type Tensor, isTensor } from '@proj/tensor';
import { type Entries, MapContainer, absIndex, entriesOf, sliceBounds } from './map-container.js';
import { Parameter, isParameter } from './parameter.js';

const asParameter = (v: Tensor): Parameter => (isParameter(v) ? v : new Parameter(v));

const TYPENAME: Record<DType, string> = {
  float16: 'torch.HalfTensor',
  float32: 'torch.FloatTensor',
  float64: 'torch.DoubleTensor',
  int32: 'torch.IntTensor',
  int64: 'torch.LongTensor',
  bool: 'torch.BoolTensor',
};

function line(k: string, p: Tensor, type: string): string {
  return `  (${k}): ${isParameter(p) ? 'Parameter' : 'Tensor'} containing: [${type} of size ${p.shape.join('x')}]`;
}

/**
 * A list of parameters, registered under `'0'`, `'1'`…
 *
 * @example
 * ```ts
 * class Mix extends nn.Module {
 *   weights = new nn.ParameterList([torch.ones(3), torch.zeros(3)]);
 * }
 * ```
 */
export class ParameterList extends MapContainer<Parameter> {
  readonly [index: number]: Parameter | undefined;

  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }

  /** The parameter at `idx` (negative counts from the end). */
  at(idx: number): Parameter {
    return this._items.get(String(absIndex('ParameterList', idx, this.length)))!;
  }

  /** Replaces the parameter at `idx` (a tensor becomes a Parameter). */
  set(idx: number, param: Tensor): void {
    this.register_parameter(String(absIndex('ParameterList', idx, this.length)), asParameter(param));
  }

  /** A new ParameterList of the parameters in `[start, end)` (the same Parameter objects). */
  slice(start?: number, end?: number): ParameterList {
    const [s, e] = sliceBounds(this.length, start, end);
    return new ParameterList([...this._items.values()].slice(s, e));
  }

  /** Appends a parameter (a tensor becomes a Parameter). */
  append(value: Tensor): this {
    this.register_parameter(String(this.length), asParameter(value));
    return this;
  }

  /** Appends every tensor of `values`. */
  extend(values: Iterable<Tensor>): this {
    if (values === null || typeof (values as Partial<Iterable<Tensor>>)[Symbol.iterator] !== 'function') {
      throw new ArgumentError(`ParameterList.extend should be called with an iterable, but got ${typeof values}`);
    }
    for (const v of [...values]) this.append(v);
    return this;
  }

  [Symbol.iterator](): IterableIterator<Parameter> {
    return this._items.values();
  }

  override extra_repr(): string {
    return [...this._items].map(([k, p]) => line(k, p, `torch.${p.dtype}`)).join('\n');
  }
}

/**
 * An ordered dictionary of parameters. As in PyTorch 1.13, a plain object's entries are added in
 * sorted key order; a Map, another ParameterDict or `[key, tensor]` pairs keep their order.
 *
 * @example
 * ```ts
 * const p = new nn.ParameterDict(new Map([['left', torch.randn(5, 10)], ['right', torch.randn(5, 10)]]));
 * const y = p.get('left').mm(x);
 * ```
 */
export class ParameterDict extends MapContainer<Parameter> {
  constructor(parameters?: Entries<Tensor> | ParameterDict) {
    super();
    if (parameters !== undefined) this.update(parameters);
  }

  protected override _sync(): void {}

  /** The parameter under `key` (an ArgumentError when there is none). */
  get(key: string): Parameter {
    const p = this._items.get(key);
    if (p === undefined) throw new ArgumentError(`ParameterDict: no parameter under key '${key}'`);
    return p;
  }

  /** Adds or replaces the parameter under `key` (a tensor becomes a Parameter). */
  set(key: string, value: Tensor): void {
    this.register_parameter(key, asParameter(value));
  }

  has(key: string): boolean {
    return this._items.has(key);
  }

  /** Removes and returns the parameter under `key`. */
  pop(key: string): Parameter {
    const p = this.get(key);
    this._items.delete(key);
    return p;
  }

  delete(key: string): void {
    this.pop(key);
  }

  clear(): void {
    this._items.clear();
  }

  keys(): IterableIterator<string> {
    return this._items.keys();
  }

  values(): IterableIterator<Parameter> {
    return this._items.values();
  }

  items(): IterableIterator<[string, Parameter]> {
    return this._items.entries();
  }

  /** Adds entries; a plain object's keys are sorted first, as PyTorch 1.13 does for a dict. */
  update(parameters: Entries<Tensor> | ParameterDict): void {
    if (parameters instanceof ParameterDict) {
      for (const [k, p] of parameters.items()) this.set(k, p);
      return;
    }
    const list = entriesOf(parameters);
    const plain = !(parameters instanceof Map) && !(Symbol.iterator in parameters);
    if (plain) list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of list) {
      if (!isTensor(v)) throw new ArgumentError(`ParameterDict: the value under '${k}' must be a tensor, got ${typeof v}`);
      this.set(k, v);
    }
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this._items.keys();
  }

  override extra_repr(): string {
    return [...this._items].map(([k, p]) => line(k, p, TYPENAME[p.dtype])).join('\n');
  }
}
