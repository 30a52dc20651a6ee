// Is the Electron runtime (the binary, not just the npm package's types) installed here? Shared by build/start.mjs
// and the Playwright smoke test (test/electron/smoke.spec.ts) so both decide the same way. Plain Node, no deps.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MAIN_BUNDLE = path.join(ROOT, 'dist', 'electron', 'main.mjs');

export const NOT_INSTALLED = 'Electron runtime not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)';

/**
 * Finds the Electron binary the way the electron package's index.js does (node_modules/electron/path.txt names it
 * under node_modules/electron/dist; ELECTRON_OVERRIDE_DIST_PATH replaces that folder), without throwing.
 * @returns {{ available: true, executable: string, reason: null, detail: null }
 *   | { available: false, executable: null, reason: string, detail: string }}
 */
export function findElectronRuntime(root = ROOT, env = process.env) {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return {
      available: false,
      executable: null,
      reason: 'Electron not installed',
      detail: `the electron npm package is not in ${path.join(root, 'node_modules')}`,
    };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const named = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (!named && !env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { available: false, executable: null, reason: NOT_INSTALLED, detail: `no ${path.relative(root, pathFile)}` };
  }
  const executable = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, named || 'electron')
    : path.join(pkgDir, 'dist', named);
  if (!existsSync(executable)) {
    const detail = `${path.relative(root, executable)} does not exist`;
    return { available: false, executable: null, reason: NOT_INSTALLED, detail };
  }
  return { available: true, executable, reason: null, detail: null };
}

/** Linux (and the BSDs) need an X11 or Wayland display for a window; macOS and Windows always have one. */
export function hasDisplay(platform = process.platform, env = process.env) {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * The app argument for the electron binary: the checkout itself when package.json's "main" is the bundled main
 * (Electron then takes the app's name and version from package.json), else the bundle's path directly.
 */
export function electronAppPath(root = ROOT) {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    if (
      typeof pkg.main === 'string' &&
      path.resolve(root, pkg.main) === path.join(root, 'dist', 'electron', 'main.mjs')
    )
      return root;
  } catch {
    // fall through to the bundle's path
  }
  return path.join(root, 'dist', 'electron', 'main.mjs');
}

/** An environment for the Electron child: never ELECTRON_RUN_AS_NODE (it would run the binary as plain Node). */
export function electronEnv(env = process.env) {
  const { ELECTRON_RUN_AS_NODE: _drop, ...rest } = env;
  return rest;
}
