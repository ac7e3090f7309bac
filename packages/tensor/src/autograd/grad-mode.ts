/**
 * Grad mode: whether ops record the autograd graph. `no_grad(fn)` and `enable_grad(fn)` are the
 * function forms of PyTorch's context managers; async functions keep the mode until they settle.
 */

let enabled = true;

export function is_grad_enabled(): boolean {
  return enabled;
}

/** Sets grad mode globally and returns the previous mode. */
export function set_grad_enabled(mode: boolean): boolean {
  const prev = enabled;
  enabled = mode;
  return prev;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  const prev = set_grad_enabled(mode);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    enabled = prev;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      enabled = prev;
    }) as T;
  }
  enabled = prev;
  return result;
}

/**
 * Runs `fn` without recording gradients, as `with torch.no_grad():`.
 *
 * @example
 * ```ts
 * const pred = no_grad(() => model.forward(x).argmax(1));
 * ```
 */
export function no_grad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/** Runs `fn` with gradients recorded, even inside `no_grad`. */
export function enable_grad<T>(fn: () => T): T {
  return withMode(true, fn);
}
