/**
 * PyTorch's module repr (`Module.__repr__`): the class name, `extra_repr()`, and the children
 * indented by two spaces, one per line.
 */
import type { Module } from './module.js';

function addIndent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return `${first}\n${lines.map((l) => ' '.repeat(spaces) + l).join('\n')}`;
}

/** `repr(module)`, as PyTorch prints it. */
export function moduleRepr(m: Module): string {
  const extra = m.extra_repr();
  const extraLines = extra ? extra.split('\n') : [];
  const childLines = m._ownModules().map(([key, child]) => `(${key}): ${addIndent(child.toString(), 2)}`);
  const lines = [...extraLines, ...childLines];
  let main = `${m._get_name()}(`;
  if (lines.length > 0) {
    if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
    else main += `\n  ${lines.join('\n  ')}\n`;
  }
  return `${main})`;
}

/** Python's `repr` of a value as `extra_repr` prints it: tuples `(1, 1)`, `True`, `None`, floats. */
export function py(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyFloat(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(', ')})`;
  return String(v);
}

/** An int as Python prints it, or a float with Python's shortest repr (`1e-05`, `0.1`, `1.0`). */
export function pyFloat(v: number, isFloat = !Number.isInteger(v)): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (!isFloat) return String(v);
  const abs = Math.abs(v);
  let s: string;
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mant, exp] = v.toExponential().split('e') as [string, string];
    const e = Number(exp);
    s = `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else {
    s = String(v);
    if (!s.includes('.') && !s.includes('e')) s += '.0';
  }
  return s;
}
