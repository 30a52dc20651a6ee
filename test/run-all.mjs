#!/usr/bin/env node
// `npm test`: build, typecheck, lint, the electronegativity scan of the Electron code, unit + integration tests
// (vitest, real DuckDB files and archives), end-to-end tests (Playwright in Debian's Chromium against the loopback
// host), the Electron tests (they skip, saying why, where the Electron runtime is not installed) and the offline
// packaging check (electron-builder --linux dir against a local Electron stand-in). Ends with one line:
// "tests: N passed, N failed, N skipped" (the scan and the packaging check count as one test each).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const counts = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function step(name, cmd, args, env = {}) {
  process.stderr.write(`\n=== ${name}: ${[path.basename(cmd), ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedSteps.push(`${name} (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

step('build', process.execPath, ['build/build.mjs']);
step('typecheck', bin('tsc'), ['-b']);
step('lint', bin('eslint'), ['.']);
step('format', bin('prettier'), ['--check', '.']);

/** A check that is a whole step (a script): one test, passed or failed. */
function checkStep(name, script) {
  if (step(name, process.execPath, [script])) counts.passed++;
  else counts.failed++;
}
checkStep('electronegativity', 'build/electronegativity-scan.mjs');

const vitestJson = path.join(results, 'vitest.json');
step('unit and integration', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestJson}`,
]);
const v = readJson(vitestJson);
if (v) {
  counts.passed += v.numPassedTests ?? 0;
  counts.failed += v.numFailedTests ?? 0;
  counts.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}

for (const [name, config] of [
  ['end-to-end', 'test/e2e/playwright.config.ts'],
  ['electron', 'test/electron/playwright.config.ts'],
]) {
  if (!existsSync(path.join(root, config))) continue;
  const out = path.join(results, `${name}.json`);
  step(name, bin('playwright'), ['test', '-c', config, '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const s = readJson(out)?.stats;
  if (s) {
    counts.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    counts.failed += s.unexpected ?? 0;
    counts.skipped += s.skipped ?? 0;
  }
}

checkStep('packaging', 'build/packaging-check.mjs');

if (failedSteps.length) process.stderr.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
if (failedSteps.length && counts.failed === 0) counts.failed = failedSteps.length;
process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(failedSteps.length ? 1 : 0);
