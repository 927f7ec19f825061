// One Vitest run over every package, so the test command prints one summary.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: ['infra', 'schema', 'collector', 'analyzer', 'simulator', 'dashboard', 'e2e'],
  },
})
