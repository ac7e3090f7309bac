import { describe } from 'vitest';
import { SGD } from './sgd.js';
import { replayOptimizerFixtures } from './test/replay.js';

describe('SGD', () => replayOptimizerFixtures('SGD', SGD as never));
