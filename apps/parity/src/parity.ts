/**
 * Runs every parity check on every available backend.
 */
import * as F from '@proj/functional';
import * as torch from '@proj/tensor';
import { CNN, CNNFunctional, FeatureBlockFunctional, featureBlock } from '@proj/app-shared';
import { createBackends } from '@proj/app-shared';
import { dropoutLesson, functionalInsideModule, sharedWeights } from './lessons.js';
import { type Row, table } from './report.js';
import { type TwinSpec, twinRows } from './twins.js';

export { type Row, fmt } from './report.js';

const TWINS: TwinSpec[] = [
  {
    model: 'classic CNN',
    makeModules: () => new CNN(),
    makeTwin: () => new CNNFunctional(),
    map: CNNFunctional.fromModules,
    input: () => torch.randn(8, 1, 28, 28),
    target: () => torch.randint(0, 10, [8]),
    loss: (out, y) => F.cross_entropy(out, y),
  },
  {
    model: 'feature block (train, then eval)',
    makeModules: featureBlock,
    makeTwin: () => new FeatureBlockFunctional(),
    map: FeatureBlockFunctional.fromModules,
    input: () => torch.randn(4, 3, 16, 16),
    target: () => torch.randn(4, 64, 8, 8),
    loss: (out, y) => F.mse_loss(out, y),
    buffers: true,
  },
];

export interface ParityResult {
  rows: Row[];
  table: string;
  ok: boolean;
  skipped: { name: string; reason: string }[];
}

export const LESSON = [
  'The lesson: F.dropout(x) defaults to training=true, exactly as PyTorch\'s. It keeps dropping',
  'after model.eval(). Pass { training: this.training } (or use nn.Dropout) to follow the module.',
];

/** Every check on one backend, which must already be registered (e.g. by `createBackends`). */
export async function checksOn(backend: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const spec of TWINS) rows.push(...(await twinRows(spec, backend)));
  rows.push(...(await dropoutLesson(backend)));
  rows.push(...(await sharedWeights(backend)));
  rows.push(...(await functionalInsideModule(backend)));
  return rows;
}

export async function parity(opts: { only?: readonly string[] } = {}): Promise<ParityResult> {
  const available = await createBackends(opts.only);
  const names = available.names.filter((n) => !opts.only || opts.only.includes(n));
  const skipped = available.skipped;
  const rows: Row[] = [];
  for (const backend of names) rows.push(...(await checksOn(backend)));
  const notes = skipped.map((s) => `backend ${s.name} not available: ${s.reason}`);
  const ok = rows.every((r) => r.pass);
  return { rows, table: [table(rows), '', ...LESSON, ...notes].join('\n'), ok, skipped };
}
