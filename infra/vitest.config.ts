// Infra tests start real JVMs; a cold Kafka start on two cores takes seconds, so timeouts are generous.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'infra',
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
