import { cpu } from '@proj/backend-cpu';
import * as torch from '@proj/tensor';
import { ArgumentError, type Tensor } from '@proj/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import * as nn from './index.js';

beforeAll(() => {
  torch.registerBackend(cpu());
  torch.setBackend('cpu');
});

const keys = (m: nn.Module) => [...m.state_dict({ keep_vars: true }).keys()];
const types = (it: Iterable<nn.Module>) => [...it].map((m) => m._get_name());

describe('Sequential', () => {
  it('indexes (negative too), iterates, has a length, and chains forward', () => {
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    expect(seq.length).toBe(3);
    expect(seq[0]).toBeInstanceOf(nn.Linear);
    expect(seq[3]).toBeUndefined();
    expect(seq.at(-1)).toBe(seq[2]);
    expect(() => seq.at(3)).toThrow(ArgumentError);
    expect(types(seq)).toEqual(['Linear', 'ReLU', 'Linear']);
    const y = torch.scope(() => seq.call(torch.ones(4, 2)));
    expect(y.shape).toEqual([4, 1]);
    y.dispose();
    seq.dispose();
  });

  it('append, insert, extend, set, delete and pop renumber as PyTorch', () => {
    const seq = new nn.Sequential(new nn.Linear(1, 1), new nn.ReLU());
    seq.append(new nn.Tanh()).insert(1, new nn.Linear(1, 2));
    expect(types(seq)).toEqual(['Linear', 'Linear', 'ReLU', 'Tanh']);
    expect(keys(seq)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    seq.extend([new nn.Sigmoid()]);
    seq.set(-1, new nn.Identity());
    expect(types(seq)).toEqual(['Linear', 'Linear', 'ReLU', 'Tanh', 'Identity']);
    const popped = seq.pop(0);
    expect(popped).toBeInstanceOf(nn.Linear);
    expect(keys(seq)).toEqual(['0.weight', '0.bias']);
    seq.delete(-1);
    expect(types(seq)).toEqual(['Linear', 'ReLU', 'Tanh']);
    expect(seq[3]).toBeUndefined();
    expect(() => seq.insert(9, new nn.ReLU())).toThrow(/Index out of range: 9/);
    seq.dispose();
    popped.dispose();
  });

  it('slices into a Sequential of the same modules, keeping their keys', () => {
    const seq = new nn.Sequential(new nn.ReLU(), new nn.Linear(1, 1), new nn.Linear(1, 1));
    const tail = seq.slice(1);
    expect(tail).toBeInstanceOf(nn.Sequential);
    expect(tail[0]).toBe(seq[1]);
    expect(keys(tail)).toEqual(['1.weight', '1.bias', '2.weight', '2.bias']);
    expect(seq.slice(-1).length).toBe(1);
    seq.dispose();
  });

  it('takes named children from a Map, in order', () => {
    const seq = new nn.Sequential(new Map<string, nn.Module>([['b', new nn.Linear(1, 1)], ['10', new nn.ReLU()], ['a', new nn.Linear(1, 1)]]));
    expect([...seq.named_children()].map(([n]) => n)).toEqual(['b', '10', 'a']);
    expect(keys(seq)).toEqual(['b.weight', 'b.bias', 'a.weight', 'a.bias']);
    expect(seq[1]).toBeInstanceOf(nn.ReLU);
    seq.dispose();
  });
});

describe('ModuleList and ModuleDict', () => {
  it('ModuleList registers its modules and supports list operations', () => {
    const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2)]);
    list.append(new nn.Linear(2, 1));
    list.insert(0, new nn.Linear(2, 2));
    expect(list.length).toBe(4);
    expect(keys(list).filter((k) => k.endsWith('weight'))).toEqual(['0.weight', '1.weight', '2.weight', '3.weight']);
    const w = list.at(-1).weight;
    expect(w.shape).toEqual([1, 2]);
    list.delete(1);
    expect(list.length).toBe(3);
    expect(list[2]!.weight).toBe(w);
    expect(list.slice(0, 2)).toBeInstanceOf(nn.ModuleList);
    expect(() => list.extend(3 as unknown as nn.Linear[])).toThrow(/ModuleList.extend should be called with an iterable/);
    let x: Tensor = torch.ones(1, 2);
    for (const l of list.slice(0, 2)) x = l.call(x);
    expect(x.shape).toEqual([1, 2]);
    list.dispose();
  });

  it('ModuleDict keeps insertion order, iterates keys, and refuses names that shadow methods', () => {
    const d = new nn.ModuleDict<nn.Module>({ conv: new nn.Conv2d(1, 1, 1), act: new nn.ReLU() });
    d.set('1', new nn.Tanh());
    d.update([['pool', new nn.MaxPool2d(2)]]);
    expect([...d]).toEqual(['conv', 'act', '1', 'pool']);
    expect(d.get('act')).toBeInstanceOf(nn.ReLU);
    expect(d.has('pool')).toBe(true);
    expect(d.pop('1')).toBeInstanceOf(nn.Tanh);
    expect([...d.keys()]).toEqual(['conv', 'act', 'pool']);
    expect(() => d.get('nope')).toThrow(ArgumentError);
    expect(() => d.set('keys', new nn.ReLU())).toThrow(/attribute 'keys' already exists/);
    expect(keys(d)).toEqual(['conv.weight', 'conv.bias']);
    d.dispose();
  });
});

describe('ParameterList and ParameterDict', () => {
  it('turn tensors into Parameters and register them', () => {
    const list = new nn.ParameterList([torch.ones(2)]);
    list.append(torch.zeros(3));
    expect(list.length).toBe(2);
    expect(list[1]).toBeInstanceOf(nn.Parameter);
    expect(list.at(-1).requires_grad).toBe(true);
    expect([...list.named_parameters()].map(([n]) => n)).toEqual(['0', '1']);
    const dict = new nn.ParameterDict({ b: torch.ones(1), a: torch.ones(2) });
    expect([...dict]).toEqual(['a', 'b']); // a plain object is sorted, as PyTorch 1.13 sorts a dict
    dict.set('c', new nn.Parameter(torch.ones(3), false));
    expect(dict.get('c').requires_grad).toBe(false);
    expect(keys(dict)).toEqual(['a', 'b', 'c']);
    class Holder extends nn.Module {
      ps = list;
      pd = dict;
    }
    expect(keys(new Holder())).toEqual(['ps.0', 'ps.1', 'pd.a', 'pd.b', 'pd.c']);
    list.dispose();
    dict.dispose();
  });
});
