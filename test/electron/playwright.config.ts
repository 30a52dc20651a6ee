import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));

// The Electron smoke test (DESIGN §8): `npx playwright test -c test/electron/playwright.config.ts`. It skips, saying
// why, where the Electron runtime is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD) or there is no display.
export default defineConfig({
  testDir: here,
  testMatch: /.*\.spec\.ts$/,
  reporter: 'list',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  outputDir: path.resolve(here, '../../test-results/electron'),
});
