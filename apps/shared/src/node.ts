/**
 * Node-only helpers: reading the `mnist` package's digit files from disk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DigitData } from './mnist.js';

/** Reads the ten `digits/<d>.json` files of the `mnist` package. */
export function readMnistDigits(): DigitData {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  return Array.from({ length: 10 }, (_, d) => JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] });
}

export { ProgressBar } from './progress.js';
