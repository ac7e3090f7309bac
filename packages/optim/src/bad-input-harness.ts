/**
 * The bad-input harness of `@proj/conformance`, reaching into optimisers and schedulers: a
 * refused call must leave parameters, gradients, state tensors, group options and step counts as
 * they were.
 */
import { badInput } from '@proj/conformance';
import { type Tensor, isTensor } from '@proj/tensor';
import { LRScheduler } from './lr-scheduler/scheduler.js';
import { Optimizer } from './optimizer.js';

export const { bad, dead } = badInput;
export type Row = badInput.Row;
export type ErrorKind = badInput.ErrorKind;

/** The optimisers' group options and per-parameter numbers (step counts), as JSON. */
function plainState(args: readonly unknown[]): string {
  const opts = args.flatMap((a) => (a instanceof LRScheduler ? [a.optimizer as Optimizer] : a instanceof Optimizer ? [a] : []));
  return JSON.stringify(
    opts.map((o) => {
      const groups = o.param_groups.map(({ params, ...rest }) => ({ ...rest, params: params.length }));
      const state = [...o.state.values()].map((st) => Object.entries(st).filter(([, v]) => !isTensor(v)));
      return { groups, state };
    }),
  );
}

export const runRow = badInput.runner({
  holds: (v) => {
    if (v instanceof LRScheduler) return [v.optimizer];
    if (v instanceof Optimizer) {
      return [...v.param_groups.flatMap((g) => g.params.flatMap((p: Tensor) => [p, p.grad])), ...[...v.state.values()].flatMap((st) => Object.values(st))];
    }
    return undefined;
  },
  state: plainState,
});
