/**
 * Test helper: the backends the optimiser tests run on, in one place. Add wasm and webgpu here
 * (with the dtypes they store) and every fixture replay runs on them too.
 */
import { cpu } from '@proj/backend-cpu';
import { type Backend, type DType, listBackends, registerBackend, setBackend } from '@proj/tensor';

export interface TestBackend {
  name: string;
  /** The floating dtypes the backend stores; fixture cases of other dtypes are not replayed on it. */
  dtypes: readonly DType[];
  create: () => Backend | Promise<Backend>;
}

export const BACKENDS: readonly TestBackend[] = [{ name: 'cpu', dtypes: ['float32', 'float64'], create: () => cpu() }];

/**
 * Registers `b` and makes it current (call in `beforeAll`). A 'cpu' backend is registered too:
 * fixture state dicts are made there, as a checkpoint loaded on the host would be.
 */
export async function useBackend(b: TestBackend): Promise<void> {
  registerBackend(await b.create());
  if (!listBackends().includes('cpu')) registerBackend(cpu());
  setBackend(b.name);
}
