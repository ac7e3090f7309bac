/**
 * `summary(model, input_size)`: a layer table in the spirit of torchinfo, from one forward pass
 * run with hooks under `no_grad` in evaluation mode (so BatchNorm statistics and the generator are
 * untouched); every tensor it creates is disposed.
 */
import { type DType, type Tensor, isTensor, no_grad, scope, zeros } from '@proj/tensor';
import type { RemovableHandle } from './hooks.js';
import type { Module } from './module.js';

/** One module of the table. */
export interface SummaryRow {
  /** The dotted name (`''` for the model itself). */
  name: string;
  /** The class name. */
  type: string;
  /** 0 for the model, 1 for its children… */
  depth: number;
  /** The shape of the (first tensor) output of the module's first call; null if never called. */
  output_shape: number[] | null;
  /** The number of elements of the module's own parameters (not its children's). */
  params: number;
}

/** What `summary` returns; `toString()` prints the table. */
export interface ModelSummary {
  rows: SummaryRow[];
  total_params: number;
  trainable_params: number;
  non_trainable_params: number;
  toString(): string;
}

export interface SummaryOptions {
  /** The dtype of the zero inputs (default float32). */
  dtype?: DType;
  /** The backend of the inputs (default the current one). */
  device?: string;
}

function firstTensor(v: unknown): Tensor | null {
  if (isTensor(v)) return v;
  if (Array.isArray(v)) for (const x of v) if (isTensor(x)) return x;
  return null;
}

const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Runs `model` on zeros of `input_size` (one shape, or one shape per forward argument) and tabulates
 * every module with its output shape and parameter count.
 *
 * @example
 * ```ts
 * console.log(String(nn.summary(new Net(), [1, 1, 28, 28])));
 * ```
 */
export function summary(model: Module, input_size: readonly number[] | readonly (readonly number[])[], opts: SummaryOptions = {}): ModelSummary {
  const sizes = (Array.isArray(input_size[0]) ? input_size : [input_size]) as readonly (readonly number[])[];
  const named = [...model.named_modules()];
  const shapes = new Map<Module, number[]>();
  const modes = named.map(([, m]) => m.training);
  const handles: RemovableHandle[] = named.map(([, m]) =>
    m.register_forward_hook((mod, _args, out) => {
      const t = firstTensor(out);
      if (t && !shapes.has(mod)) shapes.set(mod, [...t.shape]);
    }),
  );
  try {
    model.eval();
    no_grad(() =>
      scope(() => {
        const inputs = sizes.map((s) => zeros([...s], { dtype: opts.dtype ?? 'float32', device: opts.device }));
        (model.call as (...a: unknown[]) => unknown)(...inputs);
      }),
    );
  } finally {
    for (const h of handles) h.remove();
    named.forEach(([, m], i) => {
      m.training = modes[i]!;
    });
  }
  const rows: SummaryRow[] = named.map(([name, m]) => ({
    name,
    type: m._get_name(),
    depth: name === '' ? 0 : name.split('.').length,
    output_shape: shapes.get(m) ?? null,
    params: [...m.parameters(false)].reduce((a, p) => a + p.numel(), 0),
  }));
  let total = 0;
  let trainable = 0;
  for (const p of model.parameters()) {
    total += p.numel();
    if (p.requires_grad) trainable += p.numel();
  }
  return {
    rows,
    total_params: total,
    trainable_params: trainable,
    non_trainable_params: total - trainable,
    toString: () => format(rows, total, trainable),
  };
}

function format(rows: SummaryRow[], total: number, trainable: number): string {
  const label = (r: SummaryRow, i: number): string => {
    if (r.depth === 0) return r.type;
    // The tree: a child is the last at its depth when no later row of that depth precedes a shallower one.
    const isLast = (j: number, depth: number) => {
      for (let k = j + 1; k < rows.length; k++) {
        if (rows[k]!.depth < depth) return true;
        if (rows[k]!.depth === depth) return false;
      }
      return true;
    };
    let prefix = '';
    for (let d = 1; d < r.depth; d++) {
      let ancestor = i;
      while (rows[ancestor]!.depth !== d) ancestor--;
      prefix += isLast(ancestor, d) ? '  ' : '│ ';
    }
    return `${prefix}${isLast(i, r.depth) ? '└─' : '├─'}${r.name.split('.').pop()} (${r.type})`;
  };
  const table = rows.map((r, i) => [
    label(r, i),
    r.output_shape ? `[${r.output_shape.join(', ')}]` : '--',
    r.params > 0 ? group(r.params) : '--',
  ]);
  const head = ['Layer (name (type))', 'Output Shape', 'Param #'];
  const widths = head.map((h, c) => Math.max(h.length, ...table.map((row) => row[c]!.length)) + 4);
  const line = (cells: string[]) => cells.map((s, c) => (c === 2 ? s : s.padEnd(widths[c]!))).join('').trimEnd();
  const rule = '='.repeat(widths.reduce((a, b) => a + b, 0));
  return [
    rule,
    line(head),
    rule,
    ...table.map(line),
    rule,
    `Total params: ${group(total)}`,
    `Trainable params: ${group(trainable)}`,
    `Non-trainable params: ${group(total - trainable)}`,
    rule,
  ].join('\n');
}
