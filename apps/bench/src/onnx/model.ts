/**
 * Encodes a small ONNX model (float32 graph, opset 13) from a plain description, so that the
 * onnxruntime rows need neither Python nor a download. Field numbers are those of onnx.proto.
 */
import { type Bytes, ProtoWriter } from './protobuf.js';

/** An attribute: an integer, a list of integers, or `{ f }` for a float. */
export type Attr = number | readonly number[] | { f: number };

export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attrs?: Record<string, Attr>;
}

export interface ValueInfo {
  name: string;
  shape: readonly number[];
}

export interface Initializer extends ValueInfo {
  data: Float32Array;
}

export interface Graph {
  name: string;
  nodes: readonly OnnxNode[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  initializers?: readonly Initializer[];
}

const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;
const IR_VERSION = 8;
const OPSET = 13;

function attribute(name: string, a: Attr): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if (typeof a === 'number') return w.int(3, a).int(20, ATTR_INT);
  if ('f' in a) return w.float(2, a.f).int(20, ATTR_FLOAT);
  return w.ints(8, a as readonly number[]).int(20, ATTR_INTS);
}

function node(n: OnnxNode, i: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const x of n.inputs) w.string(1, x);
  for (const y of n.outputs) w.string(2, y);
  w.string(3, `${n.op.toLowerCase()}_${i}`).string(4, n.op);
  for (const [k, v] of Object.entries(n.attrs ?? {})) w.message(5, attribute(k, v));
  return w;
}

function valueInfo(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) shape.message(1, new ProtoWriter().int(1, d));
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

function initializer(t: Initializer): ProtoWriter {
  const w = new ProtoWriter().ints(1, t.shape).int(2, FLOAT).string(8, t.name);
  return w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

/** The serialized ModelProto, ready for `InferenceSession.create(bytes)`. */
export function encodeModel(g: Graph): Bytes {
  const graph = new ProtoWriter();
  for (const [i, n] of g.nodes.entries()) graph.message(1, node(n, i));
  graph.string(2, g.name);
  for (const t of g.initializers ?? []) graph.message(5, initializer(t));
  for (const v of g.inputs) graph.message(11, valueInfo(v));
  for (const v of g.outputs) graph.message(12, valueInfo(v));
  return new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, '@proj/app-bench')
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').int(2, OPSET))
    .finish();
}
