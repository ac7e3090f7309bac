/**
 * `nn.Module`: the base class of every layer and model. It owns parameters, buffers and child
 * modules, and does the bookkeeping (traversal, train/eval, hooks, state dicts, moves).
 *
 * Registration works by discovery: parameters and child modules are the module's own enumerable
 * fields whose values are Parameters and Modules, in insertion order; buffers are the fields named
 * by `register_buffer`. No Proxy and no setter is involved, so class fields, `#private` fields and
 * property access stay plain JavaScript (see the package README for why).
 */
import { ArgumentError, type DType, StateError, type Tensor, isTensor, keep, no_grad } from '@proj/tensor';
import { type ForwardHook, type ForwardPreHook, type RemovableHandle, addHook } from './hooks.js';
import { type Parameter, isParameter } from './parameter.js';
import { MODULE_BRAND, type ModuleState, checkMember, isModule, newState } from './registration.js';
import { moduleRepr } from './repr.js';
import { type IncompatibleKeys, type LoadStateDictOptions, type StateDict, type StateDictOptions, loadStateDict, stateDict } from './state-dict.js';
import { moveTensors, namedMembers } from './traversal.js';

export { isModule };

export interface RegisterBufferOptions {
  /** Whether the buffer is part of `state_dict()` (default true). */
  persistent?: boolean;
}

export interface ZeroGradOptions {
  /** Dispose the gradients and set them to null (default true) rather than zero them. */
  set_to_none?: boolean;
}

/**
 * The base class of all neural network modules. Subclass it, assign layers and Parameters to
 * fields (they are registered in assignment order), and write `forward`. Invoke a module with
 * `call(...)`, which runs the forward hooks around `forward`.
 *
 * @example
 * ```ts
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 2);
 *   forward(x: Tensor): Tensor { return this.fc2.call(F.relu(this.fc1.call(x))); }
 * }
 * const net = new Net();
 * const y = net.call(torch.randn(3, 4));
 * console.log(String(net), [...net.state_dict().keys()]);
 * ```
 */
export class Module {
  /** Whether the module is in training mode (`train()`/`eval()` set it recursively). */
  training = true;
  /** @internal */
  declare readonly _state: ModuleState;

  constructor() {
    Object.defineProperty(this, '_state', { value: newState(), enumerable: false });
  }

  /** @internal */
  get [MODULE_BRAND](): true {
    return true;
  }

  /** The computation of the module. Invoke the module with {@link Module.call} to run hooks too. */
  forward(..._args: unknown[]): unknown {
    throw new StateError(`Module [${this._get_name()}] is missing the required "forward" function`);
  }

