/**
 * The shapes of what optimisers hold and exchange: parameter groups, per-parameter state, and
 * `state_dict()`'s layout (PyTorch's: state keyed by parameter index, groups with index lists).
 */
import type { Tensor } from '@proj/tensor';

/** One value of a parameter's optimiser state: a tensor, a counter such as `step`, or null. */
export type StateValue = Tensor | number | boolean | null | undefined;

/** One parameter's optimiser state, PyTorch's `optimizer.state[p]` (e.g. `{ step, exp_avg }`). */
export type ParamState = { [key: string]: StateValue };

/**
 * A parameter group as an optimiser holds it: its tensors and its options. Options are plain,
 * mutable fields (`group.lr = 0.01`), which is how learning-rate schedulers drive an optimiser;
 * schedulers also record their own entries here (`initial_lr`, `max_lr`, …) as PyTorch does.
 */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  initial_lr?: number;
  max_lr?: number;
  min_lr?: number;
  max_momentum?: number;
  base_momentum?: number;
  [option: string]: unknown;
}

/** A parameter group as given to a constructor or `add_param_group`: tensors plus option overrides. */
export type ParamGroupInput<O> = { params: Tensor | Iterable<Tensor> } & Partial<O>;

/** What an optimiser constructor takes: tensors, or parameter groups with per-group options. */
export type Params<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** A parameter group in a state dict: its options, and its parameters as indices. */
export interface PackedParamGroup {
  params: number[];
  [option: string]: unknown;
}

/**
 * `optimizer.state_dict()`: PyTorch's layout. `state` maps a parameter's index (its position
 * across all groups, in order) to its state; parameters without state are absent.
 */
export interface OptimizerStateDict<S extends ParamState = ParamState> {
  state: Record<number, S>;
  param_groups: PackedParamGroup[];
}
