// Runs a whole collector in the test process from a YAML config, as an operator would write it,
// and gives tests its bound addresses and a way to stop it.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CollectorConfig, loadConfig } from '../config.js'
import type { HttpInput } from '../inputs/http/index.js'
import type { SyslogInput } from '../inputs/syslog/index.js'
import { silentLogger } from '../log.js'
import type { CollectorMetrics } from '../metrics.js'
import { type Collector, type CollectorDeps, createCollector } from '../pipeline.js'

export const TEST_HMAC_KEY = 'collector-test-hmac-key-0123456789'
export const HTTP_INPUT_TOKEN = 'http-input-test-token-0123456789'

export interface RunningCollector {
  collector: Collector
  config: CollectorConfig
  running: Promise<CollectorMetrics>
  http(name?: string): HttpInput
  syslog(name?: string): SyslogInput
  stop(): Promise<CollectorMetrics>
}

export async function startCollector(
  yaml: string,
  env: NodeJS.ProcessEnv = {},
  deps: CollectorDeps = {},
): Promise<RunningCollector> {
  const file = join(mkdtempSync(join(tmpdir(), 'gw-collector-')), 'collector.yaml')
  writeFileSync(file, yaml)
  const fullEnv = { GATEWATCH_HMAC_KEY: TEST_HMAC_KEY, GATEWATCH_HTTP_INPUT_TOKEN: HTTP_INPUT_TOKEN, ...env }
  const config = loadConfig({ configFile: file, env: fullEnv })
  const collector = createCollector(config, { log: silentLogger, env: fullEnv, ...deps })
  const running = collector.run()
  running.catch(() => undefined)
  await Promise.race([collector.ready(), running])
  const find = <T>(type: string, name?: string) => {
    const input = collector.inputs.find((i) => i.type === type && (name === undefined || i.name === name))
    if (!input) throw new Error(`no ${type} input ${name ?? ''}`)
    return input as T
  }
  return {
    collector,
    config,
    running,
    http: (name) => find<HttpInput>('http', name),
    syslog: (name) => find<SyslogInput>('syslog', name),
    stop() {
      collector.stop()
      return running
    },
  }
}

export async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
