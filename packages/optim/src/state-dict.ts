/**
 * Packing an optimiser's groups and state into PyTorch's `state_dict()` layout, and unpacking a
 * loaded one: tensors copied to the parameter's dtype and backend, everything validated before
 * the optimiser is touched.
 */
import { ArgumentError, BackendError, ShapeError, type Tensor, fmtShape, isTensor, no_grad, untrack } from '@proj/tensor';
import { disposeState } from './state.js';
import type { OptimizerStateDict, PackedParamGroup, ParamGroup, ParamState, StateValue } from './types.js';

const copyOption = (v: unknown): unknown => (Array.isArray(v) ? [...(v as unknown[])] : v);

/** `state_dict()`: options copied, parameters as indices; state tensors are the live ones. */
export function pack<S extends ParamState>(groups: readonly ParamGroup[], state: ReadonlyMap<Tensor, S>): OptimizerStateDict<S> {
  const index = new Map<Tensor, number>();
  const param_groups = groups.map((g) => {
    const packed: PackedParamGroup = { params: [] };
    for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = copyOption(v);
    packed.params = g.params.map((p) => {
      if (!index.has(p)) index.set(p, index.size);
      return index.get(p)!;
    });
    return packed;
  });
  const packedState: Record<number, S> = {};
  for (const [p, s] of state) {
    const i = index.get(p);
    if (i !== undefined) packedState[i] = { ...s };
  }
  return { state: packedState, param_groups };
}

/** A state tensor copied for `param`: its dtype (when floating) and backend, outside scopes. */
function castTensor(opt: string, param: Tensor, index: number, key: string, v: Tensor): Tensor {
  if (v.shape.length !== param.shape.length || v.shape.some((s, i) => s !== param.shape[i])) {
    throw new ShapeError(
      `${opt}: loaded state '${key}' of parameter ${index} has shape ${fmtShape(v.shape)}, but the parameter has shape ${fmtShape(param.shape)}`,
    );
  }
  return no_grad(() => {
    const typed = param.is_floating_point() ? v.to(param.dtype) : v;
    const moved = typed.to(param.device);
    if (typed !== v && typed !== moved) typed.dispose();
    const own = moved === v ? v.clone() : moved;
    untrack(own);
    return own;
  });
}

function castValue(opt: string, param: Tensor, index: number, key: string, v: unknown): StateValue {
  if (isTensor(v)) {
    // `step` is a host counter here (PyTorch 1.13 keeps a 0-d tensor for some optimisers).
    if (key === 'step') {
      if (v.numel() !== 1) throw new ArgumentError(`${opt}: loaded state 'step' of parameter ${index} must hold one value, got shape ${fmtShape(v.shape)}`);
      try {
        return v.item();
      } catch (e) {
        if (!BackendError.isInstance(e)) throw e;
        throw new BackendError(
          `${opt}: loaded state 'step' of parameter ${index} is a tensor on the '${v.device}' backend, which cannot be read synchronously; pass step as a number, or create the state dict's tensors on the cpu backend (load_state_dict moves them to each parameter's backend)`,
        );
      }
    }
    return castTensor(opt, param, index, key, v);
  }
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new ArgumentError(`${opt}: loaded state '${key}' of parameter ${index} must be a tensor, number, boolean or null, got ${typeof v}`);
}

/**
 * Builds the groups and state that `load_state_dict(sd)` installs. Throws (having disposed any
 * copies it made) before anything is installed when `sd` does not fit the optimiser.
 */
export function unpack<S extends ParamState>(
  opt: string,
  groups: readonly ParamGroup[],
  defaults: Readonly<Record<string, unknown>>,
  sd: unknown,
  validate: (group: ParamGroup) => void,
): { groups: ParamGroup[]; state: Map<Tensor, S> } {
  const d = sd as Partial<OptimizerStateDict> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.param_groups) || !d.state || typeof d.state !== 'object') {
    throw new ArgumentError(`${opt}: load_state_dict expects an object with 'state' and 'param_groups' entries, as state_dict() returns`);
  }
  const saved = d.param_groups;
  if (saved.length !== groups.length) {
    throw new ArgumentError(
      `${opt}: loaded state dict has a different number of parameter groups (${saved.length}; the optimizer has ${groups.length})`,
    );
  }
  const byIndex = new Map<number, Tensor>();
  saved.forEach((sg, i) => {
    const mine = groups[i]!.params;
    if (!sg || !Array.isArray(sg.params) || sg.params.length !== mine.length) {
      throw new ArgumentError(
        `${opt}: loaded state dict contains a parameter group that doesn't match the size of optimizer's group (group ${i}: ${Array.isArray(sg?.params) ? sg.params.length : 'no'} parameters, expected ${mine.length})`,
      );
    }
    sg.params.forEach((idx, j) => {
      byIndex.set(idx, mine[j]!);
    });
  });
  const newGroups = saved.map((sg, i) => {
    const g: ParamGroup = { ...defaults, lr: groups[i]!.lr, params: groups[i]!.params };
    for (const [k, v] of Object.entries(sg)) if (k !== 'params') g[k] = copyOption(v);
    return g;
  });
  for (const g of newGroups) validate(g);

  const state = new Map<Tensor, S>();
  try {
    for (const [k, v] of Object.entries(d.state as Record<string, unknown>)) {
      const index = Number(k);
      const param = byIndex.get(index);
      if (!param) {
        throw new ArgumentError(`${opt}: loaded state dict holds state for parameter ${k}, but its groups list parameters ${[...byIndex.keys()].join(', ')}`);
      }
      if (!v || typeof v !== 'object') throw new ArgumentError(`${opt}: loaded state of parameter ${k} must be an object, got ${String(v)}`);
      const s: ParamState = {};
      state.set(param, s as S);
      for (const [key, value] of Object.entries(v)) s[key] = castValue(opt, param, index, key, value);
    }
  } catch (e) {
    for (const s of state.values()) disposeState(s);
    throw e;
  }
  return { groups: newGroups, state };
}
