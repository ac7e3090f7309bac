/**
 * The model twins the example apps compare: each model written once with `nn` modules and once
 * with `F` functions over hand-made Parameters, as PyTorch users write them. A twin's
 * `fromModules` map says which of its state_dict keys holds which of the module model's, so
 * weights are copied through `state_dict()` / `load_state_dict()`.
 */
import * as F from '@proj/functional';
import * as nn from '@proj/nn';
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';

/** A Parameter of `shape`, drawn as PyTorch's default Linear/Conv init would (kaiming_uniform_(a=√5)). */
function param(shape: number[], fanIn: number, isBias: boolean): nn.Parameter {
  const p = new nn.Parameter(torch.empty(shape));
  const bound = isBias ? 1 / Math.sqrt(fanIn) : Math.sqrt(6 / ((1 + 5) * fanIn));
  torch.no_grad(() => p.uniform_(-bound, bound));
  return p;
}

/** The classic CNN with layers as modules: Conv2d(1,16,5) → ReLU → MaxPool2d(2) → Conv2d(16,32,5) → ReLU → MaxPool2d(2) → Linear(512,10). */
export class CNN extends nn.Module {
  cnn1 = new nn.Conv2d(1, 16, 5);
  relu1 = new nn.ReLU();
  maxpool1 = new nn.MaxPool2d(2);
  cnn2 = new nn.Conv2d(16, 32, 5);
  relu2 = new nn.ReLU();
  maxpool2 = new nn.MaxPool2d(2);
  fc1 = new nn.Linear(4 * 4 * 32, 10);

  override forward(x: Tensor): Tensor {
    let out = this.maxpool1.call(this.relu1.call(this.cnn1.call(x)));
    out = this.maxpool2.call(this.relu2.call(this.cnn2.call(out)));
    return this.fc1.call(out.view(out.size(0), -1));
  }
}

/** The same CNN with `F.conv2d`, `F.relu`, `F.max_pool2d` and `F.linear` over Parameters. */
export class CNNFunctional extends nn.Module {
  w1 = param([16, 1, 5, 5], 25, false);
  b1 = param([16], 25, true);
  w2 = param([32, 16, 5, 5], 400, false);
  b2 = param([32], 400, true);
  w3 = param([10, 512], 512, false);
  b3 = param([10], 512, true);

  static readonly fromModules = {
    w1: 'cnn1.weight', b1: 'cnn1.bias', w2: 'cnn2.weight', b2: 'cnn2.bias', w3: 'fc1.weight', b3: 'fc1.bias',
  } as const;

  override forward(x: Tensor): Tensor {
    let out = F.max_pool2d(F.relu(F.conv2d(x, this.w1, this.b1)), 2);
    out = F.max_pool2d(F.relu(F.conv2d(out, this.w2, this.b2)), 2);
    return F.linear(out.view(out.size(0), -1), this.w3, this.b3);
  }
}

/** A feature block with ReLU as a layer: `nn.Sequential(Conv2d(3,64,3,stride=2,padding=1), BatchNorm2d(64), ReLU())`. */
export function featureBlock(): nn.Sequential {
  return new nn.Sequential(new nn.Conv2d(3, 64, 3, { stride: 2, padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU());
}

/** The same block with `F.relu` in `forward`. */
export class FeatureBlockFunctional extends nn.Module {
  conv = new nn.Conv2d(3, 64, 3, { stride: 2, padding: 1 });
  bn = new nn.BatchNorm2d(64);

  static readonly fromModules = {
    'conv.weight': '0.weight', 'conv.bias': '0.bias', 'bn.weight': '1.weight', 'bn.bias': '1.bias',
    'bn.running_mean': '1.running_mean', 'bn.running_var': '1.running_var', 'bn.num_batches_tracked': '1.num_batches_tracked',
  } as const;

  override forward(x: Tensor): Tensor {
    return F.relu(this.bn.call(this.conv.call(x)));
  }
}

/** How the MLP twins drop: `nn.Dropout`, `F.dropout(x)` (always on: its default is training=true), or `F.dropout(x, { training: this.training })`. */
export type DropoutStyle = 'module' | 'functional' | 'functional-training';

/** Linear(512,256) → ReLU → Linear(256,256) → dropout(p=0.5) → Linear(256,10). */
export class MLP extends nn.Module {
  fc1 = new nn.Linear(512, 256);
  fc2 = new nn.Linear(256, 256);
  drop = new nn.Dropout(0.5);
  fc3 = new nn.Linear(256, 10);

  constructor(readonly style: DropoutStyle) {
    super();
  }

  override forward(x: Tensor): Tensor {
    const h = this.fc2.call(F.relu(this.fc1.call(x)));
    const d =
      this.style === 'module' ? this.drop.call(h)
      : this.style === 'functional' ? F.dropout(h, { p: 0.5 })
      : F.dropout(h, { p: 0.5, training: this.training });
    return this.fc3.call(d);
  }
}

/** One Parameter used by two convolutions with different dilation; the outputs are summed. */
export class SharedDilation extends nn.Module {
  weight: nn.Parameter;

  constructor(weight: Tensor) {
    super();
    this.weight = new nn.Parameter(weight);
  }

  override forward(x: Tensor): Tensor {
    return F.conv2d(x, this.weight, null, { dilation: 1, padding: 1 }).add(F.conv2d(x, this.weight, null, { dilation: 2, padding: 2 }));
  }
}

/** A Linear layer plus a functional `F.linear(x, extra)` inside `forward`. */
export class LinearPlusFunctional extends nn.Module {
  fc = new nn.Linear(8, 4);
  extra = param([3, 4], 4, false);

  override forward(x: Tensor): Tensor {
    return F.linear(this.fc.call(x), this.extra);
  }
}

/** Renames a module model's state_dict into a twin's keys (`map`: twin key → module key). */
export function remap(sd: Map<string, Tensor>, map: Readonly<Record<string, string>>): Map<string, Tensor> {
  return new Map(Object.entries(map).map(([twin, mod]) => [twin, sd.get(mod)!] as const));
}
