/**
 * The backend registry: `registerBackend`, `setBackend`, `getBackend`. One registry per process,
 * shared through `globalThis` so that duplicate copies of `@proj/tensor` agree. Nothing registers
 * itself on import: an app calls `registerBackend(cpu())` (or `await webgpu()`) explicitly.
 */
import { ArgumentError, BackendError } from '../errors.js';
import { type Backend, SPEC_VERSION } from './backend.js';

interface Registry {
  backends: Map<string, Backend>;
  current: Backend | null;
}

const KEY = Symbol.for('@proj/backend-registry');
const registry: Registry = ((globalThis as Record<symbol, unknown>)[KEY] as Registry | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { backends: new Map(), current: null } as Registry);

/**
 * Makes a backend available by its `name`. The first backend registered becomes the current one
 * unless `setBackend` picks another. Registering a name again replaces the earlier backend.
 *
 * @example
 * ```ts
 * import { registerBackend } from '@proj/tensor';
 * import { cpu } from '@proj/backend-cpu';
 * registerBackend(cpu());
 * ```
 */
export function registerBackend(backend: Backend): void {
  if (backend.specVersion !== SPEC_VERSION) {
    throw new BackendError(
      `registerBackend: backend '${backend.name}' implements interface version ${backend.specVersion}, but this @proj/tensor expects version ${SPEC_VERSION}`,
    );
  }
  registry.backends.set(backend.name, backend);
  if (registry.current === null || registry.current.name === backend.name) registry.current = backend;
}

/** Removes a backend from the registry (its live tensors keep working until disposed). */
export function unregisterBackend(name: string): void {
  registry.backends.delete(name);
  if (registry.current?.name === name) registry.current = registry.backends.values().next().value ?? null;
}

/** Chooses the backend on which new tensors are created. */
export function setBackend(name: string): void {
  registry.current = getBackend(name);
}

/** The backend named `name`, or the current one when no name is given. */
export function getBackend(name?: string): Backend {
  if (name === undefined) {
    if (registry.current) return registry.current;
    throw new BackendError(
      'no backend is registered: call registerBackend(cpu()) from @proj/backend-cpu (or another backend) first',
    );
  }
  const b = registry.backends.get(name);
  if (!b) {
    const known = [...registry.backends.keys()].map((k) => `'${k}'`).join(', ') || 'none';
    throw new ArgumentError(`getBackend: no backend named '${name}' is registered (registered: ${known})`);
  }
  return b;
}

/** The names of the registered backends, in registration order. */
export function listBackends(): string[] {
  return [...registry.backends.keys()];
}
