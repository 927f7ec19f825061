// Vitest for the analyzer. Tests open a real embedded ClickHouse (chdb) and, for the Kafka source,
// a real broker; on a 2-core machine that takes seconds, so the timeouts are generous. Each test
// file runs in its own process (forks): chdb binds one data directory per process.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'analyzer',
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'forks',
    isolate: true,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
})
