import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejects, useCpu } from './expect-typed-error.js';
import { embedding, one_hot } from './sparse.js';

beforeAll(() => useCpu('cpu-sparse-test'));

describe('embedding arguments', () => {
  it('checks indices and the table', () => {
    rejects(() => embedding(torch.tensor([5]), torch.zeros([4, 2])), ArgumentError, 'embedding: index 5 is out of range for 4 embeddings (expected indices in [0, 3])');
    rejects(() => embedding(torch.zeros([2]), torch.zeros([4, 2])), DTypeError, 'embedding: expected input (the indices) to be an int64 or int32 tensor, got float32');
    rejects(() => embedding(torch.tensor([1]), torch.zeros([4])), ShapeError, /embedding: expected weight to be 2-D \[num_embeddings, embedding_dim\], got shape \[4\]/);
    rejects(() => embedding(torch.tensor([1]), torch.zeros([4, 2]), { padding_idx: 4 }), ArgumentError, 'embedding: padding_idx must be within num_embeddings [-4, 3], got 4');
    rejects(() => embedding(torch.tensor([1]), torch.zeros([4, 2]), { sparse: true }), ArgumentError, /sparse gradients are not supported/);
  });

});

describe('one_hot arguments', () => {
  it('checks dtype, range and num_classes', () => {
    rejects(() => one_hot(torch.tensor([0, 1], { dtype: 'int32' })), DTypeError, 'one_hot: is only applicable to index tensors (int64), got int32');
    rejects(() => one_hot(torch.tensor([0, 3]), 3), ArgumentError, 'one_hot: class values must be smaller than num_classes (3)');
    rejects(() => one_hot(torch.tensor([0, -1]), 3), ArgumentError, 'one_hot: class values must be non-negative');
    rejects(() => one_hot(torch.zeros([0], { dtype: 'int64' })), ArgumentError, /cannot infer the total number of classes from an empty tensor/);
    rejects(() => one_hot(torch.tensor([0]), -2), ArgumentError, /one_hot: num_classes must be in \[-1, inf\], got -2/);
  });

  it('keeps an empty input empty with an explicit num_classes', () => {
    torch.scope(() => {
      expect(one_hot(torch.zeros([0], { dtype: 'int64' }), 4).shape).toEqual([0, 4]);
    });
  });
});
