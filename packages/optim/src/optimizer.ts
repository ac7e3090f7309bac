/**
 * `Optimizer`: the base of every optimiser, PyTorch's `torch.optim.Optimizer`. It owns the
 * parameter groups, the per-parameter state, `zero_grad`, `step(closure?)`, `add_param_group`
 * and `state_dict` / `load_state_dict`; a subclass supplies one parameter's update.
 */
import { ArgumentError, BackendError, DTypeError, ShapeError, StateError, type Tensor, enable_grad, fmtShape, isTensor, no_grad, scope } from '@proj/tensor';
import { knownKeys } from './check.js';
import { OptimizerState } from './state.js';
import { pack, unpack } from './state-dict.js';
import type { OptimizerStateDict, ParamGroup, ParamGroupInput, ParamState, Params } from './types.js';

/** What a subclass tells the base class about its options. */
export interface OptimizerSpec<O> {
  /** The class name, which starts every error message. */
  name: string;
  /** Every option with its default; `undefined` marks an option each group must set (SGD's lr). */
  defaults: { [K in keyof O]: O[K] | undefined };
  /** Throws a typed error for an invalid option value; keys absent or undefined are skipped. */
  validate(options: Partial<O>): void;
}

export interface ZeroGradOptions {
  /** Drop (and dispose) the gradients instead of filling them with zeros. Default true. */
  set_to_none?: boolean;
}

/** A parameter group of an optimiser with options `O`. */
export type GroupOf<O> = ParamGroup & O;

const kindOf = (v: unknown): string =>
  v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;

/**
 * The base class of the optimisers. A subclass passes its {@link OptimizerSpec} to the
 * constructor and implements `_update(param, grad, group)`, which runs once per parameter that
 * has a gradient, under `no_grad` and inside a `scope` (temporaries are freed; state tensors it
 * creates must be kept with `untrack`/`keep` and stored in `this.state`).
 *
 * @example
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zero_grad();
 * loss_fn(model.forward(x), y).backward();
 * opt.step();
 * ```
 */
export abstract class Optimizer<O extends object = object, S extends ParamState = ParamState> {
  /** The constructor's options merged over the optimiser's defaults (PyTorch's `defaults`). */
  readonly defaults: Readonly<Partial<O>>;
  /** The parameter groups; their options are plain fields that may be changed between steps. */
  param_groups: GroupOf<O>[] = [];
  /** Per-parameter state (momentum buffers, moment estimates, step counts), keyed by parameter. */
  readonly state = new OptimizerState<S>();
  private readonly _spec: OptimizerSpec<O>;

  constructor(params: Params<O>, options: Partial<O>, spec: OptimizerSpec<O>) {
    this._spec = spec;
    const name = spec.name;
    if (options === null || typeof options !== 'object') {
      throw new ArgumentError(`${name}: options must be an object, got ${kindOf(options)}`);
    }
    knownKeys(name, 'option', options, Object.keys(spec.defaults));
    const defaults: Partial<O> = { ...spec.defaults } as Partial<O>;
    for (const [k, v] of Object.entries(options)) if (v !== undefined) (defaults as Record<string, unknown>)[k] = v;
    spec.validate(defaults);
    this.defaults = defaults;

    if (isTensor(params) || params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
      throw new ArgumentError(
        `${name}: params argument given to the optimizer should be an iterable of Tensors or parameter groups, but got ${isTensor(params) ? 'a Tensor' : kindOf(params)}`,
      );
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ArgumentError(`${name}: optimizer got an empty parameter list`);
    const groups = isTensor(list[0]) ? [{ params: list as Tensor[] }] : (list as ParamGroupInput<O>[]);
    try {
      for (const g of groups) this.add_param_group(g as ParamGroupInput<O>);
    } catch (e) {
      this.state.clear(); // state that earlier groups created (Adagrad's) would otherwise leak
      throw e;
    }
  }

  /**
   * Adds a parameter group (e.g. layers unfrozen while fine-tuning). Options it leaves out take
   * the optimiser's defaults.
   *
   * @example
   * ```ts
   * opt.add_param_group({ params: head.parameters(), lr: 1e-3 });
   * ```
   */
  add_param_group(param_group: ParamGroupInput<O>): void {
    const name = this._spec.name;
    if (param_group === null || typeof param_group !== 'object' || isTensor(param_group) || !('params' in param_group)) {
      throw new ArgumentError(`${name}: a parameter group must be an object with a 'params' entry, got ${kindOf(param_group)}`);
    }
    knownKeys(name, 'parameter group option', param_group, ['params', ...Object.keys(this._spec.defaults)]);
    const { params, ...opts } = param_group as { params: unknown } & Record<string, unknown>;
    let list: unknown[];
    if (isTensor(params)) list = [params];
    else if (params instanceof Set) {
      throw new ArgumentError(
        `${name}: optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use an array instead.`,
      );
    } else if (params !== null && typeof params === 'object' && Symbol.iterator in params) list = [...(params as Iterable<unknown>)];
    else throw new ArgumentError(`${name}: a parameter group's 'params' must be a Tensor or an iterable of Tensors, got ${kindOf(params)}`);

    const seen = new Set<Tensor>();
    for (const p of list) {
      if (!isTensor(p)) throw new ArgumentError(`${name}: optimizer can only optimize Tensors, but one of the params is ${kindOf(p)}`);
      if (p.isDisposed) throw new StateError(`${name}: one of the params (shape [${p.shape}]) has been disposed`);
      if (!p.is_leaf && !p.retains_grad) {
        throw new ArgumentError(`${name}: can't optimize a non-leaf Tensor (shape [${p.shape}], grad_fn ${p.grad_fn?.name}); pass the leaf tensors, or .detach().requires_grad_() a copy`);
      }
      if (!p.is_floating_point()) throw new DTypeError(`${name}: can only optimize floating point tensors, but one of the params is ${p.dtype}`);
      if (seen.has(p)) throw new ArgumentError(`${name}: a parameter group lists the same parameter (shape [${p.shape}]) twice`);
      seen.add(p);
    }

    const group: Record<string, unknown> = { ...this.defaults };
    for (const [k, v] of Object.entries(opts)) if (v !== undefined) group[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
    for (const [k, v] of Object.entries(this._spec.defaults)) {
      if (v === undefined && group[k] === undefined) {
        throw new ArgumentError(`${name}: parameter group didn't specify a value of required optimization parameter ${k}`);
      }
    }
    this._spec.validate(group as Partial<O>);
    for (const g of this.param_groups) {
      if (g.params.some((p) => seen.has(p))) throw new ArgumentError(`${name}: some parameters appear in more than one parameter group`);
    }
    group.params = list as Tensor[];
    this.param_groups.push(group as GroupOf<O>);
  }

  /**
   * Resets the gradients of every parameter: by default drops them (`.grad = null`, disposing the
   * tensors), or with `{ set_to_none: false }` fills them with zeros.
   */
  zero_grad({ set_to_none = true }: ZeroGradOptions = {}): void {
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        if (set_to_none) {
          p.grad = null;
          g.dispose();
        } else no_grad(() => g.zero_());
      }
    }
  }

