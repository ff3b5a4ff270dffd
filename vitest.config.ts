import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI and browser tests start real processes; the 2-core CI machine is slower than a laptop.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/reporters/summaryLine.ts'],
    globalSetup: ['./test/setup/postgres.ts'],
  },
});
