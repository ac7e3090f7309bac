/**
 * What the bench needs from @proj/functional and @proj/optim, checked at run time. Loading them
 * this way lets rows appear as the functions land, with no change here, and names exactly what is
 * missing while they have not.
 */
import type { Backend, Tensor } from '@proj/tensor';
import type { LoopKind } from '../peak.js';
import { errorMessage } from '../side.js';

export interface Functional {
  conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: { padding?: number }): Tensor;
  max_pool2d(input: Tensor, kernel_size: number): Tensor;
  relu(input: Tensor): Tensor;
  linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor;
  softmax(input: Tensor, dim: number): Tensor;
  cross_entropy(input: Tensor, target: Tensor): Tensor;
}

export interface Optimizer {
  zero_grad(): void;
  step(): void;
}

export type SGDConstructor = new (params: Tensor[], opts: { lr: number }) => Optimizer;

export interface ProjApi {
  F: Partial<Functional>;
  SGD?: SGDConstructor;
  /** Why each missing piece is missing. */
  problems: Map<string, string>;
}

export async function loadProjApi(): Promise<ProjApi> {
  const problems = new Map<string, string>();
  let F: Partial<Functional> = {};
  try {
    F = (await import('@proj/functional')) as unknown as Partial<Functional>;
  } catch (e) {
    problems.set('@proj/functional', `@proj/functional failed to load: ${errorMessage(e)}`);
  }
  let SGD: SGDConstructor | undefined;
  try {
    const optim = (await import('@proj/optim')) as unknown as { SGD?: unknown };
    if (typeof optim.SGD === 'function') SGD = optim.SGD as SGDConstructor;
    else problems.set('SGD', '@proj/optim does not export SGD yet');
  } catch (e) {
    problems.set('SGD', `@proj/optim failed to load: ${errorMessage(e)}`);
  }
  return { F, SGD, problems };
}

/**
 * The functions `names` of F (and SGD when `sgd`), or the reason some are missing.
 */
export function need<K extends keyof Functional>(api: ProjApi, names: readonly K[], sgd = false): { F: Pick<Functional, K>; SGD: SGDConstructor } | string {
  const loadFailure = api.problems.get('@proj/functional');
  if (loadFailure) return loadFailure;
  const missing = names.filter((n) => typeof api.F[n] !== 'function');
  const why: string[] = [];
  if (missing.length > 0) why.push(`@proj/functional does not export ${missing.map((n) => `F.${n}`).join(', ')} yet`);
  if (sgd && !api.SGD) why.push(api.problems.get('SGD') ?? 'SGD missing');
  if (why.length > 0) return why.join('; ');
  return { F: api.F as Pick<Functional, K>, SGD: api.SGD as SGDConstructor };
}

export interface BackendCandidate {
  /** Registry name we expect, for the row label when creation fails. */
  name: string;
  /** The wasm SIMD loop its rates are set against, when not the plain one. */
  yardstick?: LoopKind;
  create(threads: number): Promise<Backend>;
  threads(threads: number, backend: Backend): string;
}

type Factory = (opts?: Record<string, unknown>) => Backend | Promise<Backend>;

function factory(m: unknown, pkg: string, exportName: string): Factory {
  const f = (m as Record<string, unknown>)[exportName];
  if (typeof f !== 'function') throw new Error(`${pkg} does not export ${exportName}() yet`);
  return f as Factory;
}

/** The wasm backend reports the threads it really runs (fewer when workers cannot start). */
function wasmThreads(threads: number, b: Backend): string {
  return String((b.memory() as { threads?: unknown }).threads ?? threads);
}

/** Every backend we try to create; those that fail become "not available" rows. */
export const BACKENDS: readonly BackendCandidate[] = [
  {
    name: 'cpu',
    create: async () => (await import('@proj/backend-cpu')).cpu(),
    threads: () => '1',
  },
  {
    // The plain SIMD build: what Node 20 runs by default.
    name: 'wasm',
    create: async (threads) => factory(await import('@proj/backend-wasm'), '@proj/backend-wasm', 'wasm')({ threads, relaxedSimd: false }),
    threads: wasmThreads,
  },
  {
    // The relaxed-SIMD build (fused multiply-add): what Chromium and Node ≥ 22 run by default;
    // main.ts turns the feature on in Node 20.
    name: 'wasm-relaxed',
    yardstick: 'fma',
    create: async (threads) => {
      const b = await factory(await import('@proj/backend-wasm'), '@proj/backend-wasm', 'wasm')({ threads, name: 'wasm-relaxed' });
      if ((b.memory() as { relaxedSimd?: unknown }).relaxedSimd !== true) {
        throw new Error('this engine does not validate relaxed SIMD, so @proj wasm runs its plain SIMD build');
      }
      return b;
    },
    threads: wasmThreads,
  },
  {
    name: 'webgpu',
    create: async () => factory(await import('@proj/backend-webgpu'), '@proj/backend-webgpu', 'webgpu')(),
    // A software adapter computes on CPU threads; main.ts sets LP_NUM_THREADS like the others'.
    threads: (_threads, b) => {
      const adapter = String((b as { adapterName?: unknown }).adapterName ?? '');
      return adapter.includes('llvmpipe') ? `${process.env.LP_NUM_THREADS ?? 'all'} (lavapipe)` : 'GPU';
    },
  },
];
