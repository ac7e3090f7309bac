/**
 * PyTorch's upsampling index and weight formulas (`UpSample.h`), one dim at a time, computed on
 * the host. PyTorch evaluates them in the tensor's precision (float for float32), so for float32
 * every rounding point is reproduced with `Math.fround`: that decides which source pixel a
 * boundary output reads.
 */

export type InterpMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'area';

/** The source taps of every output position and their weights (null: one tap, weight 1). */
export interface Taps {
  index: number[];
  weight: number[] | null;
  /** Taps per output position. */
  k: number;
}

type Round = (v: number) => number;
const same: Round = (v) => v;

/** `compute_scales_value`: 1/scale when a scale was given, else in/out. */
function scaleValue(round: Round, inSize: number, outSize: number, scale: number | null): number {
  return scale !== null && scale > 0 ? round(1 / scale) : round(inSize / outSize);
}

/** `area_pixel_compute_scale`. */
function areaScale(round: Round, inSize: number, outSize: number, alignCorners: boolean, scale: number | null): number {
  if (alignCorners) return outSize > 1 ? round((inSize - 1) / (outSize - 1)) : 0;
  return scaleValue(round, inSize, outSize, scale);
}

/** `area_pixel_compute_source_index`. */
function sourceIndex(round: Round, scale: number, dst: number, alignCorners: boolean, cubic: boolean): number {
  if (alignCorners) return round(scale * dst);
  const src = round(scale * (dst + 0.5) - 0.5);
  return !cubic && src < 0 ? 0 : src;
}

const A = -0.75;
const conv1 = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1;
const conv2 = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;

/**
 * Taps of one dim resized from `inSize` to `outSize`. `scale` is the user's scale factor when the
 * output size came from it (and was not recomputed), else null.
 */
export function taps(
  mode: InterpMode,
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  scale: number | null,
  float32: boolean,
): Taps {
  const round: Round = float32 ? Math.fround : same;
  const index: number[] = [];
  const weight: number[] = [];
  if (mode === 'nearest' || mode === 'nearest-exact') {
    const s = scaleValue(round, inSize, outSize, scale);
    const offset = mode === 'nearest' ? 0 : 0.5;
    for (let i = 0; i < outSize; i++) {
      // floorf: PyTorch floors in single precision even for doubles.
      const src = Math.floor(Math.fround(round(s * (i + offset))));
      index.push(Math.min(src, inSize - 1));
    }
    return { index, weight: null, k: 1 };
  }
  const s = areaScale(round, inSize, outSize, alignCorners, scale);
  if (mode === 'bicubic') {
    for (let i = 0; i < outSize; i++) {
      const real = sourceIndex(round, s, i, alignCorners, true);
      const i0 = Math.floor(Math.fround(real));
      const t = round(real - i0);
      const w = [conv2(t + 1), conv1(t), conv1(1 - t), conv2(2 - t)];
      for (let j = 0; j < 4; j++) {
        index.push(Math.min(Math.max(i0 - 1 + j, 0), inSize - 1));
        weight.push(round(w[j]!));
      }
    }
    return { index, weight, k: 4 };
  }
  for (let i = 0; i < outSize; i++) {
    if (inSize === outSize) {
      index.push(i, i);
      weight.push(1, 0);
      continue;
    }
    const real = sourceIndex(round, s, i, alignCorners, false);
    const i0 = Math.trunc(real);
    const l1 = Math.min(Math.max(round(real - i0), 0), 1);
    index.push(i0, i0 + (i0 < inSize - 1 ? 1 : 0));
    weight.push(round(1 - l1), l1);
  }
  return { index, weight, k: 2 };
}
