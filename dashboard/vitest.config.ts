// Unit tests of the dashboard's pure helpers; they run in Node without a DOM.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { name: 'dashboard', include: ['src/**/*.test.ts'], environment: 'node' },
})
