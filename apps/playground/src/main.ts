/**
 * The playground page: wires the backend menu, the parity table, training with its live chart and
 * the drawing pad, and exposes the same actions on `window.playground` for tests.
 */
import { LESSON, checksOn } from '@proj/app-parity';
import type * as nn from '@proj/nn';
import type { BackendInfo, PlaygroundApi, Prediction, TrainRequest } from './api.js';
import { setupBackends } from './backends.js';
import { LineChart } from './chart.js';
import { DrawPad } from './pad.js';
import { ParityTable } from './parity-view.js';
import { predict } from './predict.js';
import { showInput, showPrediction } from './prediction-view.js';
import { exclusive } from './queue.js';
import { trainTwins } from './training.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const menu = $<HTMLSelectElement>('backend');
const form = $<HTMLFormElement>('train-form');
const progress = $('progress');
const parityTable = new ParityTable($<HTMLTableElement>('parity').tBodies[0]!, $('parity-summary'));
const chart = new LineChart($<HTMLCanvasElement>('chart'), [
  { label: 'nn', title: 'nn modules (CNN)', color: '#1f5fbf', width: 4 },
  { label: 'F', title: 'F functions (twin)', color: '#f28e2b', dash: [6, 5], width: 2 },
]);
$('lesson').textContent = LESSON.join(' ');

let trained: { model: nn.Module; backend: string } | null = null;
let lastPrediction: Promise<Prediction | null> = Promise.resolve(null);

function showBackends(infos: BackendInfo[]): void {
  menu.replaceChildren(
    ...infos.map((b) => {
      const o = new Option(b.available ? b.name : `${b.name} (unavailable)`, b.name);
      o.disabled = !b.available;
      return o;
    }),
  );
  $('backend-info').replaceChildren(
    ...infos.map((b) => {
      const li = document.createElement('li');
      li.className = b.available ? 'available' : 'unavailable';
      li.textContent = `${b.name}: ${b.detail}`;
      return li;
    }),
  );
  // wasm is the fastest to train on without a GPU; the menu starts there when it is available.
  if (infos.some((b) => b.name === 'wasm' && b.available)) menu.value = 'wasm';
  for (const id of ['backend', 'run-parity', 'train']) $<HTMLButtonElement>(id).disabled = false;
}

function formRequest(): TrainRequest {
  const v = (name: string) => Number((form.elements.namedItem(name) as HTMLInputElement).value);
  return { backend: menu.value, samples: v('samples'), batchSize: v('batchSize'), epochs: v('epochs'), lr: v('lr'), evalSamples: v('evalSamples') };
}

async function runParity(backend: string) {
  $('parity-summary').textContent = `running on ${backend}…`;
  const rows = await exclusive(() => checksOn(backend));
  parityTable.show(backend, rows);
  return rows;
}

async function train(request: Partial<TrainRequest> = {}) {
  const req = { ...formRequest(), ...request };
  return exclusive(async () => {
    const steps = Math.ceil(req.samples / req.batchSize) * req.epochs;
    chart.reset(steps);
    $('train-result').textContent = `training on ${req.backend}…`;
    const { report, model } = await trainTwins(req, {
      onStep: (label, loss) => chart.push(label, loss),
      // As a TTY the bar redraws on every step; its closing newline keeps the last line shown.
      progress: { isTTY: true, write: (s) => (progress.textContent = s.replace(/[\r\n]/g, '') || progress.textContent) },
    });
    trained?.model.dispose();
    trained = { model, backend: req.backend };
    const same = report.curves.nn.every((l, i) => l === report.curves.F[i]);
    const pct = (a: number) => `${(a * 100).toFixed(1)}%`;
    $('train-result').textContent =
      `${report.curves.nn.length} steps on ${req.backend}; nn and F loss curves ${same ? 'identical' : 'DIFFER'}; ` +
      `test accuracy nn ${pct(report.accuracy.nn)}, F ${pct(report.accuracy.F)} on ${req.evalSamples} held-out digits.`;
    return report;
  });
}

async function predictPad(): Promise<Prediction | null> {
  const pixels = pad.pixels();
  showInput($<HTMLCanvasElement>('input'), pixels);
  const out = $('prediction');
  if (!pixels || !trained) {
    showPrediction(out, null, pixels ? 'Train a model first.' : 'Draw a digit.');
    return null;
  }
  const { model, backend } = trained;
  const p = await exclusive(() => predict(model, backend, pixels));
  showPrediction(out, p);
  return p;
}

const pad = new DrawPad($<HTMLCanvasElement>('pad'), () => {
  lastPrediction = predictPad();
});

function clear(): void {
  pad.clear();
  lastPrediction = predictPad();
}

const ready = setupBackends();
const report = (e: unknown) => {
  progress.textContent = `error: ${(e as Error).message}`;
  console.error(e);
};
window.playground = {
  ready,
  runParity,
  train,
  predict: predictPad,
  settled: () => lastPrediction,
  clear,
} satisfies PlaygroundApi;

ready.then(showBackends, report);
$('run-parity').addEventListener('click', () => runParity(menu.value).catch(report));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  train().catch(report);
});
$('clear').addEventListener('click', clear);
