// The licences of the bundled components, for Help → About: the production dependencies (shipped in the app's
// node_modules) and the packages the renderer and the preload import (bundled into dist/), each with everything they
// depend on, read from node_modules' package.json files. Written to dist/electron/licences.json by build.mjs.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

const readPkg = (dir) => {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
};

function licenceOf(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(' OR ');
  return 'UNKNOWN';
}

/** Where `name` resolves from `fromDir` (Node's lookup: node_modules folders upwards). */
function resolvePkgDir(name, fromDir, root) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

/** Bare package names imported by the .ts/.tsx files under `dir`. */
export function importedPackages(dir) {
  const names = new Set();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) {
        for (const m of readFileSync(p, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'".][^'"]*)['"]/g)) {
          const spec = m[1];
          if (spec.startsWith('node:') || spec === 'electron') continue;
          const parts = spec.split('/');
          names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
        }
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return [...names];
}

/** Every package reachable from `names` through dependencies (and installed optional dependencies). */
export function collectComponents(root, names) {
  const seen = new Map();
  const queue = names.map((name) => [name, root]);
  while (queue.length > 0) {
    const [name, from] = queue.shift();
    const dir = resolvePkgDir(name, from, root);
    if (!dir) continue;
    const pkg = readPkg(dir);
    if (!pkg) continue;
    const key = `${pkg.name}@${pkg.version}`;
    if (seen.has(key)) continue;
    seen.set(key, { name: pkg.name, version: pkg.version, license: licenceOf(pkg) });
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) queue.push([dep, dir]);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

export async function writeLicences(root, outFile) {
  const app = readPkg(root);
  const names = new Set([
    ...Object.keys(app.dependencies ?? {}),
    ...importedPackages(path.join(root, 'renderer', 'src')),
    ...importedPackages(path.join(root, 'shared')),
  ]);
  const components = collectComponents(root, [...names]);
  await writeFile(outFile, `${JSON.stringify(components, null, 1)}\n`);
  return components;
}
