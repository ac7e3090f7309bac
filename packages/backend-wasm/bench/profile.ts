/**
 * Where a training step of the seed CNN spends its time, per backend member, in process CPU time
 * (kernel calls are synchronous; CPU time is steadier than wall time on a busy machine, and is
 * the sum over threads with more than one). Time outside kernels is the front end's.
 *   npx tsx --conditions=@proj/source packages/backend-wasm/bench/profile.ts [threads]
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as optim from '@proj/optim';
import * as torch from '@proj/tensor';
import { wasm } from '../src/index.js';

const threads = Number(process.argv[2] ?? 1);
const be = await wasm({ threads });
const stats = new Map<string, { n: number; ms: number }>();
const wrapped = Object.create(be) as Record<string, unknown>;
for (const [k, v] of Object.entries(be)) {
  if (typeof v !== 'function' || k === 'memory' || k === 'close') continue;
  wrapped[k] = (...args: unknown[]) => {
    const c0 = process.cpuUsage();
    const r = (v as (...a: unknown[]) => unknown)(...args);
    const c1 = process.cpuUsage(c0);
    const dt = (c1.user + c1.system) / 1000;
    let label = k;
    if (k === 'unary' || k === 'binary' || k === 'reduce') label += `:${String(args[0])}`;
    const s = stats.get(label) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += dt;
    stats.set(label, s);
    return r;
  };
}
torch.registerBackend(wrapped as unknown as typeof be);
torch.manual_seed(0);
const model = new nn.Sequential(
  new nn.Conv2d(1, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Conv2d(16, 32, 5), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Flatten(), new nn.Linear(512, 10),
);
const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
const x = torch.randn([64, 1, 28, 28]);
const y = torch.randint(0, 10, [64]);
const step = () => torch.scope(() => {
  opt.zero_grad();
  const loss = F.cross_entropy(model.forward(x), y);
  loss.backward();
  opt.step();
  loss.item();
});
for (let i = 0; i < 5; i++) step();
stats.clear();
const steps = 20;
const t0 = process.cpuUsage();
for (let i = 0; i < steps; i++) step();
const t1 = process.cpuUsage(t0);
const total = (t1.user + t1.system) / 1000 / steps;
const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
let inKernels = 0;
for (const [k, s] of rows) {
  inKernels += s.ms / steps;
  console.log(`${k.padEnd(28)} ${(s.n / steps).toFixed(0).padStart(4)} calls ${(s.ms / steps).toFixed(3).padStart(8)} ms/step`);
}
console.log(`step ${total.toFixed(2)} ms: kernels ${inKernels.toFixed(2)} ms, elsewhere ${(total - inKernels).toFixed(2)} ms`);
process.exit(0);
