/**
 * Our side: one row per @proj backend that can be created in this process. Every operation ends
 * once its result is computed: a one-element synchronous read on cpu and wasm (a few
 * microseconds), the backend's `sync()` (or a one-element read) on asynchronous ones (WebGPU).
 */
import * as torch from '@proj/tensor';
import type { Backend, Tensor } from '@proj/tensor';
import { CNN_PARAMS, LEARNING_RATE } from '../cnn.js';
import { type MnistSet, batches } from '../mnist-data.js';
import { LOOP_SIDE } from '../peak.js';
import { type Outcome, type Side, type Step, errorMessage, localPrepared, unavailableSide } from '../side.js';
import type { Spec, Workload } from '../workloads.js';
import { BACKENDS, type Functional, type ProjApi, type SGDConstructor, loadProjApi, need } from './proj-api.js';

export async function projSides(threads: number, mnist: () => MnistSet): Promise<Side[]> {
  const api = await loadProjApi();
  const sides: Side[] = [];
  for (const c of BACKENDS) {
    let backend: Backend;
    try {
      backend = await c.create(threads);
      torch.registerBackend(backend);
    } catch (e) {
      sides.push(unavailableSide(`@proj ${c.name}`, true, errorMessage(e)));
      continue;
    }
    const device = backend.name;
    const extra = backend as { adapterName?: unknown; close?: () => void; destroy?: () => void };
    const adapter = typeof extra.adapterName === 'string' ? `, adapter '${extra.adapterName}'` : '';
    sides.push({
      name: `@proj ${device}`,
      ours: true,
      ...(c.yardstick ? { yardstick: LOOP_SIDE[c.yardstick] } : {}),
      threads: c.threads(threads, backend),
      info: `@proj/tensor backend '${device}'${adapter}${backend.readSync ? '' : '; asynchronous, so each op is timed until the GPU is done'}`,
      prepare: (w) => prepare(w, device, api, mnist),
      close: async () => {
        torch.unregisterBackend(device);
        extra.close?.();
        extra.destroy?.();
      },
    });
  }
  return sides;
}

async function prepare(w: Workload, device: string, api: ProjApi, mnist: () => MnistSet): Promise<Outcome> {
  torch.setBackend(device);
  torch.manual_seed(0);
  const before = torch.memory(device);
  const made: Tensor[] = [];
  // The scope frees set-up temporaries; `build` keeps the inputs and parameters in `made`.
  const built = torch.scope(() => build(w.spec, device, api, mnist, made));
  if (typeof built === 'string') return { unavailable: built };
  const p = localPrepared(built.step, () => {
    for (const t of made) t.dispose();
    const after = torch.memory(device);
    if (after.tensors !== before.tensors) {
      console.warn(`  warning: @proj ${device} leaked ${after.tensors - before.tensors} tensors on ${w.id}`);
    }
  });
  return {
    samples: (count, inner) => {
      // Ops that create tensors without an input to follow (constants) use the current backend.
      torch.setBackend(device);
      return p.samples(count, inner);
    },
    dispose: p.dispose,
  };
}

interface Built {
  step: Step;
}

/** Waits until `t` is computed. */
function settle(t: Tensor): void | Promise<void> {
  const be = torch.getBackend(t.device) as Backend & { sync?: () => Promise<void> };
  if (!be.readSync && be.sync) return be.sync();
  const one = torch.scope(() => t.reshape(-1).narrow(0, 0, 1));
  if (be.readSync) {
    one.dataSync();
    one.dispose();
    return;
  }
  return one.data().then(() => one.dispose());
}

/** One forward op: temporaries freed by the scope, the result read then freed. */
function op(f: () => Tensor): Step {
  return () => {
    const out = torch.scope(() => torch.no_grad(f));
    const r = settle(out);
    if (!r) {
      out.dispose();
      return;
    }
    return r.then(() => out.dispose());
  };
}

