/**
 * Explicit bind group layouts and a bind group cache.
 *
 * Every kernel binds the same way: binding 0 is the parameter arena (read-only storage with a
 * dynamic offset), then its inputs (read-only storage), then its outputs (storage). So kernels
 * with the same number of inputs and outputs share one layout, and a bind group depends only on
 * the buffers it names. Pooled buffers keep their identity across the steps of a training loop,
 * so after the first step every bind group comes from the cache: no per-dispatch allocation, and
 * no descriptor-pool churn (lavapipe crashed in vkCreateDescriptorPool under 'auto' layouts with
 * one fresh bind group per dispatch).
 */

const COMPUTE = 4; // GPUShaderStage.COMPUTE
/** Bytes of the parameter window each dispatch sees at its dynamic offset. */
export const PARAM_BIND = 512;
const MAX_CACHED = 8192;

export interface Layout {
  readonly key: string;
  readonly group: GPUBindGroupLayout;
  readonly pipeline: GPUPipelineLayout;
}

export class BindGroups {
  private readonly layouts = new Map<string, Layout>();
  private readonly cache = new Map<string, GPUBindGroup>();
  private readonly ids = new WeakMap<GPUBuffer, number>();
  private readonly keysOf = new Map<GPUBuffer, string[]>();
  private nextId = 1;

  constructor(
    private readonly device: GPUDevice,
    private readonly arena: GPUBuffer,
  ) {}

  /** The shared layout of kernels with `inputs` read-only and `outputs` read-write buffers. */
  layout(inputs: number, outputs: number): Layout {
    const key = `${inputs}:${outputs}`;
    let l = this.layouts.get(key);
    if (!l) {
      const entries: GPUBindGroupLayoutEntry[] = [
        { binding: 0, visibility: COMPUTE, buffer: { type: 'read-only-storage', hasDynamicOffset: true } },
      ];
      for (let i = 0; i < inputs; i++) entries.push({ binding: 1 + i, visibility: COMPUTE, buffer: { type: 'read-only-storage' } });
      for (let i = 0; i < outputs; i++) entries.push({ binding: 1 + inputs + i, visibility: COMPUTE, buffer: { type: 'storage' } });
      const group = this.device.createBindGroupLayout({ entries });
      l = { key, group, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }) };
      this.layouts.set(key, l);
    }
    return l;
  }

  /** The bind group of `layout` over `buffers` (inputs then outputs), created once. */
  get(layout: Layout, buffers: readonly GPUBuffer[]): GPUBindGroup {
    let key = layout.key;
    for (const b of buffers) key += `,${this.id(b)}`;
    let g = this.cache.get(key);
    if (g) return g;
    if (this.cache.size >= MAX_CACHED) this.clear();
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.arena, offset: 0, size: PARAM_BIND } }];
    buffers.forEach((buffer, i) => {
      entries.push({ binding: 1 + i, resource: { buffer } });
    });
    g = this.device.createBindGroup({ layout: layout.group, entries });
    this.cache.set(key, g);
    for (const b of new Set(buffers)) {
      let keys = this.keysOf.get(b);
      if (!keys) this.keysOf.set(b, (keys = []));
      keys.push(key);
    }
    return g;
  }

  /** Forgets the bind groups that name `b` (it is being destroyed). */
  forget(b: GPUBuffer): void {
    for (const k of this.keysOf.get(b) ?? []) this.cache.delete(k);
    this.keysOf.delete(b);
  }

  get size(): number {
    return this.cache.size;
  }

  clear(): void {
    this.cache.clear();
    this.keysOf.clear();
  }

  private id(b: GPUBuffer): number {
    let id = this.ids.get(b);
    if (id === undefined) this.ids.set(b, (id = this.nextId++));
    return id;
  }
}
