import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // better-sqlite3 and big fixtures: forks isolate native handles per file.
    pool: 'forks',
    env: { TZ: 'America/Los_Angeles' },
    globalSetup: ['test/build-node.ts'],
  },
});
