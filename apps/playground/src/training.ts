/**
 * Trains the classic CNN written with nn modules and its F twin, from the same initial weights and
 * the same seeded batches, as apps/mnist does, and plots both loss curves live.
 */
import { CNN, CNNFunctional, type ProgressOptions, evaluate, remap, split, train } from '@proj/app-shared';
import type * as nn from '@proj/nn';
import * as torch from '@proj/tensor';
import type { TrainReport, TrainRequest } from './api.js';
import { loadDigits } from './digits.js';

export interface TrainHooks {
  onStep(label: 'nn' | 'F', loss: number): void;
  progress: ProgressOptions['stream'];
}

const SEED = 0;

/** Trains both twins; returns the report and the trained nn model (the caller disposes it). */
export async function trainTwins(req: TrainRequest, hooks: TrainHooks): Promise<{ report: TrainReport; model: nn.Module }> {
  const digits = await loadDigits();
  torch.setBackend(req.backend);
  const data = split(digits, { test: 2000, seed: SEED, device: req.backend });
  const n = Math.min(req.samples, data.trainImages.size(0));
  const m = Math.min(req.evalSamples, data.testImages.size(0));
  const [images, labels] = [data.trainImages.narrow(0, 0, n), data.trainLabels.narrow(0, 0, n)];
  const [testImages, testLabels] = [data.testImages.narrow(0, 0, m), data.testLabels.narrow(0, 0, m)];
  torch.manual_seed(SEED);
  const modules = new CNN();
  const functional = new CNNFunctional();
  functional.load_state_dict(remap(modules.state_dict(), CNNFunctional.fromModules));
  const report: TrainReport = { backend: req.backend, curves: { nn: [], F: [] }, accuracy: { nn: 0, F: 0 } };
  try {
    for (const [label, model] of [['nn', modules], ['F', functional]] as const) {
      const r = await train(model, images, labels, {
        epochs: req.epochs,
        batchSize: req.batchSize,
        lr: req.lr,
        seed: SEED,
        label: label.padEnd(2),
        stream: hooks.progress,
        onStep: (loss) => hooks.onStep(label, loss),
      });
      report.curves[label] = r.losses;
      report.accuracy[label] = await evaluate(model, testImages, testLabels);
    }
  } catch (e) {
    modules.dispose();
    throw e;
  } finally {
    functional.dispose();
    for (const t of [images, labels, testImages, testLabels, ...Object.values(data)]) t.dispose();
  }
  return { report, model: modules };
}
