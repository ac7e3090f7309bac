import { cpu } from '@proj/backend-cpu';
import { type FixtureFile, runConformance } from '@proj/conformance';
import syncReads from './__fixtures__/sync_reads.json';
import * as F from './index.js';

// PyTorch cases whose output shape depends on the input's values (one_hot inferring
// num_classes): they need a synchronous read, so they run here on the CPU rather than in the
// conformance suite every backend runs.
runConformance({
  backend: () => cpu({ name: 'cpu-sync-reads' }),
  namespaces: { F: F as unknown as Record<string, unknown> },
  suites: [syncReads as unknown as FixtureFile],
  gradcheck: false,
});
