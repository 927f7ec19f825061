// Vitest settings of the collector package (also used as a project of the root workspace run).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'collector',
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
})
