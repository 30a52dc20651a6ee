// Builds everything into dist/: the CLI and host (ESM), the Electron main (ESM) and preload (CJS, sandboxed), the
// renderer (Vite), and the bench. Run by `npm run build` and by npm's `prepare` on install.
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);
const at = (...p) => path.join(root, ...p);

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

if (only.length === 0) await rm(at('dist'), { recursive: true, force: true });

const jobs = [];
if (want('cli')) {
  jobs.push(esbuild({ ...node, format: 'esm', entryPoints: [at('main/cli/index.ts')], outfile: at('dist/cli.mjs') }));
}
if (want('bench') && existsSync(at('test/bench/index.ts'))) {
  jobs.push(
    esbuild({ ...node, format: 'esm', entryPoints: [at('test/bench/index.ts')], outfile: at('dist/bench/index.mjs') }),
  );
}
if (want('eval') && existsSync(at('test/eval/index.ts'))) {
  jobs.push(
    esbuild({ ...node, format: 'esm', entryPoints: [at('test/eval/index.ts')], outfile: at('dist/eval/index.mjs') }),
  );
}
if (want('electron') && existsSync(at('main/electron/main.ts'))) {
  jobs.push(
    esbuild({
      ...node,
      format: 'esm',
      entryPoints: [at('main/electron/main.ts')],
      outfile: at('dist/electron/main.mjs'),
    }),
    // The core runs in an Electron utilityProcess started from this file (main/electron/core-process.ts).
    esbuild({
      ...node,
      format: 'esm',
      entryPoints: [at('main/electron/core-process.ts')],
      outfile: at('dist/electron/core-process.mjs'),
    }),
    // A sandboxed preload can't load modules: bundle everything but electron itself into one CommonJS file.
    esbuild({
      ...node,
      packages: undefined,
      external: ['electron'],
      format: 'cjs',
      entryPoints: [at('main/electron/preload.ts')],
      outfile: at('dist/electron/preload.cjs'),
    }),
  );
}
await Promise.all(jobs);
// The SigmaHQ rules every analysis runs by default, beside the bundles that find them (main/core/sigma/shipped.ts).
if (want('cli') || want('electron')) {
  await cp(at('rules/sigma'), at('dist/rules/sigma'), { recursive: true });
}
if (want('electron') && existsSync(at('main/electron/main.ts'))) {
  const { writeLicences } = await import('./licences.mjs');
  await writeLicences(root, at('dist/electron/licences.json'));
}

if (want('renderer') && existsSync(at('renderer/vite.config.ts'))) {
  const { build } = await import('vite');
  await build({ configFile: at('renderer/vite.config.ts'), logLevel: 'warn' });
}
