// The layout of each thread's scratch area (SCRATCH_BYTES long, 64-byte aligned).

/** Bytes of scratch per thread; the JS side allocates nthreads × this. */
export const SCRATCH_BYTES: i32 = 768 * 1024;

export const S_WALK_A: usize = 0; // walker state
export const S_WALK_B: usize = 256; // a second walker state (nested walks)
export const S_TILE: usize = 512; // one micro-kernel tile and its bias (5×8 f32 or 5×4 f64 at most)
export const S_DESC: usize = 1024; // a private copy of a walk descriptor (≤ 1 KiB)
export const S_ACC: usize = 4096; // reduction accumulators: ACC_LEN f64
export const ACC_LEN: i32 = 1024;
export const S_MISC: usize = 12288; // small per-kernel tables (≤ 4 KiB)
export const S_PACK_A: usize = 16384; // packed A block: MC×KC elements
export const PACK_A_BYTES: usize = 128 * 1024;
export const S_PACK_B: usize = S_PACK_A + PACK_A_BYTES; // packed B block: KC×NC elements
export const PACK_B_BYTES: usize = 384 * 1024;
export const S_CTILE: usize = S_PACK_B + PACK_B_BYTES; // a C tile computed off to the side (col2im)
export const CTILE_BYTES: usize = <usize>SCRATCH_BYTES - S_CTILE;
