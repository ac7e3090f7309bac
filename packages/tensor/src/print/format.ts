/**
 * Tensor printing, a port of PyTorch 1.13's `torch/_tensor_str.py`: `formatTensor` returns what
 * `repr(tensor)` / `str(tensor)` prints for a strided, unnamed, non-complex tensor.
 */
import type { DType } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { contiguousStrides, numel } from '../shape.js';
import { formatExponential, formatFixed } from './number-format.js';

/** PyTorch's print options (`torch.set_printoptions`). */
export interface PrintOptions {
  /** Digits after the decimal point of floating values. Default 4. */
  precision: number;
  /** Element count above which a tensor is summarized with `...`. Default 1000. */
  threshold: number;
  /** Items kept at each end of a summarized dim. Default 3. */
  edgeitems: number;
  /** Characters per line before a row wraps. Default 80. */
  linewidth: number;
  /** Force (`true`) or forbid (`false`) scientific notation; `null` lets the formatter choose. */
  sci_mode: boolean | null;
}

const DEFAULT_OPTIONS: Readonly<PrintOptions> = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sci_mode: null,
};

const PROFILES: Record<'default' | 'short' | 'full', Omit<PrintOptions, 'sci_mode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

const PRINT_OPTS: PrintOptions = { ...DEFAULT_OPTIONS };

/**
 * Sets the print options, as `torch.set_printoptions` does: a `profile` first resets precision,
 * threshold, edgeitems and linewidth, then the given options apply. Like PyTorch, `sci_mode`
 * is always assigned, so leaving it out resets it to `null`.
 *
 * @example
 * set_printoptions({ precision: 2 });
 * set_printoptions({ profile: 'default' });
 */
export function set_printoptions(
  opts: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' },
): void {
  if (opts.profile !== undefined) Object.assign(PRINT_OPTS, PROFILES[opts.profile]);
  if (opts.precision !== undefined) PRINT_OPTS.precision = opts.precision;
  if (opts.threshold !== undefined) PRINT_OPTS.threshold = opts.threshold;
  if (opts.edgeitems !== undefined) PRINT_OPTS.edgeitems = opts.edgeitems;
  if (opts.linewidth !== undefined) PRINT_OPTS.linewidth = opts.linewidth;
  PRINT_OPTS.sci_mode = opts.sci_mode ?? null;
}

/** A copy of the current print options. */
export function get_printoptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

/** Float elements are numbers; integer and bool elements arrive already rendered. */
type Item = number | string;

/** Port of `_Formatter`: picks int mode, sci mode and the common element width. */
class Formatter {
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(floating: boolean, items: readonly Item[]) {
    if (!floating) {
      for (const item of items) this.maxWidth = Math.max(this.maxWidth, String(item).length);
      return;
    }
    const vals = (items as readonly number[]).filter((v) => Number.isFinite(v) && v !== 0);
    // PyTorch returns before applying PRINT_OPTS.sci_mode here, so it does not apply.
    if (vals.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of vals) {
      min = Math.min(min, Math.abs(v));
      max = Math.max(max, Math.abs(v));
    }
    this.intMode = vals.every((v) => Number.isInteger(v));
    const p = PRINT_OPTS.precision;
    const wide = max / min > 1000.0 || max > 1.0e8;
    if (wide || (!this.intMode && min < 1.0e-4)) {
      this.sciMode = true;
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, formatExponential(v, p).length);
    } else if (this.intMode) {
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, 0).length + 1);
    } else {
      for (const v of vals) this.maxWidth = Math.max(this.maxWidth, formatFixed(v, p).length);
    }
    if (PRINT_OPTS.sci_mode !== null) this.sciMode = PRINT_OPTS.sci_mode;
  }

  format(item: Item): string {
    let ret: string;
    if (typeof item === 'string') {
      ret = item;
    } else if (this.sciMode) {
      ret = formatExponential(item, PRINT_OPTS.precision);
    } else if (this.intMode) {
      ret = formatFixed(item, 0);
      if (Number.isFinite(item)) ret += '.';
    } else {
      ret = formatFixed(item, PRINT_OPTS.precision);
    }
    return ret.padStart(this.maxWidth, ' ');
  }
}

/** Indices of Python's `range(n)[start:stop]` for the given (possibly negative) bounds. */
function pySlice(n: number, start: number, stop: number): number[] {
  const norm = (i: number) => (i < 0 ? Math.max(0, n + i) : Math.min(i, n));
  const out: number[] = [];
  for (let i = norm(start); i < norm(stop); i++) out.push(i);
  return out;
}

function range(start: number, stop: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, start); i < stop; i++) out.push(i);
  return out;
}

/** The (flat) positions that `get_summarized_data` keeps, or every position without summary. */
class TensorView {
  private readonly strides: number[];

