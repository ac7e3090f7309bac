/**
 * The built-in fixture files, generated from PyTorch by `tools/fixtures/*.py`.
 */
import tensorCases from '../fixtures/tensor.json';
import type { FixtureFile } from './fixture.js';
import type { Namespaces } from './replay.js';

/** Every suite whose namespaces are available: the `F` suites need `namespaces.F`. */
export function builtinSuites(ns: Namespaces): FixtureFile[] {
  const all = [tensorCases as unknown as FixtureFile];
  return all.filter((f) => ns.F || f.cases.every((c) => c.ns !== 'F'));
}
