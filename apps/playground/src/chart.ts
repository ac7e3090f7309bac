/**
 * A small line chart on a canvas: axes with round ticks, one polyline per series, a legend.
 * Redrawn whole on every point (a few hundred points at most).
 */

export interface SeriesStyle {
  /** The key `push` uses. */
  label: string;
  /** The legend's text (default: `label`). */
  title?: string;
  color: string;
  /** Canvas line dash, e.g. `[6, 4]`; solid when empty. */
  dash?: number[];
  width?: number;
}

const MARGIN = { left: 52, right: 14, top: 14, bottom: 34 };

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export class LineChart {
  private readonly points = new Map<string, number[]>();
  private steps = 1;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly width: number;
  private readonly height: number;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly series: readonly SeriesStyle[],
  ) {
    // Draw at the screen's pixel density so lines stay crisp on high-DPI displays.
    const dpr = globalThis.devicePixelRatio || 1;
    this.width = canvas.width;
    this.height = canvas.height;
    canvas.style.width = `${this.width}px`;
    canvas.width = Math.round(this.width * dpr);
    canvas.height = Math.round(this.height * dpr);
    this.ctx = canvas.getContext('2d')!;
    this.ctx.scale(dpr, dpr);
    this.reset(1);
  }

  /** Clears every series; the x axis will span `steps` steps. */
  reset(steps: number): void {
    this.steps = Math.max(1, steps);
    for (const s of this.series) this.points.set(s.label, []);
    this.draw();
  }

  push(label: string, y: number): void {
    this.points.get(label)?.push(y);
    this.draw();
  }

  draw(): void {
    const { ctx, width, height } = this;
    const all = [...this.points.values()].flat().filter(Number.isFinite);
    const yHi = all.length ? Math.max(...all) * 1.05 : 1;
    const yLo = all.length ? Math.min(0, Math.min(...all)) : 0;
    const xMax = Math.max(this.steps, ...[...this.points.values()].map((p) => p.length)) - 1 || 1;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = height - MARGIN.top - MARGIN.bottom;
    const px = (i: number) => MARGIN.left + (i / xMax) * plotW;
    const py = (v: number) => MARGIN.top + (1 - (v - yLo) / (yHi - yLo)) * plotH;

    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.fillStyle = '#555';
    ctx.strokeStyle = '#e4e4e4';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks(yLo, yHi)) {
      ctx.beginPath();
      ctx.moveTo(MARGIN.left, py(v));
      ctx.lineTo(width - MARGIN.right, py(v));
      ctx.stroke();
      ctx.fillText(String(v), MARGIN.left - 6, py(v));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const i of ticks(0, xMax).filter(Number.isInteger)) ctx.fillText(String(i), px(i), height - MARGIN.bottom + 6);
    ctx.fillText('step', MARGIN.left + plotW / 2, height - 14);
    ctx.textAlign = 'left';
    ctx.fillText('loss', 6, 2);
    ctx.strokeStyle = '#888';
    ctx.strokeRect(MARGIN.left, MARGIN.top, plotW, plotH);

    for (const s of this.series) {
      const pts = this.points.get(s.label) ?? [];
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.width ?? 2;
      ctx.setLineDash(s.dash ?? []);
      ctx.beginPath();
      pts.forEach((v, i) => {
        if (i === 0) ctx.moveTo(px(i), py(v));
        else ctx.lineTo(px(i), py(v));
      });
      if (pts.length === 1) ctx.arc(px(0), py(pts[0]!), 2, 0, 2 * Math.PI);
      ctx.stroke();
    }
    this.legend();
  }

  private legend(): void {
    const { ctx } = this;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    let y = MARGIN.top + 12;
    for (const s of this.series) {
      const x = this.width - MARGIN.right - 160;
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.width ?? 2;
      ctx.setLineDash(s.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 24, y);
      ctx.stroke();
      ctx.fillStyle = '#222';
      ctx.fillText(s.title ?? s.label, x + 30, y);
      y += 16;
    }
  }
}
