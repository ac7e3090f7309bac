/**
 * A two-level segregated-fit allocator (TLSF-style) for byte ranges of a WebAssembly memory.
 *
 * Blocks are 64-byte aligned. Free blocks sit in size-class bins (exact classes below 4 KiB, eight
 * classes per power of two above), so the sizes a training loop asks for again and again are
 * found in O(1) and reused; freed neighbours coalesce immediately, so a loop whose live set is
 * periodic reaches a fixed heap size and stays there. When no free block fits, the heap's top
 * grows, and the memory with it (through `grow`).
 *
 * The allocator only does bookkeeping on offsets: it never touches the memory's bytes.
 */

const ALIGN = 64;
const SMALL = 4096; // exact 64-byte classes below this
const SUB = 8; // classes per power of two above it
/**
 * Bytes past the heap's top that are always inside the memory, so that a vector load overrunning
 * the last block a little (kernels read whole vectors at row ends) cannot trap.
 */
const SLACK = 256;
const SMALL_BINS = SMALL / ALIGN;

interface Block {
  off: number;
  size: number;
  free: boolean;
  prev: Block | null; // address-order neighbours
  next: Block | null;
  binPrev: Block | null; // free-list links
  binNext: Block | null;
}

export interface AllocatorOptions {
  /** First usable byte (rounded up to 64). */
  base: number;
  /** Current end of the memory, in bytes. */
  end: number;
  /**
   * Makes the memory at least `minEnd` bytes long; returns the new end, or null when it cannot
   * (the limit is reached). Called only when no free block fits.
   */
  grow: (minEnd: number) => number | null;
}

export interface AllocatorStats {
  /** Blocks handed out and not yet freed. */
  live: number;
  /** Bytes in those blocks (rounded to 64). */
  liveBytes: number;
  /** Bytes in free blocks below the top, kept for reuse. */
  freeBytes: number;
  /** Bytes between the base and the top (live + free). */
  heapBytes: number;
}

/** The size class of a rounded size: its bin index. */
function binOf(size: number): number {
  if (size < SMALL) return size / ALIGN;
  const log = 31 - Math.clz32(size); // ≥ 12
  const sub = Math.floor((size - 2 ** log) / 2 ** (log - 3)); // 0..7
  return SMALL_BINS + (log - 12) * SUB + sub;
}

export class Allocator {
  private readonly bins: (Block | null)[] = [];
  private readonly blocks = new Map<number, Block>();
  private readonly base: number;
  private top: number;
  private end: number;
  private last: Block | null = null; // the block that ends at `top`
  private live = 0;
  private liveBytes = 0;
  private freeBytes = 0;

  constructor(private readonly opts: AllocatorOptions) {
    this.base = Math.ceil(opts.base / ALIGN) * ALIGN;
    this.top = this.base;
    this.end = opts.end;
  }

  /** Reserves `bytes` (≥ 0) and returns the block's offset, or null when memory cannot grow enough. */
  alloc(bytes: number): number | null {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let b = this.findFree(size);
    if (b) {
      this.unbin(b);
      this.split(b, size);
    } else {
      b = this.fromTop(size);
      if (!b) return null;
    }
    b.free = false;
    this.live++;
    this.liveBytes += b.size;
    return b.off;
  }

  /** Frees a block returned by `alloc`. Freeing anything else throws. */
  free(off: number): void {
    let b = this.blocks.get(off);
    if (!b || b.free) throw new Error(`allocator: ${b ? 'double free' : 'unknown block'} at offset ${off}`);
    this.live--;
    this.liveBytes -= b.size;
    b.free = true;
    const p = b.prev;
    if (p?.free) {
      this.unbin(p);
      this.merge(p, b);
      b = p;
    }
    const n = b.next;
    if (n?.free) {
      this.unbin(n);
      this.merge(b, n);
    }
    this.bin(b);
  }

  /** The size the block at `off` really has (its request rounded up to 64, or more). */
  sizeOf(off: number): number {
    const b = this.blocks.get(off);
    if (!b || b.free) throw new Error(`allocator: no live block at offset ${off}`);
    return b.size;
  }

  stats(): AllocatorStats {
    return { live: this.live, liveBytes: this.liveBytes, freeBytes: this.freeBytes, heapBytes: this.top - this.base };
  }

  private findFree(size: number): Block | null {
    const first = binOf(size);
    // The size's own bin may hold blocks smaller than `size` (classes above 4 KiB are ranges).
    for (let b = this.bins[first] ?? null; b; b = b.binNext) if (b.size >= size) return b;
    for (let i = first + 1; i < this.bins.length; i++) {
      const b = this.bins[i];
      if (b) return b;
    }
    return null;
  }

  private fromTop(size: number): Block | null {
    // A free block at the top is extended rather than left behind.
    const tail = this.last?.free ? this.last : null;
    const start = tail ? tail.off : this.top;
    const need = start + size;
    if (need + SLACK > this.end) {
      const end = this.opts.grow(need + SLACK);
      if (end === null || end < need + SLACK) return null;
      this.end = end;
    }
    if (tail) {
      this.unbin(tail);
      tail.size = size;
      this.top = need;
      return tail;
    }
    const b: Block = { off: start, size, free: false, prev: this.last, next: null, binPrev: null, binNext: null };
    if (this.last) this.last.next = b;
    this.last = b;
    this.blocks.set(start, b);
    this.top = need;
    return b;
  }

  private split(b: Block, size: number): void {
    const rest = b.size - size;
    if (rest < ALIGN) return;
    const r: Block = { off: b.off + size, size: rest, free: true, prev: b, next: b.next, binPrev: null, binNext: null };
    if (b.next) b.next.prev = r;
    else this.last = r;
    b.next = r;
    b.size = size;
    this.blocks.set(r.off, r);
    this.bin(r);
  }

  /** Absorbs `b` (the next neighbour) into `a`. */
  private merge(a: Block, b: Block): void {
    a.size += b.size;
    a.next = b.next;
    if (b.next) b.next.prev = a;
    else this.last = a;
    this.blocks.delete(b.off);
  }

  private bin(b: Block): void {
    const i = binOf(b.size);
    while (this.bins.length <= i) this.bins.push(null);
    const head = this.bins[i] ?? null;
    b.binPrev = null;
    b.binNext = head;
    if (head) head.binPrev = b;
    this.bins[i] = b;
    this.freeBytes += b.size;
  }

  private unbin(b: Block): void {
    if (b.binPrev) b.binPrev.binNext = b.binNext;
    else this.bins[binOf(b.size)] = b.binNext;
    if (b.binNext) b.binNext.binPrev = b.binPrev;
    b.binPrev = null;
    b.binNext = null;
    this.freeBytes -= b.size;
  }
}
