// Compiles the AssemblyScript kernels (assembly/*.ts) into src/kernels.wasm (SIMD) and
// src/kernels-relaxed.wasm (SIMD + relaxed SIMD's fused multiply-add, picked at run time where
// the engine validates it), only when a source is newer than the outputs. `--force` rebuilds
// anyway. Run by `pnpm build:assets` (and by the workspace's bootstrap after install); `build`
// copies the results into dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputs = [
  { file: join(pkg, 'src', 'kernels.wasm'), features: [] },
  { file: join(pkg, 'src', 'kernels-relaxed.wasm'), features: ['--enable', 'relaxed-simd'] },
];
const srcDir = join(pkg, 'assembly');
const inputs = [
  ...readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => join(srcDir, f)),
  fileURLToPath(import.meta.url),
];

const newest = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
const fresh = (f) => existsSync(f) && statSync(f).mtimeMs >= newest;
if (!process.argv.includes('--force') && outputs.every((o) => fresh(o.file))) process.exit(0);

const asc = (await import('assemblyscript/asc')).default;
const common = [
  join(srcDir, 'index.ts'),
  '--optimizeLevel', '3',
  '--shrinkLevel', '0',
  '--noAssert',
  '--runtime', 'stub',
  '--enable', 'simd',
  '--enable', 'threads',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory', '64',
  '--maximumMemory', '65536',
];
for (const { file, features } of outputs) {
  const { error, stderr } = await asc.main([...common, ...features, '--outFile', file], {});
  if (error) {
    console.error(stderr.toString());
    console.error(`build:assets: compiling ${file} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`build:assets: wrote ${file} (${statSync(file).size} bytes)`);
}
