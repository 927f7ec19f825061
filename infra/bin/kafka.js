#!/usr/bin/env node
// Fetches, starts and stops the local Apache Kafka broker: `kafka fetch|start|stop|status`.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
