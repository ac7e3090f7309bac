/**
 * `optimizer.state`: a Map from parameter to its state that owns the tensors it holds. Replacing
 * an entry, deleting it, or clearing the map disposes the tensors that leave it.
 */
import { type Tensor, isTensor } from '@proj/tensor';
import type { ParamState } from './types.js';

function tensorsOf(s: ParamState): Tensor[] {
  return Object.values(s).filter((v): v is Tensor => isTensor(v));
}

/** Disposes the tensors of `old` that `next` does not hold. */
export function disposeState(old: ParamState, next?: ParamState): void {
  const kept = new Set(next ? tensorsOf(next) : []);
  for (const t of tensorsOf(old)) if (!kept.has(t)) t.dispose();
}

/**
 * PyTorch's `optimizer.state`, keyed by the parameter tensor. Optimiser state tensors live
 * outside every `scope()`; they are freed when their entry is replaced (`set`), removed
 * (`delete`), or cleared (`clear()`, `load_state_dict`).
 *
 * @example
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * // … train …
 * opt.state.get(weight)?.exp_avg;  // the first moment of `weight`
 * opt.state.clear();                // frees every state tensor (the optimiser starts afresh)
 * ```
 */
export class OptimizerState<S extends ParamState = ParamState> extends Map<Tensor, S> {
  override set(param: Tensor, s: S): this {
    const old = super.get(param);
    super.set(param, s);
    if (old && old !== s) disposeState(old, s);
    return this;
  }

  override delete(param: Tensor): boolean {
    const old = super.get(param);
    const had = super.delete(param);
    if (old) disposeState(old);
    return had;
  }

  override clear(): void {
    const all = [...super.values()];
    super.clear();
    for (const s of all) disposeState(s);
  }
}
