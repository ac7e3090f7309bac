/**
 * apps/parity: a model written with nn modules and the same model written with F functions
 * compute the same thing, on every backend. Prints the table and exits non-zero on a mismatch.
 */
import { parity } from './parity.js';

const { table, ok } = await parity();
// Worker threads (wasm) and Dawn (webgpu) keep the event loop alive: exit once the table is out.
process.stdout.write(`${table}\n`, () => process.exit(ok ? 0 : 1));
