/**
 * A terminal progress bar for training loops, in the spirit of tqdm: position, loss, throughput
 * and ETA, redrawn in place on a TTY and printed as occasional lines otherwise (CI logs).
 */

export interface ProgressOptions {
  total: number;
  label?: string;
  /** Unit of `advance` counts for the throughput, e.g. 'samples'. */
  unit?: string;
  width?: number;
  stream?: { write(s: string): unknown; isTTY?: boolean };
}

export class ProgressBar {
  private done = 0;
  private readonly start = performance.now();
  private lastLine = 0;
  private readonly stream: NonNullable<ProgressOptions['stream']>;

  constructor(private readonly opts: ProgressOptions) {
    const stdout = (globalThis as { process?: { stdout: NonNullable<ProgressOptions['stream']> } }).process?.stdout;
    this.stream = opts.stream ?? stdout ?? { write: (s: string) => console.log(s.trimEnd()) };
  }

  /** Advances by `n` and redraws with the given stats (e.g. `{ loss: 0.123 }`). */
  tick(n: number, stats: Record<string, number> = {}): void {
    this.done = Math.min(this.opts.total, this.done + n);
    const line = this.render(stats);
    if (this.stream.isTTY) this.stream.write(`\r${line}`);
    else if (this.done === this.opts.total || performance.now() - this.lastLine > 5000) {
      this.stream.write(`${line}\n`);
      this.lastLine = performance.now();
    }
  }

  /** Ends the bar's line. */
  close(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }

  render(stats: Record<string, number>): string {
    const { total, label = '', unit = 'it', width = 24 } = this.opts;
    const frac = total ? this.done / total : 1;
    const filled = Math.round(frac * width);
    const elapsed = (performance.now() - this.start) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const eta = rate > 0 ? (total - this.done) / rate : 0;
    const extra = Object.entries(stats).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' ');
    return `${label} |${'█'.repeat(filled)}${'·'.repeat(width - filled)}| ${this.done}/${total} [${fmt(elapsed)}<${fmt(eta)}, ${rate.toFixed(0)} ${unit}/s] ${extra}`.trim();
  }
}

function fmt(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60).toString().padStart(2, '0')}:${(s % 60).toString().padStart(2, '0')}`;
}