  constructor(
    readonly shape: readonly number[],
    readonly summarize: boolean,
  ) {
    this.strides = contiguousStrides(shape);
  }

  /** Sub-indices along `dim` that are printed, split around the `...` (tail empty if none). */
  private split(dim: number): { head: number[]; tail: number[] | undefined } {
    const n = this.shape[dim]!;
    const k = PRINT_OPTS.edgeitems;
    if (!this.summarize || n <= 2 * k) return { head: range(0, n), tail: undefined };
    // 1-D uses slices (`self[-k:]` keeps everything when k is 0), higher dims use ranges.
    if (dim === this.shape.length - 1) return { head: pySlice(n, 0, k), tail: pySlice(n, -k, n) };
    return { head: range(0, k), tail: range(n - k, n) };
  }

  /** Flat offsets of the summarized data, in order. */
  kept(offset = 0, dim = 0): number[] {
    if (dim === this.shape.length) return [offset];
    const { head, tail } = this.split(dim);
    const stride = this.strides[dim]!;
    return [...head, ...(tail ?? [])].flatMap((i) => this.kept(offset + i * stride, dim + 1));
  }

  /** Port of `_tensor_str_with_formatter` / `_vector_str`. */
  render(item: (i: number) => Item, fmt: Formatter, indent: number, offset = 0, dim = 0): string {
    const rank = this.shape.length;
    if (dim === rank) return fmt.format(item(offset));
    const stride = this.strides[dim]!;
    const { head, tail } = this.split(dim);
    if (dim === rank - 1) {
      const data = head.map((i) => fmt.format(item(offset + i)));
      if (tail !== undefined) data.push(' ...', ...tail.map((i) => fmt.format(item(offset + i))));
      const elementLength = fmt.maxWidth + 2;
      const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
      const lines: string[] = [];
      for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
    }
    const sub = (i: number) => this.render(item, fmt, indent + 1, offset + i * stride, dim + 1);
    const slices = head.map(sub);
    if (tail !== undefined) slices.push('...', ...tail.map(sub));
    return `[${slices.join(`,${'\n'.repeat(rank - dim - 1)}${' '.repeat(indent + 1)}`)}]`;
  }
}

/** Port of `_add_suffixes`. */
function addSuffixes(tensorStr: string, suffixes: readonly string[], indent: number): string {
  const parts = [tensorStr];
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Prints a tensor exactly as PyTorch 1.13's `repr(tensor)` does, under the current print options.
 *
 * `values` is the row-major contiguous data (int64 may be bigint, bool is 0/1). The dtype suffix
 * (`dtype=torch.float64`, `size=(...)` for empty tensors) is added here; `suffixes` carries the
 * caller's ones such as `device='webgpu'`, `grad_fn=<AddBackward0>` or `requires_grad=True`.
 * Suffixes that start with `device=` are placed first, as `_str_intern` does.
 *
 * @example
 * formatTensor([1, 2], [2], 'float64'); // 'tensor([1., 2.], dtype=torch.float64)'
 * formatTensor([3], [], 'int64'); // 'tensor(3)'
 * formatTensor([0.5, 1], [1, 2], 'float32', ['requires_grad=True'])
 * // 'tensor([[0.5000, 1.0000]], requires_grad=True)'
 */
export function formatTensor(
  values: ArrayLike<number | bigint>,
  shape: readonly number[],
  dtype: DType,
  suffixes: readonly string[] = [],
): string {
  const count = numel(shape);
  if (values.length !== count) {
    throw new ShapeError(
      `formatTensor: expected ${count} values for shape [${shape.join(', ')}], got ${values.length}`,
    );
  }
  const prefix = 'tensor(';
  const indent = prefix.length;
  const all = suffixes.filter((s) => s.startsWith('device='));
  let tensorStr: string;
  if (count === 0) {
    if (shape.length !== 1) all.push(`size=${pyTuple(shape)}`);
    if (dtype !== 'float32') all.push(`dtype=torch.${dtype}`);
    tensorStr = '[]';
  } else {
    if (dtype === 'float64' || dtype === 'int32' || dtype === 'float16') all.push(`dtype=torch.${dtype}`);
    const floating = dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
    const item = (i: number): Item => {
      const v = values[i]!;
      if (dtype === 'bool') return v !== 0 && v !== 0n ? 'True' : 'False';
      if (!floating) return v.toString();
      return dtype === 'float32' ? Math.fround(Number(v)) : Number(v);
    };
    const view = new TensorView(shape, count > PRINT_OPTS.threshold);
    const formatter = new Formatter(floating, view.kept().map(item));
    tensorStr = view.render(item, formatter, indent);
  }
  all.push(...suffixes.filter((s) => !s.startsWith('device=')));
  return addSuffixes(prefix + tensorStr, all, indent);
}
