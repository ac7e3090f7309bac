/**
 * A drawing → the 28×28 input the CNN was trained on. MNIST digits were scaled to fit a 20×20 box
 * (keeping the aspect ratio) and placed in a 28×28 field with their centre of mass at the centre;
 * a drawing gets the same treatment, so the model sees what it was trained on.
 */
import { MNIST_MEAN, MNIST_STD } from '@proj/app-shared';

export const SIDE = 28;
const BOX = 20;
/** Intensities at or below this count as background when finding the drawing's bounding box. */
const INK = 0.05;

/**
 * `ink`: `width × height` intensities in [0, 1] (1 = stroke), row-major. Returns 28×28
 * intensities in [0, 1], or null when nothing is drawn.
 */
export function toMnist(ink: ArrayLike<number>, width: number, height: number): Float32Array | null {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const [bw, bh] = [x1 - x0 + 1, y1 - y0 + 1];
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale));
  const th = Math.max(1, Math.round(bh * scale));
  const box = new Float32Array(tw * th);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) box[ty * tw + tx] = area(ink, width, height, x0 + tx / scale, y0 + ty / scale, 1 / scale);
  }
  const out = new Float32Array(SIDE * SIDE);
  const [cx, cy] = centreOfMass(box, tw, th);
  // Centre of mass to the field's centre, without pushing the box off the field.
  const ox = clamp(Math.round(SIDE / 2 - cx), 0, SIDE - tw);
  const oy = clamp(Math.round(SIDE / 2 - cy), 0, SIDE - th);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) out[(oy + y) * SIDE + ox + x] = Math.min(1, Math.max(0, box[y * tw + x]!));
  }
  return out;
}

/** Normalises [0, 1] intensities as the training data is (torchvision's Normalize((0.1307,), (0.3081,))). */
export function normalize(pixels: Float32Array): Float32Array {
  return pixels.map((v) => (v - MNIST_MEAN) / MNIST_STD);
}

/** Mean of the source pixels whose centres fall in the square [x, x+size) × [y, y+size). */
function area(ink: ArrayLike<number>, width: number, height: number, x: number, y: number, size: number): number {
  const [xa, xb] = [Math.max(0, Math.ceil(x - 0.5)), Math.min(width, Math.ceil(x + size - 0.5))];
  const [ya, yb] = [Math.max(0, Math.ceil(y - 0.5)), Math.min(height, Math.ceil(y + size - 0.5))];
  if (xb <= xa || yb <= ya) {
    // Upscaling a tiny drawing: the square may hold no pixel centre, so take the nearest pixel.
    const [i, j] = [clamp(Math.floor(x + size / 2), 0, width - 1), clamp(Math.floor(y + size / 2), 0, height - 1)];
    return ink[j * width + i] ?? 0;
  }
  let sum = 0;
  for (let j = ya; j < yb; j++) for (let i = xa; i < xb; i++) sum += ink[j * width + i] ?? 0;
  return sum / ((xb - xa) * (yb - ya));
}

function centreOfMass(box: Float32Array, w: number, h: number): [number, number] {
  let [m, mx, my] = [0, 0, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = box[y * w + x]!;
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [w / 2, h / 2];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
