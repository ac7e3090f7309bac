/**
 * Resampling modules: `Upsample` (through `F.interpolate`) and `PixelShuffle`.
 */
import * as F from '@proj/functional';
import type { Tensor } from '@proj/tensor';
import { int } from './checks.js';
import { Module } from './module.js';
import { py, pyFloat } from './repr.js';

export type UpsampleMode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'area' | 'nearest-exact';

export interface UpsampleOptions {
  /** The output spatial size (give this or `scale_factor`). */
  size?: number | readonly number[] | null;
  /** The multiplier of the spatial size (give this or `size`). */
  scale_factor?: number | readonly number[] | null;
  /** Default `'nearest'`. */
  mode?: UpsampleMode;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
}

/**
 * Upsamples `[N, C, L]` / `[N, C, H, W]` input to `size` or by `scale_factor`.
 *
 * @example
 * ```ts
 * const up = new nn.Upsample({ scale_factor: 2, mode: 'bilinear', align_corners: false });
 * String(up); // 'Upsample(scale_factor=2.0, mode=bilinear)'
 * ```
 */
export class Upsample extends Module {
  readonly size: number | readonly number[] | null;
  readonly scale_factor: number | readonly number[] | null;
  readonly mode: UpsampleMode;
  readonly align_corners: boolean | null;
  readonly recompute_scale_factor: boolean | null;

  constructor(opts: UpsampleOptions = {}) {
    super();
    this.size = opts.size ?? null;
    this.scale_factor = opts.scale_factor || null;
    this.mode = opts.mode ?? 'nearest';
    this.align_corners = opts.align_corners ?? null;
    this.recompute_scale_factor = opts.recompute_scale_factor ?? null;
  }

  override forward(input: Tensor): Tensor {
    return F.interpolate(input, {
      size: this.size,
      scale_factor: this.scale_factor,
      mode: this.mode,
      align_corners: this.align_corners,
      recompute_scale_factor: this.recompute_scale_factor,
    });
  }

  override extra_repr(): string {
    const sf = this.scale_factor;
    const info =
      sf !== null
        ? `scale_factor=${Array.isArray(sf) ? `(${sf.map((v) => pyFloat(v, true)).join(', ')}${sf.length === 1 ? ',' : ''})` : pyFloat(sf as number, true)}`
        : `size=${py(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/**
 * Rearranges `[N, C·r², H, W]` into `[N, C, H·r, W·r]` (sub-pixel convolution upsampling).
 *
 * @example
 * ```ts
 * new nn.PixelShuffle(3).call(torch.zeros(1, 9, 4, 4)).shape; // [1, 1, 12, 12]
 * ```
 */
export class PixelShuffle extends Module {
  readonly upscale_factor: number;

  constructor(upscale_factor: number) {
    super();
    this.upscale_factor = int('PixelShuffle', 'upscale_factor', upscale_factor, 1);
  }

  override forward(input: Tensor): Tensor {
    return F.pixel_shuffle(input, this.upscale_factor);
  }

  override extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}
