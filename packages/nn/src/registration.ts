/**
 * What `Module` needs to register members: its brand, its hidden state, and PyTorch's checks of
 * member names (`register_buffer`, `register_parameter`, `add_module`).
 */
import { ArgumentError, isTensor } from '@proj/tensor';
import type { HookTables } from './hooks.js';
import type { Module } from './module.js';
import { isParameter } from './parameter.js';

export const MODULE_BRAND = Symbol.for('@proj/nn.Module');

/** True for a {@link Module} (by brand, so it works across duplicate package copies). */
export function isModule(v: unknown): v is Module {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[MODULE_BRAND] === true;
}

/** @internal What a module keeps besides its fields; non-enumerable, so discovery never sees it. */
export interface ModuleState {
  buffers: Set<string>;
  nonPersistent: Set<string>;
  hooks: HookTables;
}

export function newState(): ModuleState {
  return { buffers: new Set(), nonPersistent: new Set(), hooks: { pre: new Map(), post: new Map() } };
}

type Kind = 'parameter' | 'buffer' | 'module';

/** A member name: a non-empty string without dots. */
function checkName(op: string, kind: Kind, name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new ArgumentError(`${op}: ${kind} name should be a string. Got ${typeof name}`);
  if (name.includes('.')) {
    throw new ArgumentError(`${op}: ${kind} name can't contain "."${kind === 'module' ? `, got: ${name}` : ''}`);
  }
  if (name === '') throw new ArgumentError(`${op}: ${kind} name can't be empty string ""`);
}

/**
 * PyTorch's `hasattr(self, name) and name not in self._<kind>s`: the name may be unset (or hold
 * a member of the same kind, or null for a parameter or module), but not name anything else,
 * methods included.
 */
function checkFree(m: Module, op: string, name: string, kind: Kind): void {
  if (!(name in m)) return;
  const v = (m as unknown as Record<string, unknown>)[name];
  const buffers = m._state.buffers;
  const same = v === undefined || (kind === 'buffer' ? buffers.has(name) : v === null || (kind === 'module' ? isModule(v) : isParameter(v)));
  if (!same || (kind !== 'buffer' && buffers.has(name))) throw new ArgumentError(`${op}: attribute '${name}' already exists`);
}

/** Every check PyTorch makes before registering `value` under `name` (the name, then the value). */
export function checkMember(m: Module, op: string, kind: Kind, name: string, value: unknown): void {
  if (kind === 'module' && value !== null && !isModule(value)) throw new ArgumentError(`${op}: ${String(value)} is not a Module subclass`);
  checkName(op, kind, name);
  checkFree(m, op, name, kind);
  if (value === null) return;
  if (kind === 'buffer' && !isTensor(value)) {
    throw new ArgumentError(`${op}: cannot assign '${typeof value}' object to buffer '${name}' (torch Tensor or None required)`);
  }
  if (kind === 'parameter') {
    if (!isParameter(value)) {
      throw new ArgumentError(
        `${op}: cannot assign '${isTensor(value) ? 'Tensor' : typeof value}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      );
    }
    if (value.grad_fn) {
      throw new ArgumentError(
        `${op}: Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
      );
    }
  }
}
