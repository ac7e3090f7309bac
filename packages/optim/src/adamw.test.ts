import { describe } from 'vitest';
import { AdamW } from './adamw.js';
import { replayOptimizerFixtures } from './test/replay.js';

describe('AdamW', () => replayOptimizerFixtures('AdamW', AdamW as never));
