/**
 * Adaptive pooling: the window of output `o` along a dim of size `In` pooled to `Out` is
 * `[⌊o·In/Out⌋, ⌈(o+1)·In/Out⌉)`, PyTorch's formula, so windows vary in size and may overlap.
 * Average pooling is linear: one small pooling matrix per dim, applied with matmul. Max pooling
 * gathers every window, padded to the largest by repeating its last tap, and reduces.
 */
import { ArgumentError, ShapeError, type Tensor, fmtShape, isTensor, scope, tensor, zeros } from '@proj/tensor';
import { options, requireFloating, show } from './conv-args.js';
import { requireAlive } from './call-args.js';

type OutputSize = number | null | readonly (number | null)[];

function windowOf(o: number, inSize: number, outSize: number): [number, number] {
  return [Math.floor((o * inSize) / outSize), Math.ceil(((o + 1) * inSize) / outSize)];
}

function checkInput(op: string, x: Tensor, spatial: 1 | 2, output_size: OutputSize): number[] {
  if (!isTensor(x)) throw new ArgumentError(`${op}: expected input to be a Tensor, got ${show(x)}`);
  requireAlive(op, x, 'input');
  const dims = spatial === 1 ? 'L' : 'H, W';
  if (x.ndim !== spatial + 1 && x.ndim !== spatial + 2) {
    throw new ShapeError(`${op}: expected a ${spatial + 1}-D (C, ${dims}) or ${spatial + 2}-D (N, C, ${dims}) input, got shape ${fmtShape(x.shape)}`);
  }
  requireFloating(op, 'input', x);
  if (x.shape.slice(x.ndim - spatial - 1).some((s) => s === 0)) {
    throw new ShapeError(`${op}: expected input to have non-zero size for non-batch dimensions, got shape ${fmtShape(x.shape)}`);
  }
  const list = Array.isArray(output_size) ? output_size : [output_size];
  const sizes = list.length === 1 && spatial === 2 && !Array.isArray(output_size) ? [list[0], list[0]] : list;
  if (sizes.length !== spatial) {
    throw new ArgumentError(`${op}: output_size must have ${spatial} element${spatial > 1 ? 's' : ''}, got ${show(output_size)}`);
  }
  return sizes.map((s, i) => {
    const v = s ?? x.shape[x.ndim - spatial + i]!;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new ArgumentError(`${op}: output_size must be non-negative integers (or null to keep the input size), got ${show(output_size)}`);
    }
    return v;
  });
}

/** `[Out, In]` averaging matrix of one dim. */
function poolMatrix(inSize: number, outSize: number, like: Tensor): Tensor {
  const m = new Float64Array(outSize * inSize);
  for (let o = 0; o < outSize; o++) {
    const [s, e] = windowOf(o, inSize, outSize);
    for (let i = s; i < e; i++) m[o * inSize + i] = 1 / (e - s);
  }
  return tensor(Array.from(m), { dtype: like.dtype, device: like.device }).reshape([outSize, inSize]);
}

function adaptiveAvg(x: Tensor, out: number[]): Tensor {
  return scope(() => {
    const w = x.shape[x.ndim - 1]!;
    let y = x.matmul(poolMatrix(w, out[out.length - 1]!, x).t());
    if (out.length === 2) y = poolMatrix(x.shape[x.ndim - 2]!, out[0]!, x).matmul(y);
    return y;
  });
}

/**
 * Adaptive 2-D average pooling to `output_size` (an int, or `[H, W]` with null keeping the
 * input's size), as `torch.nn.functional.adaptive_avg_pool2d`.
 *
 * @example
 * ```ts
 * const y = F.adaptive_avg_pool2d(x, [1, 1]); // global average pooling: [N, C, H, W] → [N, C, 1, 1]
 * ```
 */
export function adaptive_avg_pool2d(input: Tensor, output_size: OutputSize): Tensor {
  return adaptiveAvg(input, checkInput('adaptive_avg_pool2d', input, 2, output_size));
}

/**
 * Adaptive 1-D average pooling of `(N, C, L)` or `(C, L)`, as `torch.nn.functional.adaptive_avg_pool1d`.
 *
 * @example
 * ```ts
 * const y = F.adaptive_avg_pool1d(x, 4); // [N, C, 10] → [N, C, 4]
 * ```
 */
export function adaptive_avg_pool1d(input: Tensor, output_size: number | readonly number[]): Tensor {
  return adaptiveAvg(input, checkInput('adaptive_avg_pool1d', input, 1, output_size));
}

