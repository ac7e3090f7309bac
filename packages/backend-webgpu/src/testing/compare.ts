/**
 * Differential testing against the CPU reference: run the same front-end call on tensors that
 * live on 'cpu' and on the WebGPU backend, and compare the values. Not part of the package's API.
 */
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { expect } from 'vitest';

/** The same tensor on cpu and on `device`. */
export interface Pair {
  cpu: Tensor;
  gpu: Tensor;
}

export function pair(t: Tensor, device: string): Pair {
  return { cpu: t, gpu: t.to(device) };
}

/** Random float32 values with some specials mixed in when `specials`. */
export function randomData(n: number, specials = false, seed = 1): number[] {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1, -1];
  return Array.from({ length: n }, () => (specials && next() < 0.15 ? special[Math.floor(next() * special.length)]! : (next() - 0.5) * 6));
}

/** Values equal within `atol + rtol·|expected|` (NaN equals NaN; infinities equal by sign). */
export async function expectClose(actual: Tensor, expected: Tensor, label: string, atol = 1e-5, rtol = 1e-4): Promise<void> {
  expect([...actual.shape], `${label}: shape`).toEqual([...expected.shape]);
  expect(actual.dtype, `${label}: dtype`).toBe(expected.dtype);
  const a = Array.from((await actual.data()) as ArrayLike<number | bigint>, Number);
  const e = Array.from((await expected.data()) as ArrayLike<number | bigint>, Number);
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(y) || Number.isNaN(x)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) expect.fail(`${label}: element ${i} is ${x}, expected ${y}`);
      continue;
    }
    if (!Number.isFinite(y) || !Number.isFinite(x)) {
      if (x !== y) expect.fail(`${label}: element ${i} is ${x}, expected ${y}`);
      continue;
    }
    if (Math.abs(x - y) > atol + rtol * Math.abs(y)) expect.fail(`${label}: element ${i} is ${x}, expected ${y} (|diff| ${Math.abs(x - y)})`);
  }
}

/** Runs `f` on both sides of each pair and compares the results. */
export async function same(label: string, inputs: Pair[], f: (...xs: Tensor[]) => Tensor, atol?: number, rtol?: number): Promise<void> {
  await torch.scope(async () => {
    const want = f(...inputs.map((p) => p.cpu));
    const got = f(...inputs.map((p) => p.gpu));
    await expectClose(got, want, label, atol, rtol);
  });
}
