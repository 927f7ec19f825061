// Vitest settings for the simulator, so `npx vitest run` here runs only this package.
import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { name: 'simulator', include: ['src/**/*.test.ts'] } })
