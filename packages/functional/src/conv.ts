/**
 * Convolutions: `conv1d`, `conv2d`, `conv_transpose1d`, `conv_transpose2d`, with PyTorch's
 * arguments, defaults, unbatched inputs and errors. One-dimensional forms run as 2-D with H = 1.
 */
import { ArgumentError, ShapeError, type Tensor, fmtShape, isTensor, scope } from '@proj/tensor';
import { sameBackend } from './call-args.js';
import { type IntOrTuple, optTensor, options, requireFloating, requireSameDtype, show, tuple } from './conv-args.js';

export type { IntOrTuple } from './conv-args.js';
import { type ConvGeometry, convTranspose, convolution } from './conv-impl.js';

/** Keyword arguments of `conv1d`/`conv2d`. */
export interface ConvOptions {
  /** Step between windows; default 1. */
  stride?: IntOrTuple;
  /** Zero padding on both sides of each spatial dim, or `'same'` / `'valid'`; default 0. */
  padding?: IntOrTuple | 'same' | 'valid';
  /** Spacing between kernel taps; default 1. */
  dilation?: IntOrTuple;
  /** Blocked connections from input to output channels; default 1. */
  groups?: number;
}

/** Keyword arguments of `conv_transpose1d`/`conv_transpose2d`. */
export interface ConvTransposeOptions {
  stride?: IntOrTuple;
  /** `dilation·(k−1) − padding` zeros are added to each side of the input; default 0. */
  padding?: IntOrTuple;
  /** Extra size added to one side of the output; must be smaller than stride or dilation. */
  output_padding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}

const LAYOUT = { 1: ['(C, L)', '(N, C, L)', '(out_channels, in_channels/groups, kW)'], 2: ['(C, H, W)', '(N, C, H, W)', '(out_channels, in_channels/groups, kH, kW)'] } as const;

interface Checked {
  x: Tensor;
  w: Tensor;
  b: Tensor | null;
  groups: number;
  batched: boolean;
}

/** Rank, dtype, channel and bias checks shared by every convolution. */
function check(op: string, spatial: 1 | 2, x: Tensor, w: Tensor, bias: unknown, groupsArg: unknown, transposed: boolean): Checked {
  const [one, batchedDesc, wDesc] = LAYOUT[spatial];
  if (!isTensor(x)) throw new ArgumentError(`${op}: expected input to be a Tensor, got ${show(x)}`);
  if (!isTensor(w)) throw new ArgumentError(`${op}: expected weight to be a Tensor, got ${show(w)}`);
  if (x.ndim !== spatial + 1 && x.ndim !== spatial + 2) {
    throw new ShapeError(`${op}: expected a ${spatial + 1}-D ${one} or ${spatial + 2}-D ${batchedDesc} input, got shape ${fmtShape(x.shape)}`);
  }
  if (w.ndim !== spatial + 2) {
    const desc = transposed ? wDesc.replace('out_channels, in_channels/groups', 'in_channels, out_channels/groups') : wDesc;
    throw new ShapeError(`${op}: expected a ${spatial + 2}-D weight ${desc}, got shape ${fmtShape(w.shape)}`);
  }
  const b = optTensor(op, 'bias', bias);
  sameBackend(op, { input: x, weight: w, bias: b });
  requireFloating(op, 'input', x);
  requireSameDtype(op, 'weight', w, x);
  if (b) requireSameDtype(op, 'bias', b, x);
  const groups = groupsArg ?? 1;
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) {
    throw new ArgumentError(`${op}: expected groups to be a positive integer, got ${show(groups)}`);
  }
  const c = x.shape[x.ndim - spatial - 1]!;
  const lead = w.shape[0]!;
  if (lead % groups !== 0) {
    throw new ShapeError(`${op}: given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of shape ${fmtShape(w.shape)}`);
  }
  const expectC = transposed ? lead : w.shape[1]! * groups;
  if (c !== expectC) {
    throw new ShapeError(
      `${op}: given groups=${groups}, weight of shape ${fmtShape(w.shape)}, expected input ${fmtShape(x.shape)} to have ${expectC} channels, but got ${c} channels`,
    );
  }
  const outC = transposed ? w.shape[1]! * groups : lead;
  if (b && (b.ndim !== 1 || b.shape[0] !== outC)) {
    throw new ShapeError(`${op}: given weight of shape ${fmtShape(w.shape)}, expected bias to be 1-D with ${outC} elements, got shape ${fmtShape(b.shape)}`);
  }
  return { x, w, b, groups, batched: x.ndim === spatial + 2 };
}

