import { describe } from 'vitest';
import { Adagrad } from './adagrad.js';
import { replayOptimizerFixtures } from './test/replay.js';

describe('Adagrad', () => replayOptimizerFixtures('Adagrad', Adagrad as never));
