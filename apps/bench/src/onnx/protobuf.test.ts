import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './protobuf.js';

describe('ProtoWriter', () => {
  it('writes varints, negative int64 as ten bytes, and nested messages', () => {
    expect([...new ProtoWriter().int(1, 150).finish()]).toEqual([0x08, 0x96, 0x01]);
    expect(new ProtoWriter().int(1, -1).finish().length).toBe(11);
    const inner = new ProtoWriter().string(1, 'ab');
    expect([...new ProtoWriter().message(2, inner).finish()]).toEqual([0x12, 4, 0x0a, 2, 97, 98]);
  });

  it('writes floats as fixed32', () => {
    expect([...new ProtoWriter().float(2, 1).finish()]).toEqual([0x15, 0, 0, 0x80, 0x3f]);
  });
});
