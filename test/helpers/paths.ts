import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duck } from '../../main/core/db/duck';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the checkout: real third-party samples. Tests that need it skip, saying so, when it is absent. */
export const SHARED = path.resolve(REPO, '../shared');
export const SAMPLES = path.join(SHARED, 'samples');
export const HAVE_SAMPLES = existsSync(path.join(SAMPLES, 'SOURCES.md'));
if (!HAVE_SAMPLES) console.warn(`[skip] ../shared/samples not found at ${SAMPLES}: tests on real samples are skipped`);

const made = new Set<string>();

/** A fresh temp folder, removed when the test file ends (test/helpers/temp-cleanup.ts, a vitest setup file). */
export async function tempDir(prefix = 'trailmark-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file, once no case in them is still closing. */
export async function removeTempDirs(): Promise<void> {
  const dirs = [...made];
  made.clear();
  await Duck.allClosed();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true, maxRetries: 3 })));
}
