/**
 * The tensor-level checkpoint API: safetensors and `.pt` state dicts as `Tensor`s, on top of the
 * plain-record readers and writers of this folder.
 */
import { BackendError } from '../errors.js';
import { fromHost } from '../ops/creation.js';
import type { Tensor } from '../tensor.js';
import { type PtOptions, loadPtStateDict } from './pt.js';
import type { TensorRecord } from './record.js';
import { parseSafetensors, serializeSafetensors } from './safetensors.js';

/** Where loaded tensors are created. */
export interface LoadOptions {
  /** The backend to create the tensors on; default the current one (`setBackend`). */
  device?: string;
}

/** What `save_safetensors` takes: a state dict as a Map, a plain object, or `[name, tensor]` pairs. */
export type NamedTensors = Map<string, Tensor> | Record<string, Tensor> | Iterable<readonly [string, Tensor]>;

function entries(tensors: NamedTensors): [string, Tensor][] {
  if (tensors instanceof Map) return [...tensors.entries()];
  if (Symbol.iterator in tensors) return [...(tensors as Iterable<readonly [string, Tensor]>)].map(([k, v]) => [k, v]);
  return Object.entries(tensors as Record<string, Tensor>);
}

function toTensors(records: Map<string, TensorRecord>, opts: LoadOptions): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  try {
    for (const [name, r] of records) out.set(name, fromHost(r.data, r.shape, { device: opts.device }, 'load'));
  } catch (e) {
    for (const t of out.values()) t.dispose();
    throw e;
  }
  return out;
}

/**
 * Reads a safetensors file into tensors, in file order. F16/BF16 load as float32, I8/U8/I16 as
 * int32 (exact widenings); I64 stays int64.
 *
 * @example
 * ```ts
 * const sd = load_safetensors(new Uint8Array(readFileSync('model.safetensors')));
 * model.load_state_dict(sd);
 * ```
 */
export function load_safetensors(bytes: Uint8Array, opts: LoadOptions = {}): Map<string, Tensor> {
  return toTensors(parseSafetensors(bytes).tensors, opts);
}

/**
 * Reads a `torch.save`d state dict (a zip `.pt`/`.pth`; a checkpoint wrapping it under
 * `state_dict`, `model`… is unwrapped) into tensors, in the dict's order. Never runs code: the
 * pickle is read by a restricted unpickler.
 *
 * @example
 * ```ts
 * const sd = load(new Uint8Array(readFileSync('model.pt')));
 * model.load_state_dict(sd);
 * ```
 */
export function load(bytes: Uint8Array, opts: LoadOptions & PtOptions = {}): Map<string, Tensor> {
  return toTensors(loadPtStateDict(bytes, opts), opts);
}

function record(name: string, t: Tensor, data: TensorRecord['data']): [string, TensorRecord] {
  return [name, { dtype: t.dtype, shape: [...t.shape], data }];
}

/**
 * Writes tensors as a safetensors file (bytes identical to the reference writer's). Reads the
 * tensors synchronously: on a backend without sync reads use {@link save_safetensors_async}.
 *
 * @example
 * ```ts
 * writeFileSync('model.safetensors', save_safetensors(model.state_dict()));
 * ```
 */
export function save_safetensors(tensors: NamedTensors, metadata?: Record<string, string>): Uint8Array {
  const list = entries(tensors).map(([name, t]) => {
    try {
      return record(name, t, t.dataSync());
    } catch (e) {
      if (e instanceof BackendError && !t.isDisposed) {
        throw new BackendError(
          `save_safetensors: tensor '${name}' is on the '${t.device}' backend, which cannot read synchronously; use await save_safetensors_async(tensors) instead`,
        );
      }
      throw e;
    }
  });
  return serializeSafetensors(list, metadata);
}

/** {@link save_safetensors} for every backend: reads the tensors asynchronously. */
export async function save_safetensors_async(tensors: NamedTensors, metadata?: Record<string, string>): Promise<Uint8Array> {
  const list: [string, TensorRecord][] = [];
  for (const [name, t] of entries(tensors)) list.push(record(name, t, await t.data()));
  return serializeSafetensors(list, metadata);
}
