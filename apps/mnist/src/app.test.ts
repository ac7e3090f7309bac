import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '@proj/tensor';
import { CNN } from '@proj/app-shared';
import { afterAll, expect, it } from 'vitest';
import { runMnist } from './app.js';

const dir = mkdtempSync(join(tmpdir(), 'proj-mnist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('trains the nn model and its F twin to identical loss curves and reloads the checkpoint', async () => {
  const out = join(dir, 'small.safetensors');
  const r = await runMnist({ backend: 'cpu', epochs: 1, batchSize: 32, lr: 0.002, seed: 0, defs: 'both', out, trainSamples: 512, quiet: true, log: () => {} });
  expect(r.curves.nn!.length).toBe(16);
  expect(r.curves.F).toEqual(r.curves.nn);
  expect(r.curves.nn![15]!).toBeLessThan(r.curves.nn![0]!);
  expect(r.accuracy.F).toBe(r.accuracy.nn);
  expect(r.reloadedAccuracy).toBe(r.accuracy.nn);
}, 300_000);

it('stops cleanly on Ctrl-C (SIGINT) and leaves the last checkpoint intact', async () => {
  const out = join(dir, 'interrupted.safetensors');
  const app = fileURLToPath(new URL('./main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@proj/source', app, '--epochs', '50', '--defs', 'nn', '--train-samples', '256', '--out', out], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  // Interrupt once the first epoch's checkpoint exists (training is then well under way).
  for (let i = 0; i < 600 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 250));
  expect(existsSync(out), output).toBe(true);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, output).toBe(130);
  expect(output).toContain('is intact');
  expect(existsSync(`${out}.tmp`)).toBe(false);
  torch.setBackend('cpu');
  const model = new CNN();
  expect(model.load_state_dict(torch.load_safetensors(readFileSync(out)))).toEqual({ missing_keys: [], unexpected_keys: [] });
  model.dispose();
}, 300_000);
