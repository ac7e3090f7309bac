import * as torch from '@proj/tensor';
import { ArgumentError, DTypeError, ShapeError } from '@proj/tensor';
import { beforeAll, describe, it } from 'vitest';
import { rejects, useCpu } from './expect-typed-error.js';
import {
  binary_cross_entropy, binary_cross_entropy_with_logits, cosine_embedding_loss, cross_entropy, huber_loss, kl_div,
  margin_ranking_loss, mse_loss, nll_loss, smooth_l1_loss,
} from './loss.js';

beforeAll(() => useCpu('cpu-loss-test'));

const logits = () => torch.zeros([2, 3]);
const labels = (...v: number[]) => torch.tensor(v);

describe('cross_entropy / nll_loss argument errors', () => {
  it('rejects bad reductions and options', () => {
    rejects(() => cross_entropy(logits(), labels(0, 1), { reduction: 'avg' as never }), ArgumentError, "cross_entropy: avg is not a valid value for reduction (expected one of 'none', 'mean', 'sum')");
    rejects(() => nll_loss(logits(), labels(0, 1), { reduction: 'batchmean' as never }), ArgumentError, /nll_loss: batchmean is not a valid value for reduction/);
    rejects(() => cross_entropy(logits(), labels(0, 1), { label_smoothing: 1.5 }), ArgumentError, 'cross_entropy: label_smoothing must be between 0.0 and 1.0, got 1.5');
    rejects(() => nll_loss(logits(), labels(0, 1), { label_smoothing: 0.1 } as never), ArgumentError, /nll_loss: unexpected option 'label_smoothing'/);
  });

  it('checks class targets: dtype, shape, range', () => {
    rejects(() => cross_entropy(logits(), torch.tensor([0, 1], { dtype: 'int32' })), DTypeError, /cross_entropy: expected target to be an int64 tensor of class indices.*got int32/);
    rejects(() => cross_entropy(logits(), labels(0, 1, 1)), ShapeError, 'cross_entropy: expected input batch_size (2) to match target batch_size (3)');
    rejects(() => cross_entropy(torch.zeros([2, 3, 4]), labels(0, 1)), ShapeError, 'cross_entropy: expected target size [2, 4], got [2]');
    rejects(() => nll_loss(torch.zeros([3]), labels(1)), ShapeError, /nll_loss: an unbatched \(C\) input expects a 0-D target, got shape \[1\]/);
    rejects(() => cross_entropy(logits(), labels(0, 3)), ArgumentError, 'cross_entropy: target 3 is out of bounds (expected class indices in [0, 2] or ignore_index -100)');
    rejects(() => nll_loss(logits(), labels(-1, 0)), ArgumentError, /nll_loss: target -1 is out of bounds/);
    rejects(() => cross_entropy(logits(), labels(0, 1), { weight: torch.ones([4]) }), ShapeError, 'cross_entropy: weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [4]');
  });

  it('checks probability targets', () => {
    rejects(() => cross_entropy(logits(), torch.zeros([2, 3], { dtype: 'int64' })), DTypeError, /cross_entropy: expected target \(class probabilities.*\) to be a floating point tensor, got int64/);
    rejects(() => cross_entropy(logits(), torch.zeros([2, 3]), { ignore_index: 1 }), ArgumentError, /ignore_index is not supported for floating point \(probability\) targets/);
  });
});

describe('other losses: argument errors', () => {
  it('regression losses', () => {
    rejects(() => mse_loss(torch.zeros([2]), torch.zeros([3])), ShapeError, /mse_loss: shapes \[2\] and \[3\] cannot broadcast/);
    rejects(() => smooth_l1_loss(torch.zeros([2]), torch.zeros([2]), { beta: -1 }), ArgumentError, 'smooth_l1_loss: does not support negative values for beta, got -1');
    rejects(() => huber_loss(torch.zeros([2]), torch.zeros([2]), { delta: 0 }), ArgumentError, 'huber_loss: does not support non-positive values for delta, got 0');
    rejects(() => mse_loss(torch.zeros([2], { dtype: 'int64' }), torch.zeros([2])), DTypeError, /mse_loss: expected input to be a floating point tensor/);
  });

  it('binary cross entropy', () => {
    rejects(() => binary_cross_entropy(torch.tensor([1.5]), torch.ones([1])), ArgumentError, 'binary_cross_entropy: all elements of input should be between 0 and 1');
    rejects(() => binary_cross_entropy(torch.tensor([Number.NaN]), torch.ones([1])), ArgumentError, /between 0 and 1/);
    rejects(() => binary_cross_entropy(torch.zeros([2, 2]), torch.zeros([4])), ShapeError, /binary_cross_entropy: using a target size \(\[4\]\) that is different to the input size \(\[2, 2\]\)/);
    rejects(() => binary_cross_entropy_with_logits(torch.zeros([2]), torch.zeros([3])), ShapeError, 'binary_cross_entropy_with_logits: target size ([3]) must be the same as input size ([2])');
    rejects(() => binary_cross_entropy_with_logits(torch.zeros([2, 3]), torch.zeros([2, 3]), { pos_weight: torch.ones([2]) }), ShapeError, /binary_cross_entropy_with_logits: shapes \[2, 3\] and \[2\] cannot broadcast/);
  });

  it('kl_div and the margin losses', () => {
    rejects(() => kl_div(torch.zeros([2]), torch.zeros([2]), { reduction: 'batch' as never }), ArgumentError, /kl_div: batch is not a valid value for reduction .*'batchmean'/);
    rejects(() => margin_ranking_loss(torch.zeros([2]), torch.zeros([2]), torch.zeros([1, 2])), ShapeError, 'margin_ranking_loss: all input tensors should have the same number of dimensions, but got sizes input1: [2], input2: [2], target: [1, 2]');
    rejects(() => cosine_embedding_loss(torch.zeros([2, 3]), torch.zeros([2, 3]), torch.zeros([2, 1])), ShapeError, /cosine_embedding_loss: expected a 0-D or 1-D target/);
    rejects(() => cosine_embedding_loss(torch.zeros([3]), torch.zeros([3]), torch.ones([1])), ShapeError, 'cosine_embedding_loss: a 1-D target expects 2-D inputs, but got inputs of shapes [3] and [3]');
  });
});
