import { expect, it } from 'vitest';
import { parity } from './parity.js';

it('nn models and their F twins agree on the CPU backend (the main app\'s checks)', async () => {
  const result = await parity({ only: ['cpu'] });
  const failed = result.rows.filter((r) => !r.pass);
  expect(failed, result.table).toEqual([]);
  expect(result.rows.length).toBeGreaterThan(15);
  expect(result.rows.find((r) => r.check === 'eval: F.dropout(x) still drops')?.pass).toBe(true);
}, 300_000);
