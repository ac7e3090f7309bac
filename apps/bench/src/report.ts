/**
 * Turns measured cells into the report: ratios (ours ÷ peer), rates, the share of the measured
 * peaks, and the markdown and JSON forms.
 */
import { type Cell, fmtMs } from './harness.js';
import type { Machine } from './machine.js';
import { LOOP_SIDE } from './peak.js';
import { relativeSpread, summarize } from './stats.js';
import { type Workload, rate } from './workloads.js';

export interface Row extends Cell {
  rate?: number;
  /** Our median time ÷ the peer's, by peer name (ours only). */
  ratios?: Record<string, number>;
  /**
   * Our median GFLOP/s as a fraction of the median of our yardstick (a wasm SIMD loop), sampled in
   * the same rounds (ours only, where FLOPs are defined): the share of what one core could do at
   * that moment.
   */
  ofWasmLoop?: number;
  /** Our median GFLOP/s as a fraction of the best rates seen in the whole run (the peaks). */
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

export interface LoopPeak {
  /** The best rate seen: in the bursts before each workload (`runs`) or in the reference samples. */
  gflops: number;
  /** GFLOP/s of each burst. */
  runs: number[];
}

export interface Peaks {
  /** Each wasm SIMD loop's peak, by the name of its reference side (see peak.ts). */
  wasm: Record<string, LoopPeak>;
  native: { gflops: number; bySize: Record<string, number> } | { unavailable: string };
}

export interface SideInfo {
  name: string;
  ours: boolean;
  reference?: boolean;
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

/** The best GFLOP/s of each reference side (wasm loop) in a workload's samples. */
export function referenceBests(w: Workload, cells: readonly Cell[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of cells) if (c.reference && c.summary && w.flops) out.set(c.side, w.flops / (c.summary.min / 1000) / 1e9);
  return out;
}

export function analyse(w: Workload, cells: readonly Cell[], peaks: Peaks): WorkloadResult {
  const peers = cells.filter((c) => !c.ours && !c.reference && c.summary);
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
      const yardstick = c.yardstick ?? LOOP_SIDE['mul+add'];
      const loopMs = cells.find((x) => x.reference && x.side === yardstick)?.summary?.median;
      // Same FLOPs per operation on both sides, so the rate ratio is the inverse time ratio.
      if (loopMs !== undefined) row.ofWasmLoop = loopMs / ms;
      const peak = peaks.wasm[yardstick]?.gflops;
      if (peak) row.ofWasmPeak = gflops / peak;
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
  const peerNames = rep.sides.filter((s) => !s.ours && !s.reference).map((s) => s.name);
  const out: string[] = [];
  const m = rep.machine;
  out.push(`Run of ${rep.date} (${rep.mode}${rep.mode === 'quick' ? ': smoke test with small shapes, not a measurement' : ''}), ${rep.threads} thread(s) per side unless a row says otherwise, ${rep.durationS.toFixed(0)} s in all.`);
  out.push('');
  out.push(`Machine: ${m.cpu} (${m.cpuid}; ${m.simd}), ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. Load average at start ${m.loadavg.join(' / ')}, at end ${rep.loadavgEnd.join(' / ')}.`);
  out.push('');
  const native = 'gflops' in rep.peaks.native
    ? `${num(rep.peaks.native.gflops)} GFLOP/s (best PyTorch f32 matmul: ${Object.entries(rep.peaks.native.bySize).map(([n, g]) => `${n}³ ${num(g)}`).join(', ')})`
    : `not available (${rep.peaks.native.unavailable})`;
  const loops = Object.entries(rep.peaks.wasm).map(([name, p]) => {
    const median = p.runs.length > 0 ? num(summarize(p.runs).median) : '—';
    return `${name} ${num(p.gflops)} GFLOP/s (median of ${p.runs.length} bursts before the workloads ${median})`;
  });
  out.push(`Peaks measured in this run (best seen), 1 core: ${loops.join('; ')}; native: ${native}.`);
  out.push('');
  out.push(
    `*Of wasm loop* = our median rate ÷ the loop's median rate, the loop sampled in the same interleaved rounds as every side (a busy moment slows both); *of wasm peak* = our median rate ÷ the loop's best rate in the whole run. The loop is the ${LOOP_SIDE['mul+add']} (f32x4 mul + add), and the ${LOOP_SIDE.fma} (relaxed SIMD's fused multiply-add) for rows built with relaxed SIMD. *Of native peak* = our median rate ÷ PyTorch's best matmul rate.`,
  );
  out.push('');
  out.push('### Headline: time ratio, ours ÷ peer (below 1 = we are faster)');
  out.push('');
  out.push(`| workload | ours | median | rate | ${peerNames.map((p) => `vs ${p}`).join(' | ')} | of wasm loop | of wasm peak | of native peak |`);
  out.push(`|---|---|---:|---:|${peerNames.map(() => '---:').join('|')}|---:|---:|---:|`);
  const missing = new Set(rep.sides.filter((s) => !s.available).map((s) => s.name));
  for (const w of rep.workloads) {
    for (const r of w.rows.filter((x) => x.ours && !missing.has(x.side))) {
      if (r.status !== 'ok') {
        out.push(`| ${w.id} | ${r.side} | ${r.status === 'error' ? 'error' : 'n/a'} (below) | | ${peerNames.map(() => '').join(' | ')} | | | |`);
        continue;
      }
      const vs = peerNames.map((p) => ratio(r.ratios?.[p]));
      out.push(`| ${w.id} | ${r.side} | ${fmtMs(r.summary?.median ?? Number.NaN)} | ${r.rate === undefined ? '—' : `${num(r.rate)} ${w.unit}`} | ${vs.join(' | ')} | ${pct(r.ofWasmLoop)} | ${pct(r.ofWasmPeak)} | ${pct(r.ofNativePeak)} |`);
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
    // The loop has nothing to say about workloads without FLOPs.
    for (const r of w.rows.filter((x) => !(x.reference && x.status !== 'ok'))) {
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
  for (const s of rep.sides) out.push(`- **${s.name}** (${s.ours ? 'ours' : s.reference ? 'reference' : 'peer'}, threads ${s.threads}): ${s.info}`);
  return out.join('\n');
}
