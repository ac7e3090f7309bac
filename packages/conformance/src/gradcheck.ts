/**
 * Finite-difference gradient checks in float64: the analytic gradient of
 * `Σ_i sum(out_i · grad_out_i)` from our autograd against central differences.
 */
import * as torch from '@proj/tensor';
import type { Tensor } from '@proj/tensor';
import { valuesMismatch } from './compare.js';
import { type Case, num } from './fixture.js';
import { type Namespaces, call, makeInputs } from './replay.js';

const EPS = 1e-6;
const MAX_ELEMENTS = 24;

function diffOutputs(outs: unknown[]): Tensor[] {
  return outs.filter((o): o is Tensor => torch.isTensor(o) && o.requires_grad);
}

function objective(c: Case, ns: Namespaces, perturb?: { leaf: number; index: number; delta: number }): number {
  return torch.scope(() =>
    torch.no_grad(() => {
      const inputs = makeInputs(c, 'float64');
      if (perturb) {
        const t = inputs[perturb.leaf]!;
        const data = Array.from(t.dataSync() as Float64Array);
        data[perturb.index]! += perturb.delta;
        inputs[perturb.leaf] = torch.tensor(data, { dtype: 'float64' }).reshape([...t.shape]);
      }
      for (const [i, t] of inputs.entries()) if (c.tensors[i]!.requires_grad) t.requires_grad_(true);
      const outs = torch.enable_grad(() => call(c, inputs, ns));
      let total = 0;
      diffOutputs(outs).forEach((o, k) => {
        const g = c.grad_out![k]!.map(num);
        const v = o.to('float64').dataSync() as Float64Array;
        for (let i = 0; i < v.length; i++) total += v[i]! * g[i]!;
      });
      return total;
    }),
  );
}

/** Returns a description of the first disagreement, or null. */
export function gradcheck(c: Case, ns: Namespaces): string | null {
  const analytic = torch.scope(() => {
    const inputs = makeInputs(c, 'float64');
    const outs = diffOutputs(call(c, inputs, ns));
    const leaves = inputs.filter((t) => t.requires_grad);
    const grads = torch.autograd.grad(outs, leaves, {
      grad_outputs: outs.map((o, k) => torch.tensor(c.grad_out![k]!.map(num), { dtype: 'float64' }).reshape([...o.shape]).to(o.dtype)),
      allow_unused: true,
    });
    return grads.map((g, i) => (g ? Array.from(g.to('float64').dataSync() as Float64Array) : new Array<number>(leaves[i]!.numel()).fill(0)));
  });
  let leafIdx = 0;
  for (const [i, spec] of c.tensors.entries()) {
    if (!spec.requires_grad) continue;
    const a = analytic[leafIdx++]!;
    const n = spec.data.length;
    const step = Math.max(1, Math.ceil(n / MAX_ELEMENTS));
    const idx: number[] = [];
    const numeric: number[] = [];
    for (let j = 0; j < n; j += step) {
      const plus = objective(c, ns, { leaf: i, index: j, delta: EPS });
      const minus = objective(c, ns, { leaf: i, index: j, delta: -EPS });
      idx.push(j);
      numeric.push((plus - minus) / (2 * EPS));
    }
    const bad = valuesMismatch(idx.map((j) => a[j]!), numeric, { atol: 1e-5, rtol: 1e-3 });
    if (bad) return `input ${i}: analytic vs numeric gradient, ${bad}`;
  }
  return null;
}
