import * as torch from '@proj/tensor';
import { ArgumentError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, it } from 'vitest';
import { cosine_similarity, pairwise_distance } from './distance.js';
import { rejects, useCpu } from './expect-typed-error.js';

beforeAll(() => useCpu('cpu-distance-test'));

describe('distance arguments', () => {
  it('rejects shapes that do not broadcast and bad dims', () => {
    rejects(() => cosine_similarity(torch.zeros([2, 3]), torch.zeros([4, 3])), ShapeError, /cosine_similarity: shapes \[2, 3\] and \[4, 3\] cannot broadcast/);
    rejects(() => cosine_similarity(torch.zeros([2, 3]), torch.zeros([2, 3]), { dim: 2 }), ArgumentError, /cosine_similarity: dim 2 is out of range/);
    rejects(() => pairwise_distance(torch.zeros([2, 3]), torch.zeros([4, 3])), ShapeError, /pairwise_distance: shapes/);
    rejects(() => pairwise_distance(torch.zeros([2, 3]), torch.zeros([2, 3]), { p: Number.NaN }), ArgumentError, 'pairwise_distance: p must be a number, got NaN');
  });
});
