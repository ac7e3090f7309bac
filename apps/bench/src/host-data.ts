/**
 * Seeded host data for the peers' inputs. Values do not affect the timings; a fixed seed keeps
 * runs repeatable. (Our side draws from `torch.randn`, PyTorch's own generator.)
 */

/** Normally distributed float32 values (Box–Muller over mulberry32). */
export function randn(n: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const th = 2 * Math.PI * next();
    out[i] = r * Math.cos(th);
    if (i + 1 < n) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** `randn` scaled to ±bound-ish, for weights that keep activations finite. */
export function weights(n: number, bound: number, seed: number): Float32Array {
  const w = randn(n, seed);
  for (let i = 0; i < n; i++) w[i] = (w[i] as number) * bound * 0.5;
  return w;
}

/** Class labels in [0, classes). */
export function labels(n: number, classes: number, seed = 7): Int32Array {
  const r = randn(n, seed);
  return Int32Array.from(r, (x) => Math.floor(((Math.abs(x) * 1e4) % 1) * classes));
}

export const prod = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
