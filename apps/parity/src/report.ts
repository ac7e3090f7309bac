/**
 * The parity table: one row per model × backend × check, with the largest absolute difference.
 */

export interface Row {
  model: string;
  backend: string;
  check: string;
  /** Largest |a − b| over the compared values (NaN when not numeric). */
  diff: number;
  /** The largest allowed difference (0: bit-for-bit). */
  tol: number;
  pass: boolean;
  note?: string;
}

export function row(model: string, backend: string, check: string, diff: number, tol = 0, note?: string): Row {
  return { model, backend, check, diff, tol, pass: diff <= tol, note };
}

/** A row that passes when `ok` (for checks that are not a difference, e.g. "still drops"). */
export function flag(model: string, backend: string, check: string, ok: boolean, note: string): Row {
  return { model, backend, check, diff: Number.NaN, tol: Number.NaN, pass: ok, note };
}

/** A difference as the table prints it: `—` when not numeric, `0`, or `1.23e-4`. */
export const fmt = (v: number) => (Number.isNaN(v) ? '—' : v === 0 ? '0' : v.toExponential(2));

export function table(rows: readonly Row[]): string {
  const head = ['model', 'backend', 'check', 'max |diff|', 'tolerance', 'result'];
  const body = rows.map((r) => [r.model, r.backend, r.check, fmt(r.diff), fmt(r.tol), `${r.pass ? 'ok' : 'MISMATCH'}${r.note ? `  ${r.note}` : ''}`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
