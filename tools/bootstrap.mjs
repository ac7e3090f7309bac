// Installs the workspace's dependencies with the pinned pnpm and builds generated assets, so that
// `npm start` and `npm test` work on a machine that has only Node and npm. Quick when up to date.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const marker = join(root, 'node_modules', '.modules.yaml');
const lock = join(root, 'pnpm-lock.yaml');

const upToDate = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
if (!upToDate) {
  const local = join(root, 'node_modules', '.bin', 'pnpm');
  const [cmd, args] = existsSync(local)
    ? [local, []]
    : ['npx', ['--yes', `pnpm@${pnpmVersion}`]];
  const install = [...args, 'install', ...(existsSync(lock) ? ['--frozen-lockfile'] : []), '--config.confirmModulesPurge=false'];
  console.log(`[bootstrap] ${cmd === local ? 'pnpm' : `npx pnpm@${pnpmVersion}`} install`);
  execFileSync(cmd, install, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
}

// Packages build generated assets (e.g. the wasm kernels from AssemblyScript) with a `build:assets`
// script; each is incremental, so this is quick when nothing changed.
const pnpm = join(root, 'node_modules', '.bin', 'pnpm');
execFileSync(pnpm, ['-r', '--if-present', '--reporter=silent', 'run', 'build:assets'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
