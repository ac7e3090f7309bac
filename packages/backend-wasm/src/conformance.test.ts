import { runConformance } from '@proj/conformance';
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import { describe } from 'vitest';
import { wasm } from './index.js';

describe('one thread', () => {
  runConformance({ backend: () => wasm({ threads: 1, name: 'wasm-1' }), namespaces: { F, nn } });
});
describe('two threads', () => {
  runConformance({ backend: () => wasm({ threads: 2, name: 'wasm-2' }), namespaces: { F, nn } });
});
