/**
 * The parity table: apps/parity's rows for every backend run so far, one table.
 */
import { type Row, fmt } from '@proj/app-parity';

export class ParityTable {
  private readonly rows = new Map<string, Row[]>();

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly summary: HTMLElement,
  ) {}

  /** Replaces `backend`'s rows. */
  show(backend: string, rows: Row[]): void {
    this.rows.set(backend, rows);
    const all = [...this.rows.values()].flat();
    this.body.replaceChildren(...all.map(tr));
    const failed = all.filter((r) => !r.pass).length;
    const ran = [...this.rows.keys()].join(', ');
    this.summary.textContent = `${all.length} checks on ${ran}: ${failed === 0 ? 'all pass' : `${failed} MISMATCH`}`;
    this.summary.className = failed === 0 ? 'pass' : 'fail';
  }
}

function tr(r: Row): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.className = r.pass ? 'pass' : 'fail';
  const cells = [r.model, r.backend, r.check, fmt(r.diff), fmt(r.tol), `${r.pass ? 'ok' : 'MISMATCH'}${r.note ? ` ${r.note}` : ''}`];
  row.replaceChildren(
    ...cells.map((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      return td;
    }),
  );
  return row;
}
