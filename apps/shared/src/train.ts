/**
 * Training and evaluating a classifier on MNIST tensors: seeded shuffles, Adam, cross_entropy,
 * a progress bar, and a stop flag checked between steps (for Ctrl-C).
 */
import * as F from '@proj/functional';
import type * as nn from '@proj/nn';
import { Adam, lr_scheduler } from '@proj/optim';
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { ProgressBar, type ProgressOptions } from './progress.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** Seed of the per-epoch shuffles (the same for every model, so twins see the same batches). */
  seed: number;
  label: string;
  /** Checked before every step; when it returns true, training stops cleanly. */
  shouldStop?: () => boolean;
  /** Called after each epoch (e.g. to save a checkpoint). */
  onEpoch?: (epoch: number) => void;
  /** Called after every step with its loss (e.g. to plot the curve live). */
  onStep?: (loss: number, step: number) => void;
  /** Where the progress bar writes (default stdout, or console in a browser). */
  stream?: ProgressOptions['stream'];
  quiet?: boolean;
}

export interface TrainResult {
  /** The loss of every step, in order. */
  losses: number[];
  stopped: boolean;
}

export async function train(model: nn.Module, images: Tensor, labels: Tensor, opts: TrainOptions): Promise<TrainResult> {
  const n = images.size(0);
  const steps = Math.ceil(n / opts.batchSize);
  const optimizer = new Adam(model.parameters(), { lr: opts.lr });
  // Cosine annealing over the epochs: the last epochs take small steps, which settles the accuracy.
  const scheduler = new lr_scheduler.CosineAnnealingLR(optimizer, opts.epochs);
  const gen = new torch.Generator(BigInt(opts.seed));
  const losses: number[] = [];
  model.train();
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const bar = new ProgressBar({ total: n, label: `${opts.label} epoch ${epoch}/${opts.epochs}`, unit: 'samples', stream: opts.quiet ? { write: () => true } : opts.stream });
      const perm = torch.keep(torch.randperm(n, { generator: gen, device: images.device }));
      let running = 0;
      for (let s = 0; s < steps; s++) {
        if (opts.shouldStop?.()) {
          bar.close();
          perm.dispose();
          return { losses, stopped: true };
        }
        const size = Math.min(opts.batchSize, n - s * opts.batchSize);
        const loss = await torch.scope(async () => {
          const idx = perm.narrow(0, s * opts.batchSize, size);
          optimizer.zero_grad();
          const l = F.cross_entropy(model.call(images.index_select(0, idx)) as Tensor, labels.index_select(0, idx));
          l.backward();
          optimizer.step();
          return (await l.data())[0] as number;
        });
        losses.push(loss);
        opts.onStep?.(loss, losses.length - 1);
        // A macrotask turn per step: lets signal handlers (Ctrl-C) and, in a page, rendering run.
        await new Promise((resolve) => setTimeout(resolve, 0));
        running = s === 0 ? loss : 0.95 * running + 0.05 * loss;
        bar.tick(size, { loss: running });
      }
      bar.close();
      perm.dispose();
      scheduler.step();
      opts.onEpoch?.(epoch);
    }
    return { losses, stopped: false };
  } finally {
    optimizer.state.clear();
  }
}

/** Top-1 accuracy in [0, 1], in batches, without gradients. */
export async function evaluate(model: nn.Module, images: Tensor, labels: Tensor, batchSize = 500): Promise<number> {
  model.eval();
  let correct = 0;
  const n = images.size(0);
  for (let s = 0; s < n; s += batchSize) {
    const size = Math.min(batchSize, n - s);
    correct += await torch.no_grad(() =>
      torch.scope(async () => {
        const pred = (model.call(images.narrow(0, s, size)) as Tensor).argmax(1);
        return (await pred.eq(labels.narrow(0, s, size)).sum().data())[0] as unknown as number;
      }),
    ).then(Number);
  }
  return correct / n;
}
