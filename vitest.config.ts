import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/robustness/**/*.test.ts',
      'renderer/src/**/*.test.{ts,tsx}',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/helpers/build-cli.ts'],
    setupFiles: ['test/helpers/temp-cleanup.ts'],
  },
});
