import { describe } from 'vitest';
import { Adam } from './adam.js';
import { replayOptimizerFixtures } from './test/replay.js';

describe('Adam', () => replayOptimizerFixtures('Adam', Adam as never));
