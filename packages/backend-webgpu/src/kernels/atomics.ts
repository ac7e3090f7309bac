/**
 * Atomic float addition: WGSL has atomics on u32/i32 only, so a float is added with a
 * compare-exchange loop on its bits. Used where several threads may hit one output element
 * (scatter_add, max_pool2d backward with overlapping windows); the summation order, and so the
 * last bits of a sum, may then vary from run to run.
 */
export function atomicAddF32(buffer: string): string {
  return `
fn atomicAddF32(i: u32, v: f32) {
  var old = atomicLoad(&${buffer}[i]);
  loop {
    let r = atomicCompareExchangeWeak(&${buffer}[i], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}`;
}
