/**
 * NumPy-style indexing, PyTorch's `x[...]`, written `x.index(...)`:
 *
 * | PyTorch | here |
 * |---|---|
 * | `x[0]` | `x.index(0)` |
 * | `x[:, 1:3]` | `x.index(':', '1:3')` |
 * | `x[::2, -1]` | `x.index('::2', -1)` |
 * | `x[..., None]` | `x.index('...', null)` |
 * | `x[idx]` (int tensor) | `x.index(idx)` |
 */
import { ArgumentError } from '../errors.js';
import { isTensor } from '../memory/scope.js';
import type { Tensor } from '../tensor.js';
import { index_select } from './gather.js';
import { alive } from './util.js';
import { select, slice, unsqueeze, view } from './view.js';

/** One index: an integer, a slice string (`'1:3'`, `'::2'`, `':'`), `'...'`, `null` (new axis), or a 1-D integer tensor. */
export type IndexSpec = number | string | null | Tensor;

interface Slice {
  start: number | null;
  end: number | null;
  step: number;
}

function parseSlice(spec: string): Slice {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) throw new ArgumentError(`index: cannot parse slice '${spec}' (expected 'start:end:step')`);
  const num = (s: string | undefined): number | null => {
    if (s === undefined || s.trim() === '') return null;
    const v = Number(s);
    if (!Number.isInteger(v)) throw new ArgumentError(`index: cannot parse slice '${spec}': '${s}' is not an integer`);
    return v;
  };
  const step = num(parts[2]) ?? 1;
  if (step <= 0) throw new ArgumentError(`index: slice step must be positive, got ${step} in '${spec}'`);
  return { start: num(parts[0]), end: num(parts[1]), step };
}

function clampIndex(i: number | null, size: number, dflt: number): number {
  if (i === null) return dflt;
  const j = i < 0 ? i + size : i;
  return Math.min(Math.max(j, 0), size);
}

/** `x[...specs]`. Integers and slices index successive dims; `'...'` skips to the trailing ones. */
export function index(t: Tensor, ...specs: IndexSpec[]): Tensor {
  alive('index', t);
  const ellipses = specs.filter((s) => s === '...').length;
  if (ellipses > 1) throw new ArgumentError('index: an index can only have a single ellipsis (\'...\')');
  const consumed = specs.filter((s) => s !== null && s !== '...').length;
  if (consumed > t.ndim) throw new ArgumentError(`index: too many indices for tensor of dimension ${t.ndim} (got ${consumed})`);
  let out = t;
  let dim = 0;
  const step = (next: Tensor) => {
    if (out !== t) out.dispose();
    out = next;
  };
  for (const spec of specs) {
    if (spec === '...') {
      dim += t.ndim - consumed;
    } else if (spec === null) {
      step(unsqueeze(out, dim));
      dim++;
    } else if (typeof spec === 'number') {
      step(select(out, dim, spec));
    } else if (typeof spec === 'string') {
      const s = parseSlice(spec);
      const size = out.shape[dim]!;
      const start = clampIndex(s.start, size, 0);
      const end = Math.max(start, clampIndex(s.end, size, size));
      step(slice(out, dim, start, end, s.step));
      dim++;
    } else if (isTensor(spec)) {
      if (spec.ndim !== 1) throw new ArgumentError(`index: tensor indices must be 1-D, got shape [${spec.shape}]`);
      step(index_select(out, dim, spec));
      dim++;
    } else {
      throw new ArgumentError(`index: unsupported index ${String(spec)}`);
    }
  }
  return out === t ? view(t, [...t.shape]) : out;
}