/** For one dim: every window's taps, padded to the longest by repeating the last tap. */
function taps(inSize: number, outSize: number): { idx: number[][]; k: number } {
  const idx: number[][] = [];
  let k = 1;
  for (let o = 0; o < outSize; o++) {
    const [s, e] = windowOf(o, inSize, outSize);
    k = Math.max(k, e - s);
    idx.push(Array.from({ length: e - s }, (_, i) => s + i));
  }
  for (const row of idx) while (row.length < k) row.push(row[row.length - 1]!);
  return { idx, k };
}

function adaptiveMax(x: Tensor, out: number[]): [Tensor, Tensor] {
  return scope(() => {
    const spatial = out.length;
    const lead = x.shape.slice(0, x.ndim - spatial);
    if (out.some((s) => s === 0)) {
      const shape = [...lead, ...out];
      return [zeros(shape, { dtype: x.dtype, device: x.device }), zeros(shape, { dtype: 'int64', device: x.device })];
    }
    const w = x.shape[x.ndim - 1]!;
    const h = spatial === 2 ? x.shape[x.ndim - 2]! : 1;
    const tw = taps(w, out[spatial - 1]!);
    const th = spatial === 2 ? taps(h, out[0]!) : { idx: [[0]], k: 1 };
    const oh = th.idx.length;
    const ow = tw.idx.length;
    const dev = { dtype: 'int64' as const, device: x.device };
    // [..., H, W] → [..., oh, kh, ow, kw] → [..., oh, ow, kh·kw]
    let g = spatial === 2 ? x : x.unsqueeze(-2);
    g = g.index_select(-2, tensor(th.idx.flat(), dev)).index_select(-1, tensor(tw.idx.flat(), dev));
    const r = lead.length;
    g = g.reshape([...lead, oh, th.k, ow, tw.k]).permute([...lead.map((_, i) => i), r, r + 2, r + 1, r + 3]).reshape([...lead, oh, ow, th.k * tw.k]);
    const [values, arg] = g.max(-1, true);
    // The plane position of each padded tap, looked up by the window argmax.
    const table: number[] = [];
    for (const rows of th.idx) for (const cols of tw.idx) for (const i of rows) for (const j of cols) table.push(i * w + j);
    const pos = tensor(table, dev).reshape([oh, ow, th.k * tw.k]).expand([...lead, oh, ow, th.k * tw.k]);
    const indices = pos.gather(-1, arg).squeeze(-1);
    const v = values.squeeze(-1);
    return spatial === 2 ? [v, indices] : [v.squeeze(-2), indices.squeeze(-2)];
  });
}

/**
 * Adaptive 2-D max pooling, as `torch.nn.functional.adaptive_max_pool2d`; with
 * `return_indices: true` returns `[values, indices]` (positions in each flattened H·W plane).
 *
 * @example
 * ```ts
 * const y = F.adaptive_max_pool2d(x, [3, 3]);
 * const [v, i] = F.adaptive_max_pool2d(x, 2, { return_indices: true });
 * ```
 */
export function adaptive_max_pool2d(input: Tensor, output_size: OutputSize, opts: { return_indices: true }): [Tensor, Tensor];
export function adaptive_max_pool2d(input: Tensor, output_size: OutputSize, opts?: { return_indices?: false }): Tensor;
export function adaptive_max_pool2d(input: Tensor, output_size: OutputSize, opts?: { return_indices?: boolean }): Tensor | [Tensor, Tensor];
export function adaptive_max_pool2d(input: Tensor, output_size: OutputSize, opts: { return_indices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const o = options('adaptive_max_pool2d', opts);
  const [v, i] = adaptiveMax(input, checkInput('adaptive_max_pool2d', input, 2, output_size));
  if (o.return_indices) return [v, i];
  i.dispose();
  return v;
}

/**
 * Adaptive 1-D max pooling of `(N, C, L)` or `(C, L)`, as `torch.nn.functional.adaptive_max_pool1d`.
 *
 * @example
 * ```ts
 * const y = F.adaptive_max_pool1d(x, 5);
 * ```
 */
export function adaptive_max_pool1d(input: Tensor, output_size: number | readonly number[], opts: { return_indices: true }): [Tensor, Tensor];
export function adaptive_max_pool1d(input: Tensor, output_size: number | readonly number[], opts?: { return_indices?: false }): Tensor;
export function adaptive_max_pool1d(input: Tensor, output_size: number | readonly number[], opts: { return_indices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const o = options('adaptive_max_pool1d', opts);
  const [v, i] = adaptiveMax(input, checkInput('adaptive_max_pool1d', input, 1, output_size));
  if (o.return_indices) return [v, i];
  i.dispose();
  return v;
}
