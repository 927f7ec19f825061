#!/usr/bin/env node
// Entry point: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
