/**
 * `runSoak`: the memory soak. Trains the classic CNN for thousands of steps on a backend and
 * checks that `memory()` ends where it began and that live tensors stay bounded throughout:
 * with a scope per step, without scopes in an async loop (the finalizer backstop reclaims what
 * the loop drops), and with a scope around an async step that awaits readback every step.
 */
import * as torch from '@proj/tensor';
import type { Backend, Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';

/** The packages the soak trains with (pass the modules themselves). */
export interface SoakPackages {
  F: { cross_entropy(input: Tensor, target: Tensor): Tensor };
  nn: Record<string, unknown>;
  optim: { SGD: new (params: Iterable<Tensor>, opts: { lr: number; momentum?: number }) => { zero_grad(): void; step(): void; state: { clear(): void } } };
}

export interface SoakOptions extends SoakPackages {
  backend: () => Backend | Promise<Backend>;
  /** Steps with and without scopes (default 2000). */
  steps?: number;
  /** Steps of the loop that awaits readback every step (default `steps`; a backend whose readback is slow may use fewer). */
  readbackSteps?: number;
  /** Batch size (default 2: the soak is about memory, not speed). */
  batch?: number;
  /** A way to force garbage collection (Node: `runInNewContext('gc')` after `--expose-gc`); without it the unscoped loop is skipped with the reason. */
  gc?: () => void;
}

interface Model {
  call(x: Tensor): Tensor;
  parameters(): Iterable<Tensor>;
  dispose(): void;
}

function classicCnn(nn: Record<string, unknown>): Model {
  const make = (name: string, ...args: unknown[]) => new (nn[name] as new (...a: unknown[]) => unknown)(...args);
  return make(
    'Sequential',
    make('Conv2d', 1, 16, 5), make('ReLU'), make('MaxPool2d', 2),
    make('Conv2d', 16, 32, 5), make('ReLU'), make('MaxPool2d', 2),
    make('Flatten'), make('Linear', 512, 10),
  ) as Model;
}

const TIMEOUT = 20 * 60_000;

export function runSoak(opts: SoakOptions): void {
  const steps = opts.steps ?? 2000;
  const readbackSteps = opts.readbackSteps ?? steps;
  const batch = opts.batch ?? 2;
  let name = '';

  describe(`memory soak (classic CNN training: ${steps} steps with scopes, ${steps} without, ${readbackSteps} awaiting readback)`, () => {
    let model: Model;
    let x: Tensor;
    let y: Tensor;
    beforeAll(async () => {
      const be = await opts.backend();
      torch.registerBackend(be);
      name = be.name;
    });

    const setup = () => {
      torch.setBackend(name);
      torch.manual_seed(0);
      model = classicCnn(opts.nn);
      x = torch.keep(torch.randn(batch, 1, 28, 28));
      y = torch.keep(torch.randint(0, 10, [batch]));
      return new opts.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    };
    const teardown = (opt: { state: { clear(): void } }) => {
      opt.state.clear();
      model.dispose();
      x.dispose();
      y.dispose();
    };
    const step = (opt: { zero_grad(): void; step(): void }) => {
      opt.zero_grad();
      const loss = opts.F.cross_entropy(model.call(x), y);
      loss.backward();
      opt.step();
      return loss;
    };

    it('with a scope per step: memory is identical after every step', async () => {
      const start = torch.memory(name);
      const opt = setup();
      torch.scope(() => {
        step(opt); // the first step creates the optimiser state
      });
      const steady = torch.memory(name);
      for (let i = 1; i < steps; i++) {
        torch.scope(() => {
          step(opt);
        });
        if (i % 100 === 0) {
          expect(torch.memory(name).tensors, `live tensors at step ${i}`).toBe(steady.tensors);
          await new Promise((r) => setTimeout(r, 0)); // let the test runner's messages through
        }
      }
      expect(torch.memory(name).buffers).toBe(steady.buffers);
      teardown(opt);
      const end = torch.memory(name);
      expect({ tensors: end.tensors, buffers: end.buffers, bytes: end.bytes }).toEqual({ tensors: start.tensors, buffers: start.buffers, bytes: start.bytes });
    }, TIMEOUT);

    it(`async, a scope around each step, awaiting the loss every step (${readbackSteps} steps)`, async () => {
      const start = torch.memory(name);
      const opt = setup();
      let last = Number.NaN;
      for (let i = 0; i < readbackSteps; i++) {
        last = await torch.scope(async () => Number((await step(opt).data())[0]));
      }
      expect(Number.isFinite(last)).toBe(true);
      teardown(opt);
      const end = torch.memory(name);
      expect({ tensors: end.tensors, buffers: end.buffers }).toEqual({ tensors: start.tensors, buffers: start.buffers });
    }, TIMEOUT);

    const gc = opts.gc;
    it.skipIf(!gc)(`without scopes: the finalizer reclaims what each step drops${gc ? '' : ' (skipped: no way to force garbage collection here)'}`, async () => {
      // Collect until the live count stops changing: finalizers run in tasks after each collection.
      const settle = async () => {
        let last = -1;
        for (let i = 0; i < 40; i++) {
          gc!();
          await new Promise((r) => setTimeout(r, 5));
          const now = torch.memory(name).tensors;
          if (now === last && i >= 3) return;
          last = now;
        }
      };
      await settle();
      const start = torch.memory(name);
      const opt = setup();
      let peak = 0;
      // In its own function, so that no suspended frame keeps the last step's loss reachable.
      const loop = async () => {
        for (let i = 0; i < steps; i++) {
          step(opt);
          // A macrotask turn: finalizers run between tasks, never inside one.
          await new Promise((r) => setTimeout(r, 0));
          if (i % 50 === 0) {
            await settle();
            peak = Math.max(peak, torch.memory(name).tensors - start.tensors);
          }
        }
      };
      await loop();
      // Bounded: at most a few steps' worth of tensors are ever waiting for collection.
      expect(peak, 'live tensors above the start, sampled every 50 steps').toBeLessThan(500);
      teardown(opt);
      await settle();
      const end = torch.memory(name);
      expect({ tensors: end.tensors, buffers: end.buffers }).toEqual({ tensors: start.tensors, buffers: start.buffers });
    }, TIMEOUT);
  });
}
