/**
 * `state_dict()` and `load_state_dict()`: PyTorch's keys, order, and error messages.
 */
import { ArgumentError, type Tensor, isTensor, no_grad } from '@proj/tensor';
import type { Module } from './module.js';

/** A state dict: dotted names to tensors, in PyTorch's order. */
export type StateDict = Map<string, Tensor>;

export interface StateDictOptions {
  /** Prepended to every key. */
  prefix?: string;
  /** Return the parameters and buffers themselves rather than detached aliases (default false). */
  keep_vars?: boolean;
}

export interface LoadStateDictOptions {
  /** Require the keys to match the module's exactly (default true). */
  strict?: boolean;
}

/** What `load_state_dict` returns, as PyTorch's `_IncompatibleKeys`. */
export interface IncompatibleKeys {
  missing_keys: string[];
  unexpected_keys: string[];
}

const EXTRA_STATE = '_extra_state';

/** `module.state_dict()`: own parameters, own persistent buffers, then each child under `name.`. */
export function stateDict(module: Module, opts: StateDictOptions = {}): StateDict {
  const out: StateDict = new Map();
  const keepVars = opts.keep_vars ?? false;
  const visit = (m: Module, prefix: string): void => {
    for (const [name, p] of m._ownParameters()) out.set(prefix + name, keepVars ? p : p.detach());
    for (const [name, b, persistent] of m._ownBuffers()) if (persistent) out.set(prefix + name, keepVars ? b : b.detach());
    for (const [name, child] of m._ownModules()) visit(child, `${prefix}${name}.`);
  };
  visit(module, opts.prefix ?? '');
  return out;
}

const size = (shape: readonly number[]) => `torch.Size([${shape.join(', ')}])`;

/**
 * `module.load_state_dict(sd, { strict })`. Unlike PyTorch, which copies what it can before it
 * raises, every check runs before the first copy, so a failed load leaves the module untouched.
 */
export function loadStateDict(
  module: Module,
  stateDict: Map<string, Tensor> | Record<string, Tensor>,
  opts: LoadStateDictOptions = {},
): IncompatibleKeys {
  const strict = opts.strict ?? true;
  if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict)) {
    throw new ArgumentError(`load_state_dict: Expected state_dict to be dict-like, got ${stateDict === null ? 'null' : typeof stateDict}.`);
  }
  const sd = new Map<string, unknown>(stateDict instanceof Map ? stateDict : Object.entries(stateDict));
  const missing: string[] = [];
  const unexpected: string[] = [];
  const errors: string[] = [];
  const copies: [Tensor, Tensor][] = [];
  const temps: Tensor[] = [];

  const load = (m: Module, local: Map<string, unknown>, prefix: string): void => {
    const localState = new Map<string, Tensor>(m._ownParameters());
    for (const [name, b, persistent] of m._ownBuffers()) if (persistent) localState.set(name, b);
    for (const [name, param] of localState) {
      const key = prefix + name;
      if (!local.has(key)) {
        missing.push(key);
        continue;
      }
      let input = local.get(key);
      if (!isTensor(input)) {
        errors.push(
          `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${input === null ? 'null' : typeof input}`,
        );
        continue;
      }
      // PyTorch's backward compatibility: a 1-element 1-D tensor loads into a 0-dim one.
      if (param.ndim === 0 && input.ndim === 1 && (input.shape[0] ?? 0) > 0) temps.push((input = input.select(0, 0)));
      const t = input as Tensor;
      if (t.ndim !== param.ndim || t.shape.some((s, i) => s !== param.shape[i])) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape ${size(t.shape)} from checkpoint, the shape in current model is ${size(param.shape)}.`,
        );
        continue;
      }
      copies.push([param, t]);
    }
    const extraKey = prefix + EXTRA_STATE;
    if (local.has(extraKey)) unexpected.push(extraKey);
    const children = new Set(m._ownModules().map(([n]) => n));
    for (const key of local.keys()) {
      if (!key.startsWith(prefix) || key === extraKey) continue;
      const head = key.slice(prefix.length).split('.', 1)[0]!;
      if (!children.has(head) && !localState.has(head)) unexpected.push(key);
    }
    for (const [name, child] of m._ownModules()) {
      const childPrefix = `${prefix}${name}.`;
      load(child, new Map([...local].filter(([k]) => k.startsWith(childPrefix))), childPrefix);
    }
  };
  load(module, sd, '');

  if (strict) {
    if (unexpected.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
    if (missing.length > 0) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
  }
  try {
    if (errors.length > 0) {
      throw new ArgumentError(`Error(s) in loading state_dict for ${module._get_name()}:\n\t${errors.join('\n\t')}`);
    }
    no_grad(() => {
      for (const [param, t] of copies) param.copy_(t);
    });
  } finally {
    for (const t of temps) t.dispose();
  }
  return { missing_keys: missing, unexpected_keys: unexpected };
}
