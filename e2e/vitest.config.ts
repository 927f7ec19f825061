// Whole-system tests start real processes (a Kafka JVM, the collector and analyzer bins, a browser):
// one file at a time, each in its own process, with timeouts measured in minutes.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    // Runs after every other project, alone: its JVMs and browser need the whole machine.
    sequence: { groupOrder: 1 },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    teardownTimeout: 60_000,
  },
})
