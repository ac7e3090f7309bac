/**
 * The MNIST app as a function: data, the two definitions, training, the checkpoint round trip.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type * as nn from '@proj/nn';
import * as torch from '@proj/tensor';
import { CNN, CNNFunctional, createBackends, evaluate, remap, split, train } from '@proj/app-shared';
import { readMnistDigits } from '@proj/app-shared/node';

export interface MnistOptions {
  backend: string;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Which definitions to train: the nn model, its F twin, or both (to compare their curves). */
  defs: 'nn' | 'F' | 'both';
  /** Checkpoint path (safetensors), written atomically after every epoch and at the end. */
  out: string;
  /** Use only this many training samples (default all 8,000). */
  trainSamples?: number;
  shouldStop?: () => boolean;
  log?: (line: string) => void;
  quiet?: boolean;
}

export interface MnistResult {
  curves: Record<string, number[]>;
  accuracy: Record<string, number>;
  reloadedAccuracy: number | null;
  stopped: boolean;
}

/** Writes to a temporary file, then renames: an interrupted write never corrupts the last checkpoint. */
export function saveCheckpoint(model: nn.Module, path: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, torch.save_safetensors(model.state_dict()));
  renameSync(tmp, path);
}

export async function runMnist(o: MnistOptions): Promise<MnistResult> {
  const log = o.log ?? console.log;
  await createBackends([o.backend]);
  torch.setBackend(o.backend);
  const data = split(readMnistDigits(), { test: 2000, seed: 0, device: o.backend });
  const n = Math.min(o.trainSamples ?? Number.POSITIVE_INFINITY, data.trainImages.size(0));
  const images = data.trainImages.narrow(0, 0, n);
  const labels = data.trainLabels.narrow(0, 0, n);

  torch.manual_seed(o.seed);
  const modules = new CNN();
  const functional = new CNNFunctional();
  functional.load_state_dict(remap(modules.state_dict(), CNNFunctional.fromModules));
  if (!o.quiet) log(modules.toString());

  const runs: [string, nn.Module][] = [];
  if (o.defs !== 'F') runs.push(['nn', modules]);
  if (o.defs !== 'nn') runs.push(['F', functional]);
  const result: MnistResult = { curves: {}, accuracy: {}, reloadedAccuracy: null, stopped: false };
  for (const [label, model] of runs) {
    const r = await train(model, images, labels, {
      epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, seed: o.seed, label: label.padEnd(2), quiet: o.quiet,
      shouldStop: o.shouldStop,
      onEpoch: () => {
        if (label === runs[0]![0]) saveCheckpoint(model, o.out);
      },
    });
    result.curves[label] = r.losses;
    if (r.stopped) {
      result.stopped = true;
      log(`Stopped. The last checkpoint, ${o.out}, is intact.`);
      return result;
    }
    result.accuracy[label] = await evaluate(model, data.testImages, data.testLabels);
    log(`${label}: test accuracy ${(result.accuracy[label]! * 100).toFixed(2)}% on 2,000 held-out digits`);
  }
  const [a, b] = [result.curves.nn, result.curves.F];
  if (a && b) {
    const diff = Math.max(...a.map((l, i) => Math.abs(l - b[i]!)));
    log(`nn vs F loss curves over ${a.length} steps: max |difference| ${diff}${diff === 0 ? ' (identical)' : ''}`);
  }
  saveCheckpoint(runs[0]![1], o.out);
  const reloaded = new CNN();
  reloaded.load_state_dict(torch.load_safetensors(readFileSync(o.out)));
  result.reloadedAccuracy = await evaluate(reloaded, data.testImages, data.testLabels);
  log(`reloaded ${o.out}: test accuracy ${(result.reloadedAccuracy * 100).toFixed(2)}%`);
  for (const m of [modules, functional, reloaded]) m.dispose();
  return result;
}
