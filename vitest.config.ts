import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests start real processes; the 2-core CI machine is slower than a laptop.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
