import { defineConfig } from 'vitest/config';

// Three projects, one per loop (README "Tests"): `unit` needs nothing but Node; `server`
// runs both stores (a PostgreSQL test server is started when none is named); `e2e` builds
// the app once and drives Debian's Chromium against the real server.
export default defineConfig({
  test: {
    // CLI and browser tests start real processes; the 2-core CI machine is slower than a laptop.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/reporters/summaryLine.ts'],
    // Both cores for the unit files. Then the server files, then the browser files, each group
    // one file at a time in one fork: they start servers and check liveness, which two at once
    // on 2 cores would skew.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', sequence: { groupOrder: 0 }, include: ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/app/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'server',
          sequence: { groupOrder: 1 },
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['./test/setup/postgres.ts'],
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['./test/setup/e2eBuild.ts'],
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
