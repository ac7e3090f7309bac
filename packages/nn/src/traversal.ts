/**
 * Walking a module tree for tensors: PyTorch's `_named_members` (each tensor once, dotted names)
 * and the in-place moves of `Module.to()`.
 */
import { DTYPES, type DType, type Tensor, no_grad } from '@proj/tensor';
import type { Module } from './module.js';

/** Each module's own tensors from `own`, with dotted names; a tensor shared by several appears once. */
export function* namedMembers<T extends Tensor>(
  root: Module,
  own: (m: Module) => [string, T, ...unknown[]][],
  prefix: string,
  recurse: boolean,
): Generator<[string, T]> {
  const memo = new Set<T>();
  const mods: Iterable<[string, Module]> = recurse ? root.named_modules(new Set(), prefix) : [[prefix, root]];
  for (const [mp, m] of mods) {
    for (const [name, t] of own(m)) {
      if (memo.has(t)) continue;
      memo.add(t);
      yield [mp ? `${mp}.${name}` : name, t];
    }
  }
}

/**
 * Moves tensors (and their gradients) to a backend, or casts the floating ones to a dtype, in
 * place: each keeps its identity and takes the new storage (PyTorch's `param.data = …`).
 */
export function moveTensors(tensors: readonly Tensor[], target: DType | string): void {
  const isDtype = (DTYPES as readonly string[]).includes(target);
  const move = (t: Tensor) => {
    if (isDtype && !t.is_floating_point()) return;
    const moved = t.to(target);
    if (moved === t) return;
    t._setData(moved);
    moved.dispose();
  };
  no_grad(() => {
    for (const t of tensors) {
      move(t);
      if (t.grad) move(t.grad);
    }
  });
}
