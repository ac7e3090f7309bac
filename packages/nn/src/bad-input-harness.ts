/**
 * The bad-input harness of `@proj/conformance`, reaching into modules: a refused forward must
 * leave parameters, buffers, running statistics and counters as they were.
 */
import { badInput } from '@proj/conformance';
import { isModule } from './module.js';

export const { bad, dead, ok } = badInput;
export type Row = badInput.Row;

export const runRow = badInput.runner({
  holds: (v) => (isModule(v) ? [...v.parameters(), ...v.buffers()] : undefined),
});
