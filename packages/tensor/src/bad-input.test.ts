/**
 * The bad-input matrix of `@proj/tensor`, beyond errors.test.ts: disposed tensors and tensors
 * from two backends in every kind of op, autograd misuse, dims and indices out of range, NaN and
 * infinite arguments, integer tensors where floats are needed and zero-size inputs (PyTorch's
 * result shapes where it accepts them). See `badInput` in @proj/conformance for what every row checks.
 */
import { cpu } from '@proj/backend-cpu';
import { badInput } from '@proj/conformance';
import { beforeAll, describe } from 'vitest';
import { ArgumentError, BackendError, DTypeError, ShapeError, StateError } from './errors.js';
import * as torch from './index.js';

const { bad, dead, ok, runRow } = badInput;
type Row = badInput.Row;

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.registerBackend(cpu({ name: 'cpu2' }));
  torch.setBackend('cpu');
});

const x = () => torch.randn([2, 3]);
const on2 = (...shape: number[]) => torch.randn(shape, { device: 'cpu2' });
const leaf = (...shape: number[]) => torch.randn(shape, { requires_grad: true });
const idx = (v: Parameters<typeof torch.tensor>[0]) => torch.tensor(v, { dtype: 'int64' });
const gone = (op: string, arg: number) => new RegExp(`^${op}: argument ${arg} \\((float32|int64|bool) \\[[\\d,]*\\]\\) has been disposed`);
const apart = (op: string, a = 1, b = 2) => new RegExp(`^${op}: expected all tensors to be on the same backend, but found 'cpu' \\(argument ${a}\\) and 'cpu2' \\(argument ${b}\\)`);

const disposedRows: Row[] = [
  bad('add: disposed other', () => [x(), dead(x())] as const, (a, b) => a.add(b), StateError, gone('add', 2)),
  bad('add: disposed self', () => [dead(x()), x()] as const, (a, b) => a.add(b), StateError, gone('add', 1)),
  bad('relu: disposed', () => [dead(x())] as const, (a) => a.relu(), StateError, gone('relu', 1)),
  bad('sum: disposed', () => [dead(x())] as const, (a) => a.sum(), StateError, gone('sum', 1)),
  bad('matmul: disposed', () => [dead(x()), torch.randn([3, 2])] as const, (a, b) => a.matmul(b), StateError, gone('matmul', 1)),
  bad('mm: disposed mat2', () => [x(), dead(torch.randn([3, 2]))] as const, (a, b) => a.mm(b), StateError, gone('mm', 2)),
  bad('view: disposed', () => [dead(x())] as const, (a) => a.view(6), StateError, gone('view', 1)),
  bad('reshape: disposed', () => [dead(x())] as const, (a) => a.reshape(6), StateError, gone('reshape', 1)),
  bad('t: disposed', () => [dead(x())] as const, (a) => a.t(), StateError, gone('t', 1)),
  bad('permute: disposed', () => [dead(x())] as const, (a) => a.permute(1, 0), StateError, gone('permute', 1)),
  bad('expand: disposed', () => [dead(x())] as const, (a) => a.expand(4, 2, 3), StateError, gone('expand', 1)),
  bad('select: disposed', () => [dead(x())] as const, (a) => a.select(0, 0), StateError, gone('select', 1)),
  bad('narrow: disposed', () => [dead(x())] as const, (a) => a.narrow(1, 0, 2), StateError, gone('narrow', 1)),
  bad('index: disposed', () => [dead(x())] as const, (a) => a.index(0, '1:'), StateError, gone('index', 1)),
  bad('detach: disposed', () => [dead(x())] as const, (a) => a.detach(), StateError, gone('detach', 1)),
  bad('split: disposed', () => [dead(x())] as const, (a) => a.split(1), StateError, gone('split', 1)),
  bad('to: disposed, dtype', () => [dead(x())] as const, (a) => a.to('float64'), StateError, gone('to', 1)),
  bad('to: disposed, backend', () => [dead(x())] as const, (a) => a.to('cpu2'), StateError, gone('to', 1)),
  bad('clone: disposed', () => [dead(x())] as const, (a) => a.clone(), StateError, gone('clone', 1)),
  bad('dataSync: disposed', () => [dead(x())] as const, (a) => a.dataSync(), StateError, /^dataSync: this tensor \(float32 \[2,3\]\) has been disposed/),
  bad('tolist: disposed', () => [dead(x())] as const, (a) => a.tolist(), StateError, /^tolist: this tensor \(float32 \[2,3\]\) has been disposed/),
  bad('add_: disposed self', () => [dead(x())] as const, (a) => a.add_(1), StateError, gone('add_', 1)),
  bad('copy_: disposed source', () => [x(), dead(x())] as const, (a, b) => a.copy_(b), StateError, gone('copy_', 2)),
  bad('backward: disposed loss', () => { const l = leaf(2).mul(2).sum(); l.dispose(); return [l] as const; }, (l) => l.backward(), StateError, /^backward: this tensor \(float32 \[\]\) has been disposed/),
  bad('cat: disposed second tensor', () => [x(), dead(x())] as const, (a, b) => torch.cat([a, b]), StateError, gone('cat', 2)),
  bad('stack: disposed second tensor', () => [x(), dead(x())] as const, (a, b) => torch.stack([a, b]), StateError, gone('stack', 2)),
  bad('where: disposed input', () => [x().gt(0), dead(x()), x()] as const, (c, a, b) => torch.where(c, a, b), StateError, gone('where', 2)),
  bad('index_select: disposed index', () => [x(), dead(idx([0]))] as const, (a, i) => a.index_select(0, i), StateError, /^index_select: index \(int64 \[1\]\) has been disposed/),
  bad('gather: disposed input', () => [dead(x()), idx([[0, 1, 0]])] as const, (a, i) => a.gather(0, i), StateError, gone('gather', 1)),
  bad('max: disposed, with dim', () => [dead(x())] as const, (a) => a.max(1), StateError, gone('max', 1)),
  bad('logsumexp: disposed', () => [dead(x())] as const, (a) => a.logsumexp(1), StateError, gone('logsumexp', 1)),
  bad('masked_fill: disposed mask', () => [x(), dead(x().gt(0))] as const, (a, m) => a.masked_fill(m, 0), StateError, gone('masked_fill', 2)),
];

