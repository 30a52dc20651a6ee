import { defineConfig, devices } from '@playwright/test';

// End-to-end: the built renderer in Debian's Chromium against `trailmark serve` on a real demo case.
// Run: npx playwright test -c test/e2e/playwright.config.ts   (never `npx playwright install`: it downloads)
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  // Two cores and a real DuckDB behind the page: be patient.
  timeout: 120_000,
  globalTimeout: 25 * 60_000,
  expect: { timeout: 20_000 },
  use: {
    headless: true,
    viewport: { width: 1600, height: 960 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1600, height: 960 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-dev-shm-usage',
          ],
        },
      },
    },
  ],
});
