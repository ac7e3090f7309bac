/**
 * One thread against two on the same work, interleaved round by round; reports the best wall
 * time of each (the least disturbed by other load) and their ratio.
 *   npx tsx --conditions=@proj/source packages/backend-wasm/bench/threads.ts [rounds]
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as optim from '@proj/optim';
import * as torch from '@proj/tensor';
import { wasm } from '../src/index.js';
import { time } from './util.js';

const rounds = Number(process.argv[2] ?? 7);
torch.registerBackend(await wasm({ threads: 1, name: 't1' }));
torch.registerBackend(await wasm({ threads: 2, name: 't2' }));

function workloads(be: string): [string, () => void, number][] {
  torch.setBackend(be);
  torch.manual_seed(0);
  const a = torch.randn([1024, 1024]);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(512, 10),
  );
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const x = torch.randn([64, 1, 28, 28]);
  const y = torch.randint(0, 10, [64]);
  const cx = torch.randn([8, 64, 56, 56]);
  const cw = torch.randn([64, 64, 3, 3]);
  return [
    ['matmul 1024', () => a.matmul(a).dispose(), 2],
    ['CNN forward b64', () => torch.no_grad(() => torch.scope(() => void model.forward(x).dataSync())), 6],
    ['CNN train step b64', () => torch.scope(() => {
      opt.zero_grad();
      F.cross_entropy(model.forward(x), y).backward();
      opt.step();
    }), 6],
    ['conv 3×3 (8,64,56,56)→64', () => torch.no_grad(() => torch.scope(() => void F.conv2d(cx, cw, null, { padding: 1 }).dataSync())), 2],
  ];
}
const one = workloads('t1');
const two = workloads('t2');
for (let w = 0; w < one.length; w++) {
  let b1 = Infinity;
  let b2 = Infinity;
  for (let r = 0; r < rounds; r++) {
    torch.setBackend('t1');
    b1 = Math.min(b1, time(one[w]![1], one[w]![2], 1).best);
    torch.setBackend('t2');
    b2 = Math.min(b2, time(two[w]![1], two[w]![2], 1).best);
  }
  console.log(`${one[w]![0].padEnd(26)} 1 thread ${b1.toFixed(2)} ms, 2 threads ${b2.toFixed(2)} ms: ×${(b1 / b2).toFixed(2)}`);
}
process.exit(0);
