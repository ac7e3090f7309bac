import { MNIST_MEAN, MNIST_STD } from '@proj/app-shared';
import { describe, expect, it } from 'vitest';
import { SIDE, normalize, toMnist } from './preprocess.js';

/** A 280×280 pad with the rectangle [x, x+w) × [y, y+h) inked. */
function pad(x: number, y: number, w: number, h: number): Float32Array {
  const ink = new Float32Array(280 * 280);
  for (let j = y; j < y + h; j++) ink.fill(1, j * 280 + x, j * 280 + x + w);
  return ink;
}

function bounds(img: Float32Array): { x0: number; x1: number; y0: number; y1: number } {
  const b = { x0: SIDE, x1: -1, y0: SIDE, y1: -1 };
  img.forEach((v, i) => {
    if (v <= 0) return;
    const [x, y] = [i % SIDE, Math.floor(i / SIDE)];
    Object.assign(b, { x0: Math.min(b.x0, x), x1: Math.max(b.x1, x), y0: Math.min(b.y0, y), y1: Math.max(b.y1, y) });
  });
  return b;
}

describe('toMnist', () => {
  it('returns null for an empty pad', () => {
    expect(toMnist(new Float32Array(280 * 280), 280, 280)).toBeNull();
  });

  it('fits the drawing in a 20-pixel box, keeping its aspect ratio, centred by mass', () => {
    const img = toMnist(pad(30, 40, 100, 200), 280, 280)!;
    expect(img.length).toBe(SIDE * SIDE);
    const b = bounds(img);
    expect(b.y1 - b.y0 + 1).toBe(20);
    expect(b.x1 - b.x0 + 1).toBe(10);
    expect([b.x0, b.y0]).toEqual([9, 4]);
    expect(Math.max(...img)).toBe(1);
    expect(Math.min(...img)).toBe(0);
  });

  it('does not depend on where on the pad the digit was drawn', () => {
    expect(toMnist(pad(150, 60, 80, 160), 280, 280)).toEqual(toMnist(pad(10, 100, 80, 160), 280, 280));
  });

  it('scales a tiny drawing up', () => {
    const b = bounds(toMnist(pad(5, 5, 2, 4), 280, 280)!);
    expect(b.y1 - b.y0 + 1).toBe(20);
  });
});

it('normalize matches the training data (torchvision Normalize((0.1307,), (0.3081,)))', () => {
  const out = normalize(new Float32Array([0, 1]));
  expect(out[0]).toBeCloseTo(-MNIST_MEAN / MNIST_STD, 6);
  expect(out[1]).toBeCloseTo((1 - MNIST_MEAN) / MNIST_STD, 6);
});
