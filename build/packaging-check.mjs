#!/usr/bin/env node
// Proves build/electron-builder.yml offline (a step of `npm test`): runs `electron-builder --linux dir` against a local
// stand-in for the Electron distribution (electronDist; the real one is a download), then opens the result and checks
// that the app is where Electron will look for it: resources/app.asar with our bundles and the production
// dependencies (and no development ones), the DuckDB native binding unpacked beside it, no auto-update feed, and the
// fuses flipped in the executable. `npm run dist` builds the real installers where the network is available.
//
// The stand-in holds what electron-builder reads or copies from an Electron dist on Linux: the `electron` executable
// (here a shell script that only says what it is, carrying Electron's fuse wire so the fuses can be flipped and read
// back), `version`, `LICENSE` and `LICENSES.chromium.html`.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const asar = require('@electron/asar');
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
// A fuse's state is one byte of the wire: '0' off, '1' on ('r' removed).
const FuseState = { DISABLE: 48, ENABLE: 49, 48: 'DISABLE', 49: 'ENABLE', 114: 'REMOVED' };

const NEEDED = [
  'dist/electron/main.mjs',
  'dist/electron/preload.cjs',
  'dist/electron/core-process.mjs',
  'dist/electron/licences.json',
  'dist/renderer/index.html',
  // The SigmaHQ rules every analysis runs by default, with their licence and credits.
  'dist/rules/sigma/LICENSE.Detection.Rules.md',
  'dist/rules/sigma/SOURCES.md',
  'dist/rules/sigma/rules/cloud/aws/cloudtrail/aws_cloudtrail_disable_logging.yml',
];

/** Electron's own fuse wire as shipped (V1, 8 fuses): run as node, NODE_OPTIONS, --inspect and file:// privileges on, the rest off */
const SHIPPED_FUSES = '10110001';

