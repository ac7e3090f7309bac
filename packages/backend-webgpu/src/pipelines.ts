import type { Layout } from './bindgroups.js';

/**
 * The pipeline cache. A kernel is named by a {@link KernelSpec} (its kind plus the compile-time
 * facts it is specialised on: dtypes, ranks, operand kinds); the WGSL source is a pure function of
 * the spec, so a list of specs is all `warmup()` needs to compile pipelines ahead of time.
 */

/** What a compute pipeline is specialised on. `kind` picks the source generator. */
export interface KernelSpec {
  readonly kind: string;
  readonly [field: string]: string | number | boolean;
}

/** Generates a kernel's WGSL from its spec. */
export type SourceOf = (spec: KernelSpec) => string;

export function specKey(spec: KernelSpec): string {
  return Object.keys(spec)
    .sort()
    .map((k) => `${k}=${spec[k]}`)
    .join(',');
}

export interface Pipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: Layout;
}

/** The inputs and outputs a generated kernel binds after the parameters (reads come first). */
export function bindingCounts(code: string): [number, number] {
  const kinds = [...code.matchAll(/var<storage, (read|read_write)>/g)].map((m) => m[1]);
  const inputs = kinds.filter((k) => k === 'read').length - 1;
  const outputs = kinds.length - 1 - inputs;
  if (inputs < 0 || kinds[0] !== 'read' || kinds.slice(1 + inputs).some((k) => k !== 'read_write')) {
    throw new Error('webgpu: a kernel must bind its parameters, then its inputs, then its outputs');
  }
  return [inputs, outputs];
}

export class PipelineCache {
  private readonly map = new Map<string, Pipeline>();
  private readonly specs = new Map<string, KernelSpec>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly device: GPUDevice,
    private readonly sourceOf: SourceOf,
    private readonly layoutOf: (inputs: number, outputs: number) => Layout,
    private readonly onCompileError?: (spec: KernelSpec, message: string) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The pipeline for `spec`, compiled synchronously on first use. */
  get(spec: KernelSpec): Pipeline {
    const key = specKey(spec);
    const hit = this.map.get(key);
    if (hit) return hit;
    const { module, layout } = this.module(spec);
    const pipeline = this.device.createComputePipeline({ layout: layout.pipeline, compute: { module, entryPoint: 'main' } });
    return this.store(key, spec, pipeline, layout);
  }

  /** Compiles the pipelines of `specs` in the background (createComputePipelineAsync). */
  async warmup(specs: readonly KernelSpec[]): Promise<void> {
    await Promise.all(
      specs.map((spec) => {
        const key = specKey(spec);
        if (this.map.has(key)) return undefined;
        let p = this.pending.get(key);
        if (!p) {
          const { module, layout } = this.module(spec);
          p = this.device
            .createComputePipelineAsync({ layout: layout.pipeline, compute: { module, entryPoint: 'main' } })
            .then((pipeline) => {
              if (!this.map.has(key)) this.store(key, spec, pipeline, layout);
            })
            .finally(() => this.pending.delete(key));
          this.pending.set(key, p);
        }
        return p;
      }),
    );
  }

  /** The specs compiled so far: save them and pass them to `warmup()` on the next start. */
  compiled(): KernelSpec[] {
    return [...this.specs.values()];
  }

  private module(spec: KernelSpec): { module: GPUShaderModule; layout: Layout } {
    const code = this.sourceOf(spec);
    const layout = this.layoutOf(...bindingCounts(code));
    const module = this.device.createShaderModule({ code });
    if (this.onCompileError) {
      void module.getCompilationInfo().then((info) => {
        const errors = info.messages.filter((m) => m.type === 'error');
        if (errors.length) {
          const text = errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n');
          this.onCompileError!(spec, `${text}\n--- source ---\n${code}`);
        }
      });
    }
    return { module, layout };
  }

  private store(key: string, spec: KernelSpec, pipeline: GPUComputePipeline, layout: Layout): Pipeline {
    const p = { pipeline, layout };
    this.map.set(key, p);
    this.specs.set(key, spec);
    return p;
  }
}
