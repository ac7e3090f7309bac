/**
 * A node of the autograd graph: the backward function of one op, the edges to its inputs' nodes
 * (or to leaf tensors, which accumulate `.grad`), and the tensors it saved for backward.
 *
 * Nodes are refcounted by the tensors whose `grad_fn` they are and by the nodes downstream. When
 * the count drops to zero (the outputs were disposed), the saved tensors are freed at once, so a
 * forward pass that never runs backward does not hold memory.
 */
import { StateError } from '../errors.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * Computes the gradients of an op's inputs from the gradient of its output. Returns one entry per
 * input (null where an input needs no gradient: `needs[i]` says which do). Runs with grad mode
 * off, inside a scope, so temporaries it creates are freed automatically.
 */
export type BackwardFn = (
  grad: Tensor,
  saved: readonly (Tensor | null)[],
  needs: readonly boolean[],
) => readonly (Tensor | null | undefined)[];

/** An edge: the producing node of a non-leaf input, or the leaf tensor itself. */
export type Edge = Node | Tensor | null;

const FREED: BackwardFn = () => [];

export class Node {
  refs = 0;
  /** Which inputs need a gradient (have an edge). */
  readonly needs: readonly boolean[];
  /** Tensors that called `retain_grad()` and whose grad this node's incoming grad is. */
  retainers: Tensor[] | null = null;
  private freed = false;

  constructor(
    readonly name: string,
    readonly next: readonly Edge[],
    private fn: BackwardFn,
    private saved: (Tensor | null)[],
    private readonly versions: readonly number[],
  ) {
    for (const e of next) if (e instanceof Node) e.refs++;
    this.needs = next.map((e) => e !== null);
  }

  /** The saved tensors, checked against in-place modification and against a freed graph. */
  unpack(): readonly (Tensor | null)[] {
    if (this.freed) {
      throw new StateError(
        `${this.name}: trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call backward() or autograd.grad(). Specify retain_graph: true if you need to backward through the graph a second time.`,
      );
    }
    this.saved.forEach((t, i) => {
      if (!t) return;
      const v = t._storage.version;
      if (v !== this.versions[i]) {
        throw new StateError(
          `${this.name}: one of the variables needed for gradient computation has been modified by an inplace operation: [${t.dtype} ${fmtShape(t.shape)}] is at version ${v}; expected version ${this.versions[i]} instead`,
        );
      }
    });
    return this.saved;
  }

  /** Runs the backward function on the incoming gradient. */
  backward(grad: Tensor): readonly (Tensor | null | undefined)[] {
    return this.fn(grad, this.unpack(), this.needs);
  }

  /**
   * Frees the graph's memory after backward (unless it is retained): the saved tensors, and the
   * backward function itself, whose closure may capture the op's inputs. PyTorch's nodes hold no
   * inputs, so keeping a loss after backward must not keep every activation alive here either.
   */
  freeSaved(): void {
    this.freed = true;
    for (const t of this.saved) t?.dispose();
    this.saved = [];
    this.fn = FREED;
  }

  retain(): void {
    this.refs++;
  }

  /** Drops one holder; at zero, frees the saved tensors and releases the inputs' nodes (iteratively: graphs can be deep). */
  release(): void {
    const work: Node[] = [this];
    for (let n = work.pop(); n; n = work.pop()) {
      if (--n.refs > 0) continue;
      for (const t of n.saved) t?.dispose();
      n.saved = [];
      n.retainers = null;
      for (const e of n.next) if (e instanceof Node) work.push(e);
    }
  }
}