export async function makeElectronStandIn(dir, version) {
  await mkdir(dir, { recursive: true });
  const sentinel = Buffer.concat([
    Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
    Buffer.from([1, SHIPPED_FUSES.length]),
    Buffer.from(SHIPPED_FUSES),
  ]);
  const script = Buffer.from(
    '#!/bin/sh\necho "a stand-in for Electron made by build/packaging-check.mjs" >&2\nexit 1\n# ',
  );
  await writeFile(path.join(dir, 'electron'), Buffer.concat([script, sentinel, Buffer.from('\n')]));
  chmodSync(path.join(dir, 'electron'), 0o755);
  await writeFile(path.join(dir, 'version'), `${version}`);
  await writeFile(path.join(dir, 'LICENSE'), 'Electron stand-in (MIT)\n');
  await writeFile(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
}

function fail(problems, message) {
  problems.push(message);
}

/** The checks on an unpacked Linux app folder; returns a list of problems (empty: all good) and what was seen. */
export async function checkAppDir(appDir, executableName = 'trailmark-desktop') {
  const problems = [];
  const seen = {};
  const exe = path.join(appDir, executableName);
  if (!existsSync(exe)) fail(problems, `no executable ${executableName}`);
  const archive = path.join(appDir, 'resources', 'app.asar');
  if (!existsSync(archive)) {
    fail(problems, 'no resources/app.asar');
    return { problems, seen };
  }
  const files = asar.listPackage(archive, { isPack: false }).map((f) => f.split(path.sep).join('/'));
  const has = (f) => files.includes(f);
  seen.asarEntries = files.length;
  for (const f of NEEDED) if (!has(`/${f}`)) fail(problems, `app.asar lacks /${f}`);
  for (const dep of ['@duckdb/node-api', 'zod', 'yauzl', 'tar-stream']) {
    if (!has(`/node_modules/${dep}/package.json`)) fail(problems, `app.asar lacks the production dependency ${dep}`);
  }
  for (const dev of ['electron', 'vite', 'vitest', 'typescript', 'react', '@playwright/test', 'electron-builder']) {
    if (has(`/node_modules/${dev}/package.json`)) fail(problems, `app.asar holds the development dependency ${dev}`);
  }
  if (files.some((f) => f.startsWith('/dist/') && f.endsWith('.map'))) fail(problems, 'app.asar holds our source maps');
  if (files.some((f) => f.startsWith('/dist/bench'))) fail(problems, 'app.asar holds the bench');
  const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  if (pkg.main !== 'dist/electron/main.mjs') fail(problems, `package.json main is ${pkg.main}`);

  // The DuckDB binding: marked unpacked in the archive and present as real files beside it.
  const bindings = files.filter((f) => /^\/node_modules\/@duckdb\/node-bindings-[^/]+\/[^/]+\.node$/.test(f));
  seen.bindings = bindings;
  if (bindings.length === 0) fail(problems, 'app.asar lists no DuckDB binding (@duckdb/node-bindings-*/*.node)');
  for (const b of bindings) {
    const entry = asar.statFile(archive, b.slice(1));
    if (!entry.unpacked) fail(problems, `${b} is packed in app.asar; it must be unpacked to load`);
    const onDisk = path.join(appDir, 'resources', 'app.asar.unpacked', ...b.slice(1).split('/'));
    if (!existsSync(onDisk) || statSync(onDisk).size === 0) fail(problems, `${onDisk} is missing`);
    const libs = readdirSync(path.dirname(onDisk)).filter((f) => /duckdb\.(so|dylib|dll)$/.test(f));
    if (libs.length === 0) fail(problems, `no libduckdb shared library beside ${onDisk}`);
  }
  const unpackedMain = path.join(appDir, 'resources', 'app.asar.unpacked', 'dist');
  if (existsSync(unpackedMain)) fail(problems, 'our own bundles were unpacked from app.asar');

  // No auto-update: electron-builder writes resources/app-update.yml only when there is a publish feed.
  if (existsSync(path.join(appDir, 'resources', 'app-update.yml'))) fail(problems, 'resources/app-update.yml exists');

  // The fuses.
  if (existsSync(exe)) {
    const wire = await getCurrentFuseWire(exe);
    const want = {
      RunAsNode: FuseState.DISABLE,
      EnableCookieEncryption: FuseState.ENABLE,
      EnableNodeOptionsEnvironmentVariable: FuseState.DISABLE,
      EnableNodeCliInspectArguments: FuseState.DISABLE,
      EnableEmbeddedAsarIntegrityValidation: FuseState.ENABLE,
      OnlyLoadAppFromAsar: FuseState.ENABLE,
      GrantFileProtocolExtraPrivileges: FuseState.DISABLE,
    };
    seen.fuses = {};
    for (const [name, state] of Object.entries(want)) {
      const got = wire[FuseV1Options[name]];
      seen.fuses[name] = FuseState[got];
      if (got !== state) fail(problems, `fuse ${name} is ${FuseState[got]}, want ${FuseState[state]}`);
    }
  }
  return { problems, seen };
}

async function main() {
  if (NEEDED.some((f) => !existsSync(path.join(root, f)))) {
    const b = spawnSync(process.execPath, [path.join(root, 'build', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) process.exit(1);
  }
  const version = JSON.parse(await readFile(require.resolve('electron/package.json'), 'utf8')).version;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'trailmark-packaging-'));
  try {
    const dist = path.join(tmp, 'electron-dist');
    const out = path.join(tmp, 'out');
    // electron-builder reads the checkout as it is (its real node_modules, so npm's view of the dependency tree is
    // the one a packager gets) and writes only to the temporary output folder.
    const project = root;
    await makeElectronStandIn(dist, version);
    const started = Date.now();
    const r = spawnSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--config',
        'build/electron-builder.yml',
        '--projectDir',
        project,
        '--linux',
        'dir',
        '--x64',
        `-c.electronDist=${dist}`,
        `-c.electronVersion=${version}`,
        `-c.directories.output=${out}`,
      ],
      { cwd: project, stdio: 'inherit' },
    );
    if (r.status !== 0) {
      process.stdout.write(`packaging check: electron-builder failed (exit ${r.status ?? r.signal})\n`);
      process.exit(1);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const { problems, seen } = await checkAppDir(path.join(out, 'linux-unpacked'));
    process.stdout.write(
      `packaging check: electron-builder --linux dir in ${seconds}s; app.asar has ${seen.asarEntries} entries; ` +
        `unpacked: ${(seen.bindings ?? []).join(', ')}; fuses: ${JSON.stringify(seen.fuses ?? {})}\n`,
    );
    for (const p of problems) process.stdout.write(`  PROBLEM: ${p}\n`);
    if (problems.length > 0) process.exit(1);
    process.stdout.write('packaging check: ok\n');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
