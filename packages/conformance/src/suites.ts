/**
 * The built-in fixture files, generated from PyTorch by `tools/fixtures/*.py`.
 */
import type { FixtureFile } from './fixture.js';
import { FIXTURE_FILES } from './fixtures.generated.js';
import type { Namespaces } from './replay.js';

/** Every suite whose namespaces are available: the `F` suites need `namespaces.F`. */
export function builtinSuites(ns: Namespaces): FixtureFile[] {
  return FIXTURE_FILES.filter((f) => ns.F || f.cases.every((c) => c.ns !== 'F'));
}