  /**
   * Performs one optimisation step on every parameter that has a gradient. `closure`, if given,
   * re-evaluates the model and returns the loss; it runs with gradients enabled and its result
   * is returned (awaited first when it returns a promise).
   *
   * @example
   * ```ts
   * const loss = opt.step(() => {
   *   opt.zero_grad();
   *   const l = F.mse_loss(model.forward(x), y);
   *   l.backward();
   *   return l;
   * });
   * ```
   */
  step(): undefined;
  step<L>(closure: () => Promise<L>): Promise<L>;
  step<L>(closure: () => L): L;
  step<L>(closure?: () => L | Promise<L>): L | Promise<L> | undefined {
    if (closure === undefined) {
      this._stepAll();
      return undefined;
    }
    const loss = enable_grad(closure);
    if (loss instanceof Promise) {
      return loss.then((l) => {
        this._stepAll();
        return l;
      });
    }
    this._stepAll();
    return loss;
  }

  private _stepAll(): void {
    this._checkStep();
    no_grad(() => {
      for (const group of this.param_groups) {
        for (const p of group.params) {
          const grad = p.grad;
          if (grad) scope(() => this._update(p, grad, group));
        }
      }
    });
  }

  /**
   * Everything a step reads, checked before any parameter is written, so that a refused step
   * leaves every parameter and its state as it was: the groups' options (a scheduler or the user
   * may have set them since), and each parameter and gradient alive, of one shape and backend.
   */
  private _checkStep(): void {
    const name = this._spec.name;
    this.param_groups.forEach((group, gi) => {
      this._spec.validate(group as Partial<O>);
      group.params.forEach((p, pi) => {
        const where = `param ${pi} of param_groups[${gi}]`;
        if (p.isDisposed) throw new StateError(`${name}: ${where} (${p.dtype} [${p.shape}]) has been disposed`);
        const g = p.grad;
        if (!g) return;
        if (g.isDisposed) throw new StateError(`${name}: the gradient of ${where} (${g.dtype} [${g.shape}]) has been disposed`);
        if (g.shape.length !== p.shape.length || g.shape.some((s, i) => s !== p.shape[i])) {
          throw new ShapeError(`${name}: the gradient of ${where} has shape ${fmtShape(g.shape)}, but the parameter has shape ${fmtShape(p.shape)}`);
        }
        if (g.device !== p.device) {
          throw new BackendError(`${name}: the gradient of ${where} is on the '${g.device}' backend, but the parameter is on '${p.device}'`);
        }
        if (!g.is_floating_point()) throw new DTypeError(`${name}: the gradient of ${where} is ${g.dtype}; expected a floating point gradient`);
      });
    });
  }

  /** One parameter's update, in place; see the class documentation. */
  protected abstract _update(param: Tensor, grad: Tensor, group: GroupOf<O>): void;

  /**
   * The optimiser's state in PyTorch's layout: `state` keyed by parameter index (position across
   * all groups) and `param_groups` with their options and parameter indices. Its tensors are the
   * optimiser's own (as in PyTorch): `clone()` them to keep a snapshot across later steps.
   */
  state_dict(): OptimizerStateDict<S> {
    return pack(this.param_groups, this.state);
  }

  /**
   * Loads a state from `state_dict()` (or from PyTorch's layout, e.g. a `.pt` checkpoint): copies
   * its tensors to each parameter's dtype and backend, replaces (and disposes) the current state
   * and takes the saved groups' options. Nothing changes when it throws.
   */
  load_state_dict(state_dict: OptimizerStateDict): void {
    const { groups, state } = unpack<S>(this._spec.name, this.param_groups, this.defaults as Record<string, unknown>, state_dict, (g) =>
      this._spec.validate(g as unknown as Partial<O>),
    );
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
    this.param_groups = groups as GroupOf<O>[];
  }

  /** @internal The state of `param`, created by `init` on first use. */
  protected _stateOf(param: Tensor, init: () => S): S {
    let s = this.state.get(param);
    if (!s) {
      s = init();
      this.state.set(param, s);
    }
    return s;
  }
}