const backendRows: Row[] = [
  bad('matmul: two backends', () => [x(), on2(3, 2)] as const, (a, b) => a.matmul(b), BackendError, apart('matmul')),
  bad('mm: two backends', () => [x(), on2(3, 2)] as const, (a, b) => a.mm(b), BackendError, apart('mm')),
  bad('dot: two backends', () => [torch.randn([3]), on2(3)] as const, (a, b) => a.dot(b), BackendError, apart('dot')),
  bad('outer: two backends', () => [torch.randn([3]), on2(2)] as const, (a, b) => a.outer(b), BackendError, apart('outer')),
  bad('cat: two backends', () => [x(), on2(2, 3)] as const, (a, b) => torch.cat([a, b]), BackendError, apart('cat')),
  bad('stack: two backends', () => [x(), on2(2, 3)] as const, (a, b) => torch.stack([a, b]), BackendError, apart('stack')),
  bad('where: two backends', () => [x().gt(0), on2(2, 3), x()] as const, (c, a, b) => torch.where(c, a, b), BackendError, apart('where')),
  bad('index_select: index on another backend', () => [x(), torch.tensor([0], { dtype: 'int64', device: 'cpu2' })] as const, (a, i) => a.index_select(0, i), BackendError, apart('index_select')),
  bad('gather: index on another backend', () => [x(), torch.tensor([[0], [1]], { dtype: 'int64', device: 'cpu2' })] as const, (a, i) => a.gather(1, i), BackendError, apart('gather')),
  bad('masked_fill: mask on another backend', () => [x(), on2(2, 3).gt(0)] as const, (a, m) => a.masked_fill(m, 0), BackendError, apart('masked_fill')),
  bad('maximum: two backends', () => [x(), on2(2, 3)] as const, (a, b) => a.maximum(b), BackendError, apart('maximum')),
  bad('add_: other on another backend', () => [x(), on2(2, 3)] as const, (a, b) => a.add_(b), BackendError, apart('add')),
  bad('scatter_add: src on another backend', () => [torch.zeros([2, 3]), idx([[0], [1]]), on2(2, 1)] as const, (a, i, s) => a.scatter_add(1, i, s), BackendError, apart('scatter_add', 1, 3)),
  bad('lerp: end on another backend', () => [x(), on2(2, 3)] as const, (a, b) => a.lerp(b, 0.5), BackendError, apart('lerp')),
  bad('addcmul: tensor1 on another backend', () => [x(), on2(2, 3), x()] as const, (a, b, c) => a.addcmul(b, c), BackendError, apart('addcmul')),
  bad('addcdiv: tensor2 on another backend', () => [x(), x(), on2(2, 3)] as const, (a, b, c) => a.addcdiv(b, c), BackendError, apart('addcdiv', 1, 3)),
];

