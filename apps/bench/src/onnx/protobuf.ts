/**
 * A minimal protobuf writer: just the wire types ONNX models need (varint, 32-bit float and
 * length-delimited). Messages are built as byte arrays and nested by `message`.
 */

export type Bytes = Uint8Array;

function varint(value: number | bigint): number[] {
  // int64 fields: negative values are two's complement over 64 bits, so go through BigInt.
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

const key = (field: number, wire: number): number[] => varint((field << 3) | wire);

export class ProtoWriter {
  private readonly parts: number[][] = [];
  private readonly blobs: { at: number; bytes: Bytes }[] = [];

  /** An int32/int64/enum/bool field. */
  int(field: number, value: number | bigint): this {
    this.parts.push([...key(field, 0), ...varint(value)]);
    return this;
  }

  /** Each value as its own field entry (the unpacked form that proto2 files like onnx.proto expect). */
  ints(field: number, values: readonly number[]): this {
    for (const v of values) this.int(field, v);
    return this;
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(new Float32Array([value]).buffer);
    this.parts.push([...key(field, 5), ...b]);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Bytes): this {
    this.parts.push([...key(field, 2), ...varint(value.length)]);
    // Large payloads (weights) skip the number[] detour.
    this.blobs.push({ at: this.parts.length, bytes: value });
    this.parts.push([]);
    return this;
  }

  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  finish(): Bytes {
    const blobAt = new Map(this.blobs.map((b) => [b.at, b.bytes]));
    let size = 0;
    for (let i = 0; i < this.parts.length; i++) size += blobAt.get(i)?.length ?? (this.parts[i] as number[]).length;
    const out = new Uint8Array(size);
    let o = 0;
    for (let i = 0; i < this.parts.length; i++) {
      const chunk = blobAt.get(i) ?? (this.parts[i] as number[]);
      out.set(chunk, o);
      o += chunk.length;
    }
    return out;
  }
}
