// The analyzer config: the example file validates, layers override in order, errors name the key.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, parseConfig } from './config.js'
import { tempDir } from './testing/index.js'

const example = new URL('../gatewatch-analyzer.example.yaml', import.meta.url).pathname
const dir = tempDir()
afterAll(() => dir.remove())

function yamlFile(text: string): string {
  const file = join(dir.path, `c${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(file, text)
  return file
}

describe('analyzer config', () => {
  it('validates the example config file', () => {
    const config = loadConfig({ file: example, env: {} })
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      data_dir: '.data/clickhouse',
      retention_days: 30,
      ingest: { max_body_bytes: 16 * 1024 * 1024, max_event_bytes: 65536 },
      kafka: { brokers: ['127.0.0.1:9092'], topic: 'gatewatch.access.v1', group_id: 'gatewatch-analyzer' },
      log_level: 'info',
    })
  })

  it('fills defaults for an empty config and has no Kafka source unless asked', () => {
    const config = parseConfig({})
    expect(config.port).toBe(8080)
    expect(config.ingest.max_body_bytes).toBe(16 * 1024 * 1024)
    expect(config.kafka).toBeUndefined()
    expect(config.admin_token).toBeUndefined()
  })

  it('lets the environment override the file and flags override both', () => {
    const file = yamlFile('port: 9000\ndata_dir: /from/file\n')
    const env = {
      GATEWATCH_PORT: '9100',
      GATEWATCH_ADMIN_TOKEN: 'a'.repeat(20),
      CLICKHOUSE_URL: 'http://ch:8123',
    }
    const fromEnv = loadConfig({ file, env })
    expect(fromEnv).toMatchObject({ port: 9100, data_dir: '/from/file', clickhouse_url: 'http://ch:8123' })
    expect(fromEnv.admin_token).toBe('a'.repeat(20))
    const fromFlags = loadConfig({
      file,
      env,
      flags: { port: '0', dataDir: '/from/flag', kafka: '127.0.0.1:9092,127.0.0.1:9093', groupId: 'g2' },
    })
    expect(fromFlags).toMatchObject({
      port: 0,
      data_dir: '/from/flag',
      kafka: { brokers: ['127.0.0.1:9092', '127.0.0.1:9093'], group_id: 'g2', topic: 'gatewatch.access.v1' },
    })
  })

  it('names an unknown key, a wrong type and a bad value', () => {
    expect(() => loadConfig({ file: yamlFile('prot: 8080\n'), env: {} })).toThrow(/unknown key 'prot'/)
    expect(() => loadConfig({ file: yamlFile('ingest:\n  max_body: 1\n'), env: {} })).toThrow(
      /ingest: unknown key 'max_body'/,
    )
    expect(() => loadConfig({ file: yamlFile('port: eighty\n'), env: {} })).toThrow(/port: /)
    expect(() => loadConfig({ env: { GATEWATCH_PORT: '70000' } })).toThrow(/port: /)
    expect(() => loadConfig({ env: { GATEWATCH_ADMIN_TOKEN: 'short' } })).toThrow(/admin_token: /)
    expect(() => loadConfig({ flags: { kafka: 'no-port-here' }, env: {} })).toThrow(/kafka\.brokers\.0: /)
    expect(() => loadConfig({ file: yamlFile('- a\n- b\n'), env: {} })).toThrow(ConfigError)
    expect(() => loadConfig({ file: join(dir.path, 'missing.yaml'), env: {} })).toThrow(
      /cannot read config file/,
    )
  })

  it('refuses --group-id without Kafka brokers', () => {
    expect(() => loadConfig({ flags: { groupId: 'g' }, env: {} })).toThrow(/--group-id needs --kafka/)
  })
})