/** Lifts 1-D geometry to 2-D (H = 1) and validates it against the input. */
function geometry(op: string, spatial: 1 | 2, x: Tensor, w: Tensor, o: ConvOptions): ConvGeometry {
  const stride = tuple(op, 'stride', o.stride, spatial, 1, 1);
  const dilation = tuple(op, 'dilation', o.dilation, spatial, 1, 1);
  const kernel = w.shape.slice(2);
  const sizes = x.shape.slice(x.ndim - spatial);
  let pads: [number, number][];
  if (typeof o.padding === 'string') {
    if (o.padding === 'valid') pads = kernel.map(() => [0, 0]);
    else if (o.padding === 'same') {
      if (stride.some((s) => s !== 1)) {
        throw new ArgumentError(`${op}: padding='same' is not supported for strided convolutions, got stride ${fmtShape(stride)}`);
      }
      pads = kernel.map((k, i) => {
        const total = dilation[i]! * (k - 1);
        return [Math.floor(total / 2), total - Math.floor(total / 2)];
      });
    } else throw new ArgumentError(`${op}: invalid padding string '${o.padding}', expected 'same' or 'valid'`);
  } else {
    pads = tuple(op, 'padding', o.padding, spatial, 0, 0).map((p) => [p, p]);
  }
  sizes.forEach((s, i) => {
    const padded = s + pads[i]![0] + pads[i]![1];
    const span = dilation[i]! * (kernel[i]! - 1) + 1;
    if (padded < span) {
      throw new ShapeError(
        `${op}: the padded input size per channel (${sizes.map((v, j) => v + pads[j]![0] + pads[j]![1]).join(' x ')}) is smaller than the dilated kernel size (${kernel.map((k, j) => dilation[j]! * (k - 1) + 1).join(' x ')}); the kernel can't be greater than the input`,
      );
    }
  });
  const two = <T>(v: T[], unit: T): [T, T] => (spatial === 1 ? [unit, v[0]!] : [v[0]!, v[1]!]);
  const [ph, pw] = two(pads, [0, 0] as [number, number]);
  return { stride: two(stride, 1), dilation: two(dilation, 1), pad: [ph[0], ph[1], pw[0], pw[1]], groups: 1 };
}

function splitArgs<O extends object>(op: string, bias: Tensor | null | undefined | O, opts: O | undefined): [Tensor | null | undefined, O] {
  if (bias !== null && bias !== undefined && !isTensor(bias)) return [null, options(op, bias as O)];
  return [bias as Tensor | null | undefined, options(op, opts)];
}

/** Runs a 2-D kernel on input and weight lifted to batched 2-D (1-D gains a height of 1), then drops what was added. */
function lifted(spatial: 1 | 2, batched: boolean, input: Tensor, weight: Tensor, kernel: (x: Tensor, w: Tensor) => Tensor): Tensor {
  return scope(() => {
    let x = batched ? input : input.unsqueeze(0);
    let w = weight;
    if (spatial === 1) {
      x = x.unsqueeze(2);
      w = w.unsqueeze(2);
    }
    let y = kernel(x, w);
    if (spatial === 1) y = y.squeeze(2);
    return batched ? y : y.squeeze(0);
  });
}

function conv(op: string, spatial: 1 | 2, input: Tensor, weight: Tensor, biasArg: unknown, optsArg: unknown): Tensor {
  const [bias, o] = splitArgs(op, biasArg as Tensor | null | ConvOptions, optsArg as ConvOptions | undefined);
  const c = check(op, spatial, input, weight, bias, o.groups, false);
  const g = { ...geometry(op, spatial, input, weight, o), groups: c.groups };
  return lifted(spatial, c.batched, input, weight, (x, w) => convolution(x, w, c.b, g));
}

