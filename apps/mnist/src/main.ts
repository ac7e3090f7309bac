/**
 * apps/mnist: trains the classic CNN on the 10,000 real MNIST digits of the `mnist` package
 * (8,000 to train, 2,000 held out), once written with nn modules and once with F functions, from
 * the same initial weights and the same seed, and shows that both loss curves are identical. Then
 * saves a safetensors checkpoint, reloads it, and evaluates it. Ctrl-C stops cleanly: the last
 * checkpoint on disk stays intact (checkpoints are written to a temporary file, then renamed).
 *
 *   npm run mnist -- --backend wasm --epochs 5 --defs both --out mnist-cnn.safetensors
 */
import { parseArgs } from 'node:util';
import { runMnist } from './app.js';

// A leading `--` (from `pnpm start -- --backend wasm`) separates nothing here.
const argv = process.argv.slice(2);
const { values: args } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    backend: { type: 'string', default: 'cpu' },
    epochs: { type: 'string', default: '5' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.002' },
    seed: { type: 'string', default: '0' },
    defs: { type: 'string', default: 'both' },
    out: { type: 'string', default: 'mnist-cnn.safetensors' },
    'train-samples': { type: 'string' },
  },
});

let stop = false;
process.on('SIGINT', () => {
  if (stop) process.exit(130);
  stop = true;
  process.stdout.write('\nStopping after this step (Ctrl-C again to quit now)…\n');
});

const result = await runMnist({
  backend: args.backend!,
  epochs: Number(args.epochs),
  batchSize: Number(args.batch),
  lr: Number(args.lr),
  seed: Number(args.seed),
  defs: args.defs as 'nn' | 'F' | 'both',
  out: args.out!,
  trainSamples: args['train-samples'] ? Number(args['train-samples']) : undefined,
  shouldStop: () => stop,
});
const [a, b] = [result.curves.nn, result.curves.F];
const mismatch = a && b && !result.stopped && a.some((l, i) => l !== b[i]);
// Worker threads (wasm) and Dawn (webgpu) keep the event loop alive: exit explicitly.
process.exit(result.stopped ? 130 : mismatch ? 1 : 0);
