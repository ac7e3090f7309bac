/**
 * `@proj/conformance`: the PyTorch-checked suite that every backend runs with one call inside
 * vitest. See `runConformance`.
 */
export { runConformance, withoutFusedKernels, type ConformanceOptions } from './run.js';
export { builtinSuites } from './suites.js';
export { defaultTolerance, mismatch, mismatchAsync, valuesMismatch, type Tolerance } from './compare.js';
export { gradcheck } from './gradcheck.js';
export { call, makeInputs, type Namespaces } from './replay.js';
export type { Case, FixtureFile, InputSpec, TensorSpec } from './fixture.js';
export { buildModule, checkModuleCase, runModuleCase, type ModuleCase, type ModuleLike, type ModuleSpec, type ModuleStep } from './modules.js';
export { runProperties, type PropertyOptions } from './properties/run.js';
export { runSoak, type SoakOptions, type SoakPackages } from './soak.js';
export * as badInput from './bad-input.js';
