// Vitest settings for the schema package (also a project of the root workspace run).
import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { name: 'schema', include: ['src/**/*.test.ts'] } })
