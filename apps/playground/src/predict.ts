/**
 * The trained model's class probabilities for one 28×28 drawing.
 */
import * as F from '@proj/functional';
import type * as nn from '@proj/nn';
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import type { Prediction } from './api.js';
import { SIDE, normalize } from './preprocess.js';

/** `pixels`: 28×28 intensities in [0, 1]; `model` is in eval mode on `backend`. */
export async function predict(model: nn.Module, backend: string, pixels: Float32Array): Promise<Prediction> {
  const probabilities = await torch.no_grad(() =>
    torch.scope(async () => {
      const x = torch.tensor(normalize(pixels), { device: backend }).view(1, 1, SIDE, SIDE);
      return Array.from((await F.softmax(model.call(x) as Tensor, 1).data()) as Float32Array);
    }),
  );
  const digit = probabilities.indexOf(Math.max(...probabilities));
  return { digit, probabilities };
}