  /** Runs the forward pre-hooks, `forward`, then the forward hooks (PyTorch's `module(x)`). */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    const { pre, post } = this._state.hooks;
    if (pre.size === 0 && post.size === 0) return this.forward(...args) as ReturnType<this['forward']>;
    let a: unknown[] = args;
    // Copies, so that a hook may remove itself (or others) while the hooks run.
    for (const hook of [...pre.values()]) {
      const r = hook(this, a);
      if (r !== undefined) a = Array.isArray(r) ? r : [r];
    }
    let out = this.forward(...a);
    for (const hook of [...post.values()]) {
      const r = hook(this, a, out);
      if (r !== undefined) out = r;
    }
    return out as ReturnType<this['forward']>;
  }

  // ---- registration ---------------------------------------------------------------------------

  /** @internal The fields that can hold parameters, buffers and children, in registration order. */
  protected _members(): [string, unknown][] {
    return Object.entries(this);
  }

  /** @internal Assigns a member; containers that keep members elsewhere override it. */
  protected _setMember(name: string, value: unknown): void {
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /**
   * Adds a buffer: state that is not a parameter (e.g. BatchNorm's `running_mean`). It is moved by
   * `to()` and, unless `persistent: false`, saved in `state_dict()`. It leaves every scope.
   */
  register_buffer(name: string, tensor: Tensor | null, opts: RegisterBufferOptions = {}): void {
    checkMember(this, 'register_buffer', 'buffer', name, tensor);
    if (tensor) keep(tensor);
    this._state.buffers.add(name);
    if (opts.persistent === false) this._state.nonPersistent.add(name);
    else this._state.nonPersistent.delete(name);
    this._setMember(name, tensor);
  }

  /** Adds a parameter (what assigning a Parameter to a field does); `null` marks an absent one. */
  register_parameter(name: string, param: Parameter | null): void {
    checkMember(this, 'register_parameter', 'parameter', name, param);
    this._setMember(name, param);
  }

  /** Adds a child module (what assigning a Module to a field does). */
  add_module(name: string, module: Module | null): void {
    checkMember(this, 'add_module', 'module', name, module);
    this._setMember(name, module);
  }

  /** Alias of {@link Module.add_module}. */
  register_module(name: string, module: Module | null): void {
    this.add_module(name, module);
  }

  /** @internal This module's own parameters (not null), in order. */
  _ownParameters(): [string, Parameter][] {
    const bufs = this._state.buffers;
    return this._members().filter((e): e is [string, Parameter] => !bufs.has(e[0]) && isParameter(e[1]));
  }

  /** @internal This module's own buffers (not null), with persistence. */
  _ownBuffers(): [string, Tensor, boolean][] {
    const { buffers, nonPersistent } = this._state;
    return this._members()
      .filter((e): e is [string, Tensor] => buffers.has(e[0]) && isTensor(e[1]))
      .map(([n, t]) => [n, t, !nonPersistent.has(n)]);
  }

  /** @internal This module's direct children (not null), shared ones included twice. */
  _ownModules(): [string, Module][] {
    return this._members().filter((e): e is [string, Module] => isModule(e[1]));
  }

  // ---- traversal ------------------------------------------------------------------------------

  /** The direct children with their names (a module assigned twice appears once). */
  *named_children(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [name, m] of this._ownModules()) {
      if (memo.has(m)) continue;
      memo.add(m);
      yield [name, m];
    }
  }

  /** The direct children. */
  *children(): Generator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  /** This module and all its descendants, pre-order, with dotted names (`''` for this one). */
  *named_modules(memo: Set<Module> = new Set(), prefix = '', remove_duplicate = true): Generator<[string, Module]> {
    if (memo.has(this)) return;
    if (remove_duplicate) memo.add(this);
    yield [prefix, this];
    for (const [name, m] of this._ownModules()) {
      yield* m.named_modules(memo, prefix ? `${prefix}.${name}` : name, remove_duplicate);
    }
  }

  /** This module and all its descendants. */
  *modules(): Generator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  /** The parameters with dotted names (shared ones once), as `named_parameters()`. */
  named_parameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    return namedMembers(this, (m) => m._ownParameters(), prefix, recurse);
  }

  /** The parameters (shared ones once), in registration order: what optimisers take. */
  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.named_parameters('', recurse)) yield p;
  }

  /** The buffers with dotted names, non-persistent ones included. */
  named_buffers(prefix = '', recurse = true): Generator<[string, Tensor]> {
    return namedMembers(this, (m) => m._ownBuffers(), prefix, recurse);
  }

  /** The buffers, non-persistent ones included. */
  *buffers(recurse = true): Generator<Tensor> {
    for (const [, b] of this.named_buffers('', recurse)) yield b;
  }

  /** The submodule at a dotted path (`'features.0'`); `''` is this module. */
  get_submodule(target: string): Module {
    if (target === '') return this;
    let mod: Module = this;
    for (const item of target.split('.')) {
      const child = mod._ownModules().find(([n]) => n === item)?.[1];
      if (!child) throw new ArgumentError(`get_submodule: ${mod._get_name()} has no attribute \`${item}\``);
      mod = child;
    }
    return mod;
  }

  /** Calls `fn` on every submodule (children first) and then on this module. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  // ---- modes and gradients --------------------------------------------------------------------

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ArgumentError('train: training mode is expected to be boolean');
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  /** `train(false)`: evaluation mode (Dropout off, BatchNorm uses running statistics). */
  eval(): this {
    return this.train(false);
  }

  /** Sets `requires_grad` on every parameter (e.g. `requires_grad_(false)` to freeze). */
  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }

  /** Resets the gradients: disposes them and sets `.grad = null`, or with `set_to_none: false` zeroes them. */
  zero_grad(opts: ZeroGradOptions = {}): void {
    const setToNone = opts.set_to_none ?? true;
    for (const p of this.parameters()) {
      const g = p.grad;
      if (!g) continue;
      if (setToNone) {
        p.grad = null;
        g.dispose();
      } else {
        no_grad(() => g.zero_());
      }
    }
  }

  // ---- moves, dtypes and lifetime -------------------------------------------------------------

  /** @internal Every parameter and buffer once (non-persistent buffers included). */
  _tensors(): Tensor[] {
    return [...new Set<Tensor>([...this.parameters(), ...this.buffers()])];
  }

  /**
   * Moves every parameter and buffer (and gradient) to a backend, `to('wasm')`, or casts the
   * floating ones to a dtype, `to('float64')`, in place: the Parameter objects stay the same, so an
   * optimiser built before the move still holds them.
   */
  to(target: DType | string): this {
    moveTensors(this._tensors(), target);
    return this;
  }

  /** Casts floating parameters and buffers to float32. */
  float(): this {
    return this.to('float32');
  }

  /** Casts floating parameters and buffers to float64. */
  double(): this {
    return this.to('float64');
  }

  /**
   * Casts floating parameters and buffers to float16, as PyTorch's `half()`. Only backends that
   * store float16 accept it (WebGPU on an adapter with `shader-f16`): move the module there first.
   */
  half(): this {
    return this.to('float16');
  }

  /**
   * Frees every parameter and buffer (and their gradients) of this module and its descendants.
   * Not in PyTorch, where the garbage collector does it; here backend memory is not collected.
   */
  dispose(): void {
    for (const t of this._tensors()) t.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- state dicts ----------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers by dotted name, as PyTorch's `state_dict()`: detached aliases
   * sharing storage (created in the current scope), or the tensors themselves with `keep_vars`.
   */
  state_dict(opts: StateDictOptions = {}): StateDict {
    return stateDict(this, opts);
  }

  /**
   * Copies values from a state dict into the parameters and buffers, in place. Throws PyTorch's
   * `Error(s) in loading state_dict for …` (an ArgumentError) for missing or unexpected keys under
   * `strict` (the default) and for shape mismatches always; returns the incompatible keys.
   */
  load_state_dict(state_dict: Map<string, Tensor> | Record<string, Tensor>, opts: LoadStateDictOptions = {}): IncompatibleKeys {
    return loadStateDict(this, state_dict, opts);
  }

  // ---- hooks ----------------------------------------------------------------------------------

  /** Registers a hook that runs before `forward` (and may replace its arguments). */
  register_forward_pre_hook(hook: ForwardPreHook<this>): RemovableHandle {
    return addHook(this._state.hooks.pre, hook as ForwardPreHook);
  }

  /** Registers a hook that runs after `forward` (and may replace its output). */
  register_forward_hook(hook: ForwardHook<this>): RemovableHandle {
    return addHook(this._state.hooks.post, hook as ForwardHook);
  }

  // ---- printing -------------------------------------------------------------------------------

  /** The class name, as printed by `toString()`. */
  _get_name(): string {
    return this.constructor.name;
  }

  /** The module's own settings for its repr (e.g. `in_features=4, out_features=8, bias=True`). */
  extra_repr(): string {
    return '';
  }

  /** PyTorch's repr, character for character. */
  toString(): string {
    return moduleRepr(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
