// Vitest settings for the simulator, so `npx vitest run` here runs only this package. Tests that
// generate tens of thousands of requests take a second alone and several on a loaded 2-core
// machine, so the timeout is generous.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { name: 'simulator', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
})
