import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the checkout: real third-party samples. Tests that need it skip, saying so, when it is absent. */
export const SHARED = path.resolve(REPO, '../shared');
export const SAMPLES = path.join(SHARED, 'samples');
export const HAVE_SAMPLES = existsSync(path.join(SAMPLES, 'SOURCES.md'));
if (!HAVE_SAMPLES) console.warn(`[skip] ../shared/samples not found at ${SAMPLES}: tests on real samples are skipped`);

export function tempDir(prefix = 'trailmark-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}
