#!/usr/bin/env node
// gatewatch-analyzer: runs src/cli.ts through tsx.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
