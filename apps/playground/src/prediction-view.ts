/**
 * The prediction: the most likely digit, a bar per class, and the 28×28 image the model saw.
 */
import type { Prediction } from './api.js';
import { SIDE } from './preprocess.js';

export function showPrediction(el: HTMLElement, p: Prediction | null, message = ''): void {
  if (!p) {
    el.replaceChildren(text('p', message));
    return;
  }
  const head = text('p', `Prediction: ${p.digit} (${(p.probabilities[p.digit]! * 100).toFixed(1)}%)`);
  head.className = 'digit';
  const bars = p.probabilities.map((prob, d) => {
    const row = document.createElement('div');
    row.className = d === p.digit ? 'bar best' : 'bar';
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.width = `${(prob * 100).toFixed(1)}%`;
    row.replaceChildren(text('span', String(d)), fill, text('span', `${(prob * 100).toFixed(1)}%`));
    return row;
  });
  el.replaceChildren(head, ...bars);
}

/** Draws the model's input, 28×28 intensities in [0, 1], on a 28×28 canvas. */
export function showInput(canvas: HTMLCanvasElement, pixels: Float32Array | null): void {
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(SIDE, SIDE);
  for (let i = 0; i < SIDE * SIDE; i++) {
    const v = Math.round((pixels?.[i] ?? 0) * 255);
    img.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
}

function text(tag: string, content: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = content;
  return el;
}
