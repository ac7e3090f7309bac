/**
 * Helpers shared by the normalization ops: centred statistics, per-channel parameters, and the
 * in-place running-statistics update.
 */
import { ArgumentError, ShapeError, type Tensor, fmtShape, isTensor, no_grad, scope } from '@proj/tensor';
import { describe, requireFloat } from './call-args.js';

/**
 * A normalization of a float16 input runs in float32 and rounds its result to float16 once, as
 * PyTorch's half kernels accumulate in float: half squares overflow past 256, so a half variance
 * would. `f` receives the input, weight and bias in float32 (running statistics keep their dtype:
 * `updateRunning` casts into them).
 */
export function halfInFloat32(
  input: Tensor,
  weight: Tensor | null,
  bias: Tensor | null,
  f: (x: Tensor, weight: Tensor | null, bias: Tensor | null) => Tensor,
): Tensor {
  if (input.dtype !== 'float16') return f(input, weight, bias);
  const up = (t: Tensor | null) => (t?.dtype === 'float16' ? t.float() : t);
  return scope(() => f(input.float(), up(weight), up(bias)).half());
}

/** `(x − mean) / √(var + eps)` over `axes`, with the biased variance; also returns the stats. */
export function standardize(x: Tensor, axes: readonly number[], eps: number): { y: Tensor; mean: Tensor; variance: Tensor } {
  const mean = x.mean(axes, true);
  const centered = x.sub(mean);
  const variance = centered.mul(centered).mean(axes, true);
  return { y: centered.mul(variance.add(eps).rsqrt()), mean, variance };
}

/** A float tensor of `numel` elements, or null. */
export function optionalParam(op: string, v: unknown, name: string, numel: number, what: string): Tensor | null {
  if (v === undefined || v === null) return null;
  if (!isTensor(v)) throw new ArgumentError(`${op}: expected ${name} to be a Tensor or null, got ${describe(v)}`);
  requireFloat(op, v, name);
  if (v.numel() !== numel) throw new ShapeError(`${op}: ${name} should contain ${numel} elements (${what}), got shape ${fmtShape(v.shape)}`);
  return v;
}

/** `[1, C, 1, …]` for broadcasting a per-channel vector over an `(N, C, …)` tensor. */
export function channelShape(ndim: number, c: number): number[] {
  return [1, c, ...new Array<number>(Math.max(ndim - 2, 0)).fill(1)];
}

export function affine(y: Tensor, weight: Tensor | null, bias: Tensor | null, shape: readonly number[]): Tensor {
  let out = weight ? y.mul(weight.reshape([...shape])) : y;
  if (bias) out = out.add(bias.reshape([...shape]));
  return out;
}

/**
 * `running ← (1 − momentum)·running + momentum·value`, in place and outside autograd. A 0-d tensor
 * momentum stays on the device (nn.BatchNorm's cumulative average on backends without sync reads).
 */
export function updateRunning(running: Tensor, value: Tensor, momentum: number | Tensor): void {
  no_grad(() =>
    scope(() => {
      const keep = typeof momentum === 'number' ? 1 - momentum : momentum.neg().add(1);
      // float16 statistics are updated in float32 (a half variance can pass 65504 before the momentum scales it).
      const r = running.dtype === 'float16' ? running.float() : running;
      running.copy_(value.reshape([...running.shape]).to(r.dtype).mul(momentum).add(r.mul(keep)));
    }),
  );
}
