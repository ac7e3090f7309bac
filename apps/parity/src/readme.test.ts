/**
 * The README's examples run, and print what the same programs print in PyTorch
 * (tools/fixtures/readme.py wrote PyTorch's output).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import expected from './__fixtures__/readme.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

/** The ```ts block whose first line is `// example: <name>`. */
function example(name: string): string {
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const block = blocks.find((b) => b.startsWith(`// example: ${name}\n`));
  if (!block) throw new Error(`README.md has no example named '${name}'`);
  return block;
}

function run(name: string): string[] {
  const dir = fileURLToPath(new URL('./__generated__/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}readme-${name.replace(/\W+/g, '-')}.ts`;
  writeFileSync(file, example(name));
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@proj/source', file], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return out.trimEnd().split('\n');
}

it('the training example prints PyTorch\'s losses and repr', () => {
  expect(run('training')).toEqual(expected.training);
}, 300_000);

it('the first-steps example prints PyTorch\'s tensors', () => {
  expect(run('first steps')).toEqual(expected.first_steps);
}, 300_000);