function build(spec: Spec, device: string, api: ProjApi, mnist: () => MnistSet, made: Tensor[]): Built | string {
  const keep = (t: Tensor): Tensor => {
    made.push(torch.keep(t));
    return t;
  };
  const randn = (shape: number[], scale = 1, grad = false): Tensor => {
    let t = torch.randn(shape, { device });
    if (scale !== 1) t = t.mul(scale);
    return keep(grad ? t.requires_grad_() : t);
  };
  switch (spec.kind) {
    case 'matmul': {
      const a = randn([spec.n, spec.n]);
      const b = randn([spec.n, spec.n]);
      return { step: op(() => torch.matmul(a, b)) };
    }
    case 'conv2d': {
      const n = need(api, ['conv2d']);
      if (typeof n === 'string') return n;
      const { batch, cin, size, cout, k, padding, backward } = spec;
      const x = randn([batch, cin, size, size], 1, backward);
      const w = randn([cout, cin, k, k], 1 / Math.sqrt(cin * k * k), backward);
      const b = randn([cout], 0.1, backward);
      const conv = () => n.F.conv2d(x, w, b, { padding });
      if (!backward) return { step: op(conv) };
      const g = randn([batch, cout, size + 2 * padding - k + 1, size + 2 * padding - k + 1]);
      return {
        step: () => {
          torch.scope(() => {
            for (const t of [x, w, b]) t.grad?.dispose();
            for (const t of [x, w, b]) t.grad = null;
            conv().backward(g);
          });
          return settle(w.grad as Tensor);
        },
      };
    }
    case 'cnn': {
      const n = need(api, spec.train ? ['conv2d', 'relu', 'max_pool2d', 'linear', 'cross_entropy'] : ['conv2d', 'relu', 'max_pool2d', 'linear'], spec.train);
      if (typeof n === 'string') return n;
      const model = cnn(n.F, n.SGD, device, keep);
      const x = randn([spec.batch, 1, 28, 28]);
      if (!spec.train) return { step: op(() => model.forward(x)) };
      const y = keep(torch.randint(0, 10, [spec.batch], { device }));
      return { step: () => model.train(x, y) };
    }
    case 'softmax': {
      const n = need(api, ['softmax']);
      if (typeof n === 'string') return n;
      const x = randn([spec.rows, spec.cols]);
      return { step: op(() => n.F.softmax(x, 1)) };
    }
    case 'add': {
      const a = randn([spec.numel]);
      const b = randn([spec.numel]);
      return { step: op(() => torch.add(a, b)) };
    }
    case 'mnist-epoch': {
      const n = need(api, ['conv2d', 'relu', 'max_pool2d', 'linear', 'cross_entropy'], true);
      if (typeof n === 'string') return n;
      const model = cnn(n.F, n.SGD, device, keep);
      const data = batches(mnist(), spec.batch, spec.samples).map((bt) => ({
        x: keep(torch.tensor(bt.images, { device }).reshape(bt.size, 1, 28, 28)),
        y: keep(torch.tensor(bt.labels, { device, dtype: 'int64' })),
      }));
      return {
        step: async () => {
          for (const bt of data) {
            const r = model.train(bt.x, bt.y);
            if (r) await r;
          }
        },
      };
    }
  }
}

type CnnF = Pick<Functional, 'conv2d' | 'relu' | 'max_pool2d' | 'linear'> & Partial<Pick<Functional, 'cross_entropy'>>;

/** The classic CNN written with F over leaf tensors, trained with @proj/optim's SGD. */
function cnn(F: CnnF, SGD: SGDConstructor | undefined, device: string, keep: (t: Tensor) => Tensor) {
  const params = CNN_PARAMS.map((p) => keep(torch.empty([...p.shape], { device }).uniform_(-p.bound, p.bound).requires_grad_()));
  const [w1, b1, w2, b2, w3, b3] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const opt = SGD ? new SGD(params, { lr: LEARNING_RATE }) : undefined;
  const forward = (x: Tensor): Tensor => {
    let h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1)), 2);
    h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2)), 2);
    return F.linear(h.flatten(1), w3, b3);
  };
  const train = (x: Tensor, y: Tensor): void | Promise<void> => {
    const loss = F.cross_entropy;
    if (!opt || !loss) throw new Error('training needs F.cross_entropy and SGD');
    torch.scope(() => {
      opt.zero_grad();
      loss(forward(x), y).backward();
      opt.step();
    });
    // The update is the last work queued; reading a parameter waits for it.
    return settle(w1);
  };
  return { forward, train };
}
