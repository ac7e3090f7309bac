/**
 * Forward hooks: functions a module runs around `forward` when it is invoked with `call()`.
 */

/**
 * Runs before `forward` with the module and its arguments. Returning `undefined` keeps the
 * arguments; returning an array replaces them; any other value becomes the single argument.
 */
export type ForwardPreHook<M = unknown> = (module: M, args: unknown[]) => unknown;

/**
 * Runs after `forward` with the module, its arguments and its output. Returning `undefined`
 * keeps the output; any other value replaces it.
 */
export type ForwardHook<M = unknown> = (module: M, args: unknown[], output: unknown) => unknown;

let nextId = 0;

/**
 * What `register_forward_hook` and `register_forward_pre_hook` return: `remove()` unregisters the
 * hook. Works with `using` too.
 *
 * @example
 * ```ts
 * const h = model.register_forward_hook((m, args, out) => console.log(String(m), out));
 * model.call(x);
 * h.remove();
 * ```
 */
export class RemovableHandle {
  /** A process-wide unique id, as PyTorch's `handle.id`. */
  readonly id = nextId++;
  readonly #dicts: Map<number, unknown>[];

  /** @internal */
  constructor(...dicts: Map<number, unknown>[]) {
    this.#dicts = dicts;
  }

  /** Unregisters the hook; idempotent. */
  remove(): void {
    for (const d of this.#dicts) d.delete(this.id);
  }

  [Symbol.dispose](): void {
    this.remove();
  }
}

/** @internal The hook tables of one module (insertion-ordered, keyed by handle id). */
export interface HookTables {
  pre: Map<number, ForwardPreHook>;
  post: Map<number, ForwardHook>;
}

/** @internal Registers `hook` in `table` and returns its handle. */
export function addHook<H>(table: Map<number, H>, hook: H): RemovableHandle {
  const handle = new RemovableHandle(table as Map<number, unknown>);
  table.set(handle.id, hook);
  return handle;
}