/**
 * 2-D convolution over `(N, C, H, W)` or unbatched `(C, H, W)` input with a
 * `(out_channels, in_channels/groups, kH, kW)` weight, as `torch.nn.functional.conv2d`.
 *
 * @example
 * ```ts
 * const y = F.conv2d(x, w, b, { stride: 2, padding: 1 }); // x [8, 3, 32, 32], w [16, 3, 3, 3] → [8, 16, 16, 16]
 * const same = F.conv2d(x, w, null, { padding: 'same', dilation: 2 });
 * ```
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvOptions): Tensor;
export function conv2d(input: Tensor, weight: Tensor, opts: ConvOptions): Tensor;
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null | ConvOptions, opts?: ConvOptions): Tensor {
  return conv('conv2d', 2, input, weight, bias, opts);
}

/**
 * 1-D convolution over `(N, C, L)` or unbatched `(C, L)` input with an
 * `(out_channels, in_channels/groups, kW)` weight, as `torch.nn.functional.conv1d`.
 *
 * @example
 * ```ts
 * const y = F.conv1d(signal, w, null, { padding: 'same' }); // signal [4, 2, 100], w [8, 2, 5] → [4, 8, 100]
 * ```
 */
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvOptions): Tensor;
export function conv1d(input: Tensor, weight: Tensor, opts: ConvOptions): Tensor;
export function conv1d(input: Tensor, weight: Tensor, bias?: Tensor | null | ConvOptions, opts?: ConvOptions): Tensor {
  return conv('conv1d', 1, input, weight, bias, opts);
}

function convT(op: string, spatial: 1 | 2, input: Tensor, weight: Tensor, biasArg: unknown, optsArg: unknown): Tensor {
  const [bias, o] = splitArgs(op, biasArg as Tensor | null | ConvTransposeOptions, optsArg as ConvTransposeOptions | undefined);
  const c = check(op, spatial, input, weight, bias, o.groups, true);
  if (typeof o.padding === 'string') throw new ArgumentError(`${op}: padding must be an integer or a list of integers, got '${o.padding}'`);
  const stride = tuple(op, 'stride', o.stride, spatial, 1, 1);
  const padding = tuple(op, 'padding', o.padding, spatial, 0, 0);
  const outPad = tuple(op, 'output_padding', o.output_padding, spatial, 0, 0);
  const dilation = tuple(op, 'dilation', o.dilation, spatial, 1, 1);
  outPad.forEach((p, i) => {
    if (p >= stride[i]! && p >= dilation[i]!) {
      throw new ArgumentError(
        `${op}: output padding must be smaller than either stride or dilation, got output_padding ${fmtShape(outPad)}, stride ${fmtShape(stride)}, dilation ${fmtShape(dilation)}`,
      );
    }
  });
  const sizes = input.shape.slice(input.ndim - spatial);
  const out = sizes.map((s, i) => (s - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * (weight.shape[2 + i]! - 1) + outPad[i]! + 1);
  if (out.some((s) => s < 1)) {
    throw new ShapeError(`${op}: given input size per channel (${sizes.join(' x ')}), the calculated output size per channel (${out.join(' x ')}) is too small`);
  }
  const two = (v: number[], unit: number): [number, number] => (spatial === 1 ? [unit, v[0]!] : [v[0]!, v[1]!]);
  const g = { stride: two(stride, 1), padding: two(padding, 0), outputPadding: two(outPad, 0), dilation: two(dilation, 1), groups: c.groups };
  return lifted(spatial, c.batched, input, weight, (x, w) => convTranspose(x, w, c.b, g));
}

/**
 * 2-D transposed convolution ("deconvolution"), the gradient of `conv2d` with respect to its
 * input, with an `(in_channels, out_channels/groups, kH, kW)` weight, as
 * `torch.nn.functional.conv_transpose2d`.
 *
 * @example
 * ```ts
 * const up = F.conv_transpose2d(x, w, b, { stride: 2, padding: 1, output_padding: 1 }); // [1, 8, 7, 7] → [1, Cout, 14, 14] for 3×3
 * ```
 */
export function conv_transpose2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvTransposeOptions): Tensor;
export function conv_transpose2d(input: Tensor, weight: Tensor, opts: ConvTransposeOptions): Tensor;
export function conv_transpose2d(input: Tensor, weight: Tensor, bias?: Tensor | null | ConvTransposeOptions, opts?: ConvTransposeOptions): Tensor {
  return convT('conv_transpose2d', 2, input, weight, bias, opts);
}

/**
 * 1-D transposed convolution, as `torch.nn.functional.conv_transpose1d`.
 *
 * @example
 * ```ts
 * const y = F.conv_transpose1d(x, w, null, { stride: 2 }); // x [1, 4, 10], w [4, 2, 3] → [1, 2, 21]
 * ```
 */
export function conv_transpose1d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: ConvTransposeOptions): Tensor;
export function conv_transpose1d(input: Tensor, weight: Tensor, opts: ConvTransposeOptions): Tensor;
export function conv_transpose1d(input: Tensor, weight: Tensor, bias?: Tensor | null | ConvTransposeOptions, opts?: ConvTransposeOptions): Tensor {
  return convT('conv_transpose1d', 1, input, weight, bias, opts);
}
