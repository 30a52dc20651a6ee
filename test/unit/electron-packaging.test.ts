// The packaging check's inspection (build/packaging-check.mjs, a step of `npm test` that runs electron-builder) must be
// able to fail: a hand-made app folder with a real asar archive that lacks the DuckDB binding and still has Electron's
// shipped fuses is refused. (The Electron runtime can't be downloaded here: the executable is the check's stand-in.)
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAppDir, makeElectronStandIn } from '../../build/packaging-check.mjs';
import { REPO, tempDir } from '../helpers/paths';

const asar = createRequire(path.join(REPO, 'package.json'))('@electron/asar') as {
  createPackage(src: string, dest: string): Promise<unknown>;
  getRawHeader(archive: string): { header: AsarEntry; headerSize: number };
};
interface AsarEntry {
  files?: Record<string, AsarEntry>;
  offset?: string;
  size?: number;
}

/** Where the last packed file of an archive's header ends, counted from the start of its contents. */
const contentEnd = (e: AsarEntry): number =>
  Math.max(
    e.offset === undefined ? 0 : Number(e.offset) + (e.size ?? 0),
    ...Object.values(e.files ?? {}).map(contentEnd),
  );

/**
 * @electron/asar 3.4's createPackage resolves as it ends its write stream, before the stream has flushed: under
 * load the check then read a package.json of NUL bytes (a failed .ci/run). Waits for the archive's last byte.
 */
async function packed(archive: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      const { header, headerSize } = asar.getRawHeader(archive);
      if ((await stat(archive)).size >= 8 + headerSize + contentEnd(header)) return;
    } catch {
      // the header itself is not written yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${archive} was never written to its end`);
}

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('packaging check', () => {
  it('refuses an app without the unpacked DuckDB binding, with dev dependencies, and with fuses left as shipped', async () => {
    dir = await tempDir('trailmark-pack-');
    const app = path.join(dir, 'app');
    const src = path.join(dir, 'src');
    await makeElectronStandIn(app, '41.7.1');
    await rename(path.join(app, 'electron'), path.join(app, 'trailmark-desktop'));
    await mkdir(path.join(src, 'dist', 'electron'), { recursive: true });
    await mkdir(path.join(src, 'node_modules', 'vite'), { recursive: true });
    await writeFile(path.join(src, 'package.json'), JSON.stringify({ name: 'x', main: 'dist/electron/main.mjs' }));
    await writeFile(path.join(src, 'dist', 'electron', 'main.mjs'), '');
    await writeFile(path.join(src, 'node_modules', 'vite', 'package.json'), '{}');
    await mkdir(path.join(app, 'resources'));
    await asar.createPackage(src, path.join(app, 'resources', 'app.asar'));
    await packed(path.join(app, 'resources', 'app.asar'));

    const { problems, seen } = await checkAppDir(app);
    const text = problems.join('\n');
    expect(text).toContain('app.asar lacks /dist/electron/preload.cjs');
    expect(text).toContain('lacks the production dependency @duckdb/node-api');
    expect(text).toContain('development dependency vite');
    expect(text).toContain('no DuckDB binding');
    expect(text).toContain('fuse RunAsNode is ENABLE');
    expect(text).not.toContain('no executable');
    expect(seen.fuses).toMatchObject({ RunAsNode: 'ENABLE', OnlyLoadAppFromAsar: 'DISABLE' });
  });
});
