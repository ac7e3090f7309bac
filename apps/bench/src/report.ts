/**
 * Turns measured cells into the report: ratios (ours ÷ peer), rates, the share of the measured
 * peaks, and the markdown and JSON forms.
 */
import { type Cell, fmtMs } from './harness.js';
import type { Machine } from './machine.js';
import { relativeSpread, summarize } from './stats.js';
import { type Workload, rate } from './workloads.js';

export interface Row extends Cell {
  rate?: number;
  /** Our median time ÷ the peer's, by peer name (ours only). */
  ratios?: Record<string, number>;
  /** GFLOP/s as a fraction of the peaks (ours only, where FLOPs are defined). */
  ofWasmPeak?: number;
  ofNativePeak?: number;
}

export interface WorkloadResult {
  id: string;
  title: string;
  unit?: string;
  flops?: number;
  rows: Row[];
}

export interface Peaks {
  wasmSimd: { gflops: number; runs: number[] };
  native: { gflops: number; bySize: Record<string, number> } | { unavailable: string };
}

export interface SideInfo {
  name: string;
  ours: boolean;
  threads: string;
  info: string;
  available: boolean;
}

export interface Report {
  date: string;
  mode: 'full' | 'quick';
  threads: number;
  machine: Machine;
  loadavgEnd: number[];
  durationS: number;
  sides: SideInfo[];
  peaks: Peaks;
  workloads: WorkloadResult[];
}

export function analyse(w: Workload, cells: readonly Cell[], peaks: Peaks): WorkloadResult {
  const peers = cells.filter((c) => !c.ours && c.summary);
  const rows = cells.map((c): Row => {
    const row: Row = { ...c };
    const ms = c.summary?.median;
    if (ms === undefined) return row;
    const r = rate(w, ms);
    if (r !== undefined) row.rate = r;
    if (!c.ours) return row;
    row.ratios = Object.fromEntries(peers.map((p) => [p.side, ms / (p.summary?.median as number)]));
    if (w.flops) {
      const gflops = w.flops / (ms / 1000) / 1e9;
      row.ofWasmPeak = gflops / peaks.wasmSimd.gflops;
      if ('gflops' in peaks.native) row.ofNativePeak = gflops / peaks.native.gflops;
    }
    return row;
  });
  return { id: w.id, title: w.title, ...(w.work ? { unit: w.work.unit } : {}), ...(w.flops ? { flops: w.flops } : {}), rows };
}

/** Two or three significant digits, never rounded to zero. */
export const sig = (x: number): string =>
  x >= 1000 ? Math.round(x).toLocaleString('en') : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);
const ratio = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : sig(x));
const pct = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(x < 0.01 ? 2 : x < 0.1 ? 1 : 0)} %`);
const num = (x: number | undefined): string => (x === undefined ? '—' : sig(x));
const cellText = (r: Row): string => (r.status === 'ok' ? fmtMs(r.summary?.median ?? Number.NaN) : `${r.status === 'skipped' ? 'skipped' : r.status === 'error' ? 'error' : 'not available'}: ${r.reason ?? ''}`);

export function toMarkdown(rep: Report): string {
  const peerNames = rep.sides.filter((s) => !s.ours).map((s) => s.name);
  const out: string[] = [];
  const m = rep.machine;
  out.push(`Run of ${rep.date} (${rep.mode}${rep.mode === 'quick' ? ': smoke test with small shapes, not a measurement' : ''}), ${rep.threads} thread(s) per side unless a row says otherwise, ${rep.durationS.toFixed(0)} s in all.`);
  out.push('');
  out.push(`Machine: ${m.cpu} (${m.cpuid}; ${m.simd}), ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. Load average at start ${m.loadavg.join(' / ')}, at end ${rep.loadavgEnd.join(' / ')}.`);
  out.push('');
  const native = 'gflops' in rep.peaks.native
    ? `${num(rep.peaks.native.gflops)} GFLOP/s (best PyTorch f32 matmul: ${Object.entries(rep.peaks.native.bySize).map(([n, g]) => `${n}³ ${num(g)}`).join(', ')})`
    : `not available (${rep.peaks.native.unavailable})`;
  const runs = rep.peaks.wasmSimd.runs;
  const wasmMedian = runs.length > 0 ? summarize(runs).median : Number.NaN;
  out.push(
    `Peaks measured in this run (best seen): wasm SIMD f32x4 mul+add loop, 1 core: ${num(rep.peaks.wasmSimd.gflops)} GFLOP/s (median of ${runs.length} tries ${num(wasmMedian)}); native: ${native}.`,
  );
  out.push('');
  out.push('### Headline: time ratio, ours ÷ peer (below 1 = we are faster)');
  out.push('');
  out.push(`| workload | ours | median | rate | ${peerNames.map((p) => `vs ${p}`).join(' | ')} | of wasm peak | of native peak |`);
  out.push(`|---|---|---:|---:|${peerNames.map(() => '---:').join('|')}|---:|---:|`);
  const missing = new Set(rep.sides.filter((s) => !s.available).map((s) => s.name));
  for (const w of rep.workloads) {
    for (const r of w.rows.filter((x) => x.ours && !missing.has(x.side))) {
      if (r.status !== 'ok') {
        out.push(`| ${w.id} | ${r.side} | ${r.status === 'error' ? 'error' : 'n/a'} (below) | | ${peerNames.map(() => '').join(' | ')} | | |`);
        continue;
      }
      const vs = peerNames.map((p) => ratio(r.ratios?.[p]));
      out.push(`| ${w.id} | ${r.side} | ${fmtMs(r.summary?.median ?? Number.NaN)} | ${r.rate === undefined ? '—' : `${num(r.rate)} ${w.unit}`} | ${vs.join(' | ')} | ${pct(r.ofWasmPeak)} | ${pct(r.ofNativePeak)} |`);
    }
  }
  for (const s of rep.sides.filter((x) => !x.available)) out.push(`\n${s.name}: not available: ${s.info}`);
  out.push('');
  out.push('### Every side, with spread');
  out.push('');
  out.push('Median milliseconds per operation, p10–p90 across samples; `n × k` = n samples of k back-to-back operations each.');
  for (const w of rep.workloads) {
    out.push('');
    out.push(`**${w.id}**: ${w.title}${w.flops ? ` (${(w.flops / 1e9).toPrecision(3)} GFLOP per op)` : ''}`);
    out.push('');
    out.push(`| side | threads | median | p10–p90 | spread | samples | ${w.unit ?? 'rate'} |`);
    out.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of w.rows) {
      const s = r.summary;
      if (r.status !== 'ok' || !s) {
        out.push(`| ${r.side} | ${r.threads} | ${cellText(r).replace(/\|/g, '\\|')} | | | | |`);
        continue;
      }
      out.push(`| ${r.side} | ${r.threads} | ${fmtMs(s.median)} | ${fmtMs(s.p10)} – ${fmtMs(s.p90)} | ±${(relativeSpread(s) * 50).toFixed(0)} % | ${s.n} × ${r.inner ?? 1} | ${num(r.rate)} |`);
    }
  }
  out.push('');
  out.push('### Sides');
  out.push('');
  for (const s of rep.sides) out.push(`- **${s.name}** (${s.ours ? 'ours' : 'peer'}, threads ${s.threads}): ${s.info}`);
  return out.join('\n');
}
