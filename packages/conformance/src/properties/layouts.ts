/**
 * Building the same logical tensor with different memory layouts, so that properties exercise
 * strided inputs: contiguous, permuted (non-contiguous strides), and every-other-element slices
 * of a larger buffer (offset and step).
 */
import * as torch from '@proj/tensor';
import type { DType, Tensor } from '@proj/tensor';

export type Layout = { kind: 'contiguous' } | { kind: 'permuted'; perm: number[] } | { kind: 'strided' };

/** A tensor of `shape` whose row-major values are `values`, laid out as `layout` on `device`. */
export function build(values: readonly number[], shape: readonly number[], dtype: DType, layout: Layout, device: string): Tensor {
  return torch.scope(() => {
    const flat = torch.tensor(dtype === 'bool' ? values.map((v) => v !== 0) : [...values], { dtype, device });
    const logical = flat.reshape([...shape]);
    if (layout.kind === 'contiguous' || shape.length === 0) return logical.clone();
    if (layout.kind === 'permuted') {
      const perm = layout.perm.filter((d) => d < shape.length);
      const inv = new Array<number>(perm.length);
      perm.forEach((p, i) => {
        inv[p] = i;
      });
      return logical.permute(perm).contiguous().permute(inv);
    }
    const big = torch.zeros(shape.map((s) => 2 * s + 1), { dtype, device });
    const view = big.index(...shape.map(() => '1::2'));
    view.copy_(logical);
    return view;
  });
}
