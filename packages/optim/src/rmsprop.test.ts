import { describe } from 'vitest';
import { RMSprop } from './rmsprop.js';
import { replayOptimizerFixtures } from './test/replay.js';

describe('RMSprop', () => replayOptimizerFixtures('RMSprop', RMSprop as never));
