/**
 * In-place updates written with primitive tensor ops in the order in which PyTorch's CPU kernels
 * round, so float32 trajectories follow PyTorch's. (PyTorch fuses `a + alpha·b` and
 * `self + (value·t1)·t2` into one FMA rounding; these round each product separately, a last-bit
 * difference.) Call them inside a `scope`: the temporaries they make are left to it.
 */
import type { Tensor } from '@proj/tensor';

/** `self.add_(other, alpha=alpha)`: `self + alpha·other`. */
export function addScaled_(self: Tensor, other: Tensor, alpha: number): Tensor {
  return self.add_(alpha === 1 ? other : other.mul(alpha));
}

/** `self.addcmul_(t1, t2, value=value)`: `self + (value·t1)·t2`. */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  return self.add_((value === 1 ? t1 : t1.mul(value)).mul(t2));
}

/** `self.addcdiv_(t1, t2, value=value)`: `self + (value·t1)/t2`. */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  return self.add_((value === 1 ? t1 : t1.mul(value)).div(t2));
}
