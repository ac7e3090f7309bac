/**
 * Selective installs work: `@proj/tensor` and `@proj/backend-cpu` are packed as they would be
 * published, installed into an empty project outside the workspace, and used from plain Node.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpm = join(root, 'node_modules', '.bin', 'pnpm');
const dir = mkdtempSync(join(tmpdir(), 'proj-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('packs @proj/tensor and @proj/backend-cpu and runs them from a fresh project', () => {
  const run = (cmd: string, args: string[], cwd: string) =>
    execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  for (const pkg of ['tensor', 'backend-cpu']) {
    const cwd = join(root, 'packages', pkg);
    run(pnpm, ['run', 'build'], cwd);
    run(pnpm, ['pack', '--pack-destination', dir], cwd);
  }
  const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  expect(tarballs.sort()).toEqual(['proj-backend-cpu-0.0.0.tgz', 'proj-tensor-0.0.0.tgz']);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs.map((t) => `./${t}`)], dir);
  writeFileSync(
    join(dir, 'main.js'),
    [
      "import * as torch from '@proj/tensor';",
      "import { cpu } from '@proj/backend-cpu';",
      'torch.registerBackend(cpu());',
      'torch.manual_seed(0);',
      'const w = torch.rand([3], { requires_grad: true });',
      'w.mul(w).sum().backward();',
      'console.log(w.toString());',
      'console.log(w.grad.toString());',
    ].join('\n'),
  );
  const out = run('node', ['main.js'], dir);
  // What PyTorch 1.13 prints for the same program:
  //   torch.manual_seed(0); w = torch.rand(3, requires_grad=True); (w*w).sum().backward()
  //   print(w); print(w.grad)
  expect(out).toContain('tensor([0.4963, 0.7682, 0.0885], requires_grad=True)');
  expect(out).toContain('tensor([0.9925, 1.5364, 0.1770])');
}, 300_000);