const autogradRows: Row[] = [
  bad('backward: twice through a freed graph', () => { const t = leaf(2); const l = t.mul(t).sum(); l.backward(); return [t, l] as const; }, (_, l) => l.backward(), StateError, /^SumBackward0: trying to backward through the graph a second time/),
  bad('backward: after a saved tensor was modified in place', () => { const t = leaf(2); const u = t.mul(2); const v = u.mul(u); u.add_(1); return [t, v.sum()] as const; }, (_, l) => l.backward(), StateError, /^MulBackward0: one of the variables needed for gradient computation has been modified by an inplace operation/),
  bad('backward: of a non-scalar without a gradient', () => [leaf(2).mul(2)] as const, (y) => y.backward(), StateError, /^backward: grad can be implicitly created only for scalar outputs/),
  bad('backward: gradient of the wrong shape', () => [leaf(2).mul(2), torch.ones([3])] as const, (y, g) => y.backward(g), ArgumentError, /^backward: gradient has shape \[3\] but the output has shape \[2\]/),
  bad('backward: options passed as the gradient', () => [leaf(2).mul(2).sum()] as const, (l) => l.backward({ retain_graph: true } as never), ArgumentError, /^backward: expected gradient to be a Tensor or null, got object/),
  bad('backward: nothing requires grad', () => [x().sum()] as const, (l) => l.backward(), StateError, /^backward: element 0 of tensors does not require grad/),
  bad('retain_grad: on a tensor that does not require grad', () => [x()] as const, (a) => a.retain_grad(), StateError, /^retain_grad: can't retain_grad on a tensor that has requires_grad=False/),
  bad('requires_grad: on int64 at creation', () => [] as const, () => torch.ones([2], { dtype: 'int64', requires_grad: true }), ArgumentError, /^ones: only tensors of floating point dtype can require gradients, got int64/),
  bad('tensor: requires_grad on int64 data', () => [] as const, () => torch.tensor([1, 2], { requires_grad: true }), ArgumentError, /^tensor: only tensors of floating point dtype can require gradients, got int64/),
  bad('requires_grad_: on an int64 tensor', () => [idx([1, 2])] as const, (a) => a.requires_grad_(), ArgumentError, /^requires_grad_: only tensors of floating point dtype can require gradients, got int64/),
  bad('requires_grad_: on a non-leaf', () => [leaf(2).mul(2)] as const, (y) => y.requires_grad_(false), StateError, /^requires_grad_: you can only change requires_grad flags of leaf variables/),
  bad('add_: on a leaf that requires grad', () => [leaf(2)] as const, (a) => a.add_(1), StateError, /^add_: a leaf Variable that requires grad is being used in an in-place operation/),
  bad('mul_: on a view of a leaf that requires grad', () => { const a = leaf(2, 2); return [a, a.select(0, 0)] as const; }, (_, v) => v.mul_(2), StateError, /^mul_: a view of a leaf Variable that requires grad is being used in an in-place operation/),
  bad('copy_: into a leaf that requires grad', () => [leaf(2), torch.ones([2])] as const, (a, b) => a.copy_(b), StateError, /^copy_: a leaf Variable that requires grad/),
];

const dimRows: Row[] = [
  bad('sum: dim 2 of 2-D', () => [x()] as const, (a) => a.sum(2), ArgumentError, /^sum: dim 2 is out of range for a 2-D tensor \(expected to be in range of \[-2, 1\]\)/),
  bad('sum: repeated dim', () => [x()] as const, (a) => a.sum([0, 0]), ArgumentError, /^sum: dim 0 appears multiple times in the list of dims/),
  bad('mean: dim -3', () => [x()] as const, (a) => a.mean(-3), ArgumentError, /^mean: dim -3 is out of range for a 2-D tensor/),
  bad('transpose: dim1 5', () => [x()] as const, (a) => a.transpose(0, 5), ArgumentError, /^transpose: dim1 5 is out of range for a 2-D tensor/),
  bad('squeeze: dim 3', () => [x()] as const, (a) => a.squeeze(3), ArgumentError, /^squeeze: dim 3 is out of range for a 2-D tensor/),
  bad('unsqueeze: dim -4', () => [x()] as const, (a) => a.unsqueeze(-4), ArgumentError, /^unsqueeze: dim -4 is out of range for a 3-D tensor \(expected to be in range of \[-3, 2\]\)/),
  bad('narrow: past the end', () => [x()] as const, (a) => a.narrow(1, 2, 2), ArgumentError, /^narrow: start \(2\) \+ length \(2\) exceeds dimension size \(3\) of dim 1/),
  bad('select: dim -3', () => [x()] as const, (a) => a.select(-3, 0), ArgumentError, /^select: dim -3 is out of range for a 2-D tensor/),
  bad('select: index -3', () => [x()] as const, (a) => a.select(0, -3), ArgumentError, /^select: index -3 out of range for tensor of size \[2, 3\] at dimension 0/),
  bad('index_select: negative index', () => [x(), idx([-1])] as const, (a, i) => a.index_select(1, i), ArgumentError, /^index_select: index -1 is out of bounds for dimension 1 with size 3/),
  bad('index_select: 2-D index', () => [x(), idx([[0]])] as const, (a, i) => a.index_select(1, i), ShapeError, /^index_select: index must be 0-D or 1-D, got shape \[1, 1\]/),
  bad('gather: index past the end', () => [x(), idx([[0, 3]])] as const, (a, i) => a.gather(1, i), ArgumentError, /^gather: index 3 is out of bounds for dimension 1 with size 3/),
  bad('gather: float index', () => [x(), torch.tensor([[0]], { dtype: 'float32' })] as const, (a, i) => a.gather(1, i), DTypeError, /^gather: expected an int64 \(or int32\) index, got float32/),
  bad('scatter_add: index past the end (self untouched)', () => [torch.zeros([2, 3]), idx([[3]]), torch.ones([1, 1])] as const, (a, i, s) => a.scatter_add(1, i, s), ArgumentError, /^scatter_add: index 3 is out of bounds for dimension 1 with size 3/),
  bad('flip: dim 2', () => [x()] as const, (a) => a.flip(2), ArgumentError, /^flip: dim 2 is out of range for a 2-D tensor/),
  bad('permute: too few dims', () => [x()] as const, (a) => a.permute(0), ArgumentError, /^permute: dims \[0\] must be a permutation of the 2 dims of the input/),
  bad('movedim: destination 5', () => [x()] as const, (a) => a.movedim(0, 5), ArgumentError, /^movedim: destination 5 is out of range for a 2-D tensor/),
  bad('flatten: start after end', () => [x()] as const, (a) => a.flatten(1, 0), ArgumentError, /^flatten: start_dim cannot come after end_dim/),
  bad('unflatten: sizes do not multiply out', () => [x()] as const, (a) => a.unflatten(1, [2, 2]), ShapeError, /^unflatten: shape \[2, 2\] is invalid for input of size 3/),
  bad('split: size 0', () => [x()] as const, (a) => a.split(0), ArgumentError, /^split: split_size must be a positive integer, got 0/),
  bad('chunk: 0 chunks', () => [x()] as const, (a) => a.chunk(0), ArgumentError, /^chunk: chunks must be a positive integer, got 0/),
  bad('cat: no tensors', () => [] as const, () => torch.cat([]), ArgumentError, /^cat: expected a non-empty list of Tensors/),
  bad('cat: dim 2 of 2-D', () => [x(), x()] as const, (a, b) => torch.cat([a, b], 2), ArgumentError, /^cat: dim 2 is out of range for a 2-D tensor/),
  bad('stack: shapes differ', () => [x(), torch.randn([3, 2])] as const, (a, b) => torch.stack([a, b]), ShapeError, /^stack: expects each tensor to be equal size, but got \[2, 3\] at entry 0 and \[3, 2\] at entry 1/),
  bad('unfold: window larger than the dim', () => [x()] as const, (a) => a.unfold(1, 4, 1), ArgumentError, /^unfold: maximum size for tensor at dimension 1 is 3 but size is 4/),
  bad('unfold: step 0', () => [x()] as const, (a) => a.unfold(1, 2, 0), ArgumentError, /^unfold: step is 0 but must be > 0/),
  bad('tril: 1-D input', () => [torch.randn([3])] as const, (a) => a.tril(), ShapeError, /^tril: input tensor must have at least 2 dimensions, got 1/),
  bad('roll: shifts and dims differ in length', () => [x()] as const, (a) => a.roll([1, 2], [0]), ArgumentError, /^roll: shifts and dims must align, got 2 shifts and 1 dims/),
  bad('index: too many indices', () => [x()] as const, (a) => a.index(0, 0, 0), ArgumentError, /^index: too many indices for tensor of dimension 2 \(got 3\)/),
  bad('repeat: fewer sizes than dims', () => [x()] as const, (a) => a.repeat(2), ArgumentError, /^repeat: number of dimensions of repeat dims \(1\) can not be smaller than number of dimensions of tensor \(2\)/),
  bad('as_strided: out of the storage', () => [x()] as const, (a) => a.as_strided([3, 3], [3, 1]), ArgumentError, /^as_strided: size \[3, 3\] with stride \[3, 1\] and offset 0 is out of bounds for storage of size 6/),
  bad('expand: negative size', () => [x()] as const, (a) => a.expand(-2, 3), ShapeError, /^expand: the expanded size of the tensor \(-2\) must match the existing size \(2\)/),
];

const valueRows: Row[] = [
  bad('arange: end NaN', () => [] as const, () => torch.arange(0, Number.NaN), ArgumentError, /^arange: end must be finite, got NaN/),
  bad('arange: end Infinity', () => [] as const, () => torch.arange(0, Number.POSITIVE_INFINITY), ArgumentError, /^arange: end must be finite, got Infinity/),
  bad('linspace: steps -1', () => [] as const, () => torch.linspace(0, 1, -1), ArgumentError, /^linspace: steps must be in \[0, inf\], got -1/),
  bad('zeros: negative size', () => [] as const, () => torch.zeros([-1]), ArgumentError, /^zeros: size must be non-negative integers, got \[-1\]/),
  bad('zeros: fractional size', () => [] as const, () => torch.zeros([1.5]), ArgumentError, /^zeros: size must be non-negative integers, got \[1.5\]/),
  bad('randn: negative size', () => [] as const, () => torch.randn([2, -1]), ArgumentError, /^randn: size must be non-negative integers, got \[2, -1\]/),
  bad('tensor: NaN as int64', () => [] as const, () => torch.tensor([1, Number.NaN], { dtype: 'int64' }), DTypeError, /^tensor: value NaN cannot be converted to int64 without overflow/),
  bad('tensor: Infinity as int32', () => [] as const, () => torch.tensor([Number.POSITIVE_INFINITY], { dtype: 'int32' }), DTypeError, /^tensor: value Infinity cannot be converted to int32 without overflow/),
  bad('full: NaN as int64', () => [] as const, () => torch.full([2], Number.NaN, { dtype: 'int64' }), DTypeError, /^full: value NaN cannot be converted to int64 without overflow/),
  ok('full: 1.5 as int64 truncates, as PyTorch', () => [] as const, () => torch.full([2], 1.5, { dtype: 'int64' }), [2]),
  bad('fill_: NaN into int64', () => [torch.zeros([2], { dtype: 'int64' })] as const, (a) => a.fill_(Number.NaN), DTypeError, /^fill_: value NaN cannot be converted to int64/),
  bad('normal_: std NaN', () => [x()] as const, (a) => a.normal_(0, Number.NaN), ArgumentError, /^normal_: std must be a number, got NaN/),
  bad('normal_: mean NaN', () => [x()] as const, (a) => a.normal_(Number.NaN, 1), ArgumentError, /^normal_: mean must be a number, got NaN/),
  bad('uniform_: from above to', () => [x()] as const, (a) => a.uniform_(1, 0), ArgumentError, /^uniform_: expects to return a \[from, to\) range, but found from=1 > to=0/),
  bad('uniform_: to NaN', () => [x()] as const, (a) => a.uniform_(0, Number.NaN), ArgumentError, /^uniform_: to must be a number, got NaN/),
  bad('bernoulli_: p 1.5', () => [x()] as const, (a) => a.bernoulli_(1.5), ArgumentError, /^bernoulli_: p must be in \[0, 1\], got 1.5/),
  bad('bernoulli_: p NaN', () => [x()] as const, (a) => a.bernoulli_(Number.NaN), ArgumentError, /^bernoulli_: p must be a number, got NaN/),
  bad('div: unknown rounding_mode', () => [x()] as const, (a) => a.div(2, { rounding_mode: 'round' as never }), ArgumentError, /^div: expected rounding_mode to be one of null, 'trunc', or 'floor' but found 'round'/),
  bad('norm: nuclear norm', () => [x()] as const, (a) => a.norm('nuc' as never), ArgumentError, /^norm: p must be a number or 'fro', got nuc/),
  bad('clamp: neither bound', () => [x()] as const, (a) => a.clamp(), DTypeError, /^clamp: at least one of 'min' or 'max' must not be None/),
  bad('std: int64 input', () => [idx([1, 2])] as const, (a) => a.std(), DTypeError, /^var: expected a floating point input, got int64/),
  bad('logsumexp: int64 input', () => [idx([1, 2])] as const, (a) => a.logsumexp(0), DTypeError, /^logsumexp: expected a floating point input, got int64/),
  bad('norm: int64 input', () => [idx([1, 2])] as const, (a) => a.norm(), DTypeError, /^norm: expected a floating point input, got int64/),
  bad('masked_fill: float mask', () => [x()] as const, (a) => a.masked_fill(a, 0), DTypeError, /^masked_fill: expected a bool mask, got float32/),
  bad('masked_fill_: mask grows the tensor', () => [torch.randn([3]), torch.ones([2, 3], { dtype: 'bool' })] as const, (a, m) => a.masked_fill_(m, 0), ShapeError, /^masked_fill: cannot expand shape \[2, 3\] to \[3\]/),
  bad('mv: shapes do not fit', () => [x(), torch.randn([2])] as const, (a, v) => a.mv(v), ShapeError, /shapes cannot be multiplied \(\[2, 3\] and \[2\]\): inner dimensions 3 and 2 differ/),
];

const emptyRows: Row[] = [
  bad('max: of no elements', () => [torch.randn([0])] as const, (a) => a.max(), ArgumentError, /^max: expected reduction dim to be specified for input.numel\(\) == 0/),
  bad('amax: of no elements', () => [torch.randn([0])] as const, (a) => a.amax(), ArgumentError, /^amax: expected reduction dim to be specified for input.numel\(\) == 0/),
  bad('argmax: of no elements', () => [torch.randn([0])] as const, (a) => a.argmax(), ArgumentError, /^argmax: expected reduction dim to be specified for input.numel\(\) == 0/),
  bad('min: over a zero-size dim', () => [torch.randn([0, 3])] as const, (a) => a.min(0), ArgumentError, /^min: cannot compute min over dim 0 of size 0/),
  bad('item: of no elements', () => [torch.randn([0])] as const, (a) => a.item(), ArgumentError, /^item: a Tensor with 0 elements cannot be converted to a number/),
  bad('reshape: -1 beside a 0', () => [torch.randn([0, 3])] as const, (a) => a.reshape(0, -1), ShapeError, /^reshape: shape \[0, -1\] is invalid for input of size 0/),
  ok('min: over a non-empty dim of an empty tensor', () => [torch.randn([0, 3])] as const, (a) => a.min(1), [0]),
  ok('amax: along a non-empty dim of an empty tensor', () => [torch.randn([0, 3])] as const, (a) => a.amax(1), [0]),
  ok('sum: of no elements', () => [torch.randn([0])] as const, (a) => a.sum(), []),
  ok('mean: of no elements', () => [torch.randn([0])] as const, (a) => a.mean(), []),
  ok('prod: of no elements', () => [torch.randn([0])] as const, (a) => a.prod(), []),
  ok('logsumexp: over an empty dim', () => [torch.randn([0, 3])] as const, (a) => a.logsumexp(0), [3]),
  ok('matmul: empty batch', () => [torch.randn([0, 3]), torch.randn([3, 4])] as const, (a, b) => a.matmul(b), [0, 4]),
  ok('matmul: empty inner dim', () => [torch.randn([2, 0]), torch.randn([0, 4])] as const, (a, b) => a.matmul(b), [2, 4]),
  ok('cat: with an empty tensor', () => [torch.randn([0, 3]), x()] as const, (a, b) => torch.cat([a, b]), [2, 3]),
  ok('softmax-free reductions keep the empty dim', () => [torch.randn([0, 3])] as const, (a) => a.sum(1), [0]),
];

describe('bad input: disposed tensors', () => disposedRows.forEach(runRow));
describe('bad input: tensors on two backends', () => backendRows.forEach(runRow));
describe('bad input: autograd misuse', () => autogradRows.forEach(runRow));
describe('bad input: dims and indices', () => dimRows.forEach(runRow));
describe('bad input: values, NaN and dtypes', () => valueRows.forEach(runRow));
describe('bad input: zero-size tensors', () => emptyRows.forEach(runRow));
