/**
 * The backward pass: walks the graph from the roots in topological order, calls each node's
 * backward function once with the sum of the gradients that reached it, and accumulates into
 * leaves' `.grad` (or captures them for `autograd.grad`).
 */
import { ArgumentError, StateError } from '../errors.js';
import { scope, untrack } from '../memory/scope.js';
import type { Tensor } from '../tensor.js';
import { no_grad } from './grad-mode.js';
import { Node } from './node.js';

export interface EngineOptions {
  retain_graph: boolean;
  /** When set, gradients of these tensors are returned instead of accumulated into `.grad`. */
  capture: readonly Tensor[] | null;
  allow_unused?: boolean;
}

export function runBackward(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: EngineOptions): (Tensor | null)[] {
  const deps = new Map<Node, number>();
  const stack: Node[] = [];
  for (const r of roots) {
    if (r.grad_fn && !deps.has(r.grad_fn)) {
      deps.set(r.grad_fn, 0);
      stack.push(r.grad_fn);
    }
  }
  while (stack.length) {
    const n = stack.pop()!;
    for (const e of n.next) {
      if (!(e instanceof Node)) continue;
      const d = deps.get(e);
      if (d === undefined) {
        deps.set(e, 1);
        stack.push(e);
      } else deps.set(e, d + 1);
    }
  }

  const pending = new Map<Node, Tensor>();
  const captured = new Map<Tensor, Tensor>();
  const captureSet = opts.capture ? new Set(opts.capture) : null;

  const deliverLeaf = (leaf: Tensor, g: Tensor) => {
    if (captureSet) {
      if (captureSet.has(leaf)) accumulate(captured, leaf, g);
      else g.dispose();
    } else accumulateGrad(leaf, g);
  };

  roots.forEach((r, i) => {
    const g = rootGrads[i]!;
    if (r.grad_fn) accumulate(pending, r.grad_fn, g);
    else deliverLeaf(r, g);
  });

  const ready: Node[] = [];
  for (const r of roots) if (r.grad_fn && deps.get(r.grad_fn) === 0 && !ready.includes(r.grad_fn)) ready.push(r.grad_fn);

  try {
    while (ready.length) {
      const node = ready.pop()!;
      const g = pending.get(node);
      pending.delete(node);
      if (g) {
        if (node.retainers) for (const t of node.retainers) setRetainedGrad(t, g);
        if (captureSet) for (const t of captureSet) if (t.grad_fn === node) accumulate(captured, t, g._alias());
        let grads: readonly (Tensor | null | undefined)[];
        try {
          grads = scope(() => no_grad(() => node.backward(g)));
        } catch (e) {
          g.dispose();
          throw e;
        }
        if (!opts.retain_graph) node.freeSaved();
        const seen = new Set<Tensor>([g]);
        node.next.forEach((edge, i) => {
          let gi = grads[i];
          if (!edge || !gi) return;
          if (seen.has(gi)) gi = gi._alias();
          seen.add(gi);
          untrack(gi);
          if (edge instanceof Node) accumulate(pending, edge, gi);
          else deliverLeaf(edge, gi);
        });
        for (const x of grads) if (x && !seen.has(x)) x.dispose();
        g.dispose();
      } else if (!opts.retain_graph) node.freeSaved();
      for (const e of node.next) {
        if (!(e instanceof Node)) continue;
        const d = deps.get(e)! - 1;
        deps.set(e, d);
        if (d === 0) ready.push(e);
      }
    }
  } catch (e) {
    // A failed backward (e.g. through a freed graph) frees the gradients it was carrying.
    for (const g of pending.values()) g.dispose();
    for (const g of captured.values()) g.dispose();
    throw e;
  }

  if (!opts.capture) return [];
  return opts.capture.map((t, i) => {
    const g = captured.get(t);
    if (!g && !opts.allow_unused) {
      throw new StateError(
        `autograd.grad: input ${i} appears to not have been used in the graph; pass allow_unused: true if this is intended`,
      );
    }
    return g ?? null;
  });
}

function accumulate<K>(map: Map<K, Tensor>, key: K, g: Tensor): void {
  const prev = map.get(key);
  if (!prev) {
    map.set(key, g);
    return;
  }
  const sum = no_grad(() => prev.add(g));
  untrack(sum);
  prev.dispose();
  g.dispose();
  map.set(key, sum);
}

/** PyTorch's AccumulateGrad: the first gradient is stolen (or cloned if shared), later ones are added in place. */
function accumulateGrad(leaf: Tensor, g: Tensor): void {
  no_grad(() => {
    if (g.dtype !== leaf.dtype || !sameShape(g.shape, leaf.shape)) {
      throw new ArgumentError(
        `backward: gradient of shape [${g.shape}] (${g.dtype}) does not match the leaf's shape [${leaf.shape}] (${leaf.dtype})`,
      );
    }
    if (leaf.grad) {
      leaf.grad.add_(g);
      g.dispose();
      return;
    }
    const own = g._ownsContiguousStorage() ? g : g.clone();
    if (own !== g) g.dispose();
    untrack(own);
    leaf.grad = own;
  });
}

function setRetainedGrad(t: Tensor, g: Tensor): void {
  no_grad(() => {
    if (t.grad) t.grad.add_(g);
    else {
      const c = g.clone();
      untrack(c);
      t.grad = c;
    }
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
