import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

const EXAMPLE = join(import.meta.dirname, '../gatewatch-collector.example.yaml')
const SECRETS = { GATEWATCH_HMAC_KEY: 'k'.repeat(32), GATEWATCH_INGEST_TOKEN: 'token' }

function yaml(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gw-config-')), 'c.yaml')
  writeFileSync(file, text)
  return file
}

describe('config', () => {
  it('the example config validates, with secrets from the environment', () => {
    const c = loadConfig({ configFile: EXAMPLE, env: SECRETS })
    expect(c.collector_id).toBe('edge-1')
    expect(c.input).toMatchObject({ format: 'nginx-json', max_line_bytes: 65_536 })
    expect(c.sink?.url).toBe('http://127.0.0.1:8080')
    expect(c.redact.extra_query_params).toEqual(['signature_v2'])
  })

  it('layers file, then environment, then flags, and fills defaults', () => {
    const c = loadConfig({
      configFile: EXAMPLE,
      env: { ...SECRETS, GATEWATCH_SERVICE: 'from-env', GATEWATCH_COLLECTOR_ID: 'env-id' },
      flags: { collectorId: 'flag-id', format: 'nginx-combined', once: true },
    })
    expect([c.collector_id, c.service, c.input.format, c.once]).toEqual([
      'flag-id',
      'from-env',
      'nginx-combined',
      true,
    ])
    const minimal = loadConfig({
      env: SECRETS,
      flags: { input: '/tmp/a.log', format: 'nginx-json', sink: 'kafka://127.0.0.1:9092' },
    })
    expect(minimal.sink).toMatchObject({ batch_max_events: 2000, max_in_flight: 4 })
    expect(minimal.state_dir).toBe('.data/collector')
  })

  it('names an unknown key', () => {
    const file = yaml(
      'input: { path: /a, format: nginx-json, max_line_byte: 10 }\nsink: { url: http://x:1 }\n',
    )
    expect(() => loadConfig({ configFile: file, env: SECRETS })).toThrow(
      'unknown config key input.max_line_byte',
    )
  })

  it('names a bad value and lists the allowed formats', () => {
    expect(() =>
      loadConfig({ env: SECRETS, flags: { input: '/a', format: 'nginx-yaml', sink: 'http://x:1' } }),
    ).toThrow(/config key input\.format must be one of "nginx-json", "nginx-combined", .*"auto", "custom"/)
    const file = yaml(
      'input: { path: /a, format: nginx-json }\nsink: { url: http://x:1, batch_max_events: 0 }\n',
    )
    expect(() => loadConfig({ configFile: file, env: SECRETS })).toThrow('config key sink.batch_max_events')
  })

  it('requires the HMAC key and a sink unless --dry-run', () => {
    const flags = { input: '/a', format: 'nginx-json', sink: 'kafka://127.0.0.1:9092' }
    expect(() => loadConfig({ env: {}, flags })).toThrow('GATEWATCH_HMAC_KEY')
    expect(() => loadConfig({ env: SECRETS, flags: { input: '/a', format: 'nginx-json' } })).toThrow(
      'sink.url',
    )
    expect(() =>
      loadConfig({ env: { GATEWATCH_HMAC_KEY: 'k'.repeat(32) }, flags: { ...flags, sink: 'http://x:1' } }),
    ).toThrow('GATEWATCH_INGEST_TOKEN')
    const dry = loadConfig({ env: {}, flags: { input: '/a', format: 'nginx-json', dryRun: true } })
    expect([dry.dry_run, dry.once]).toEqual([true, true])
  })

  it('says when the file is not YAML or not a mapping', () => {
    expect(() => loadConfig({ configFile: yaml('input: [unclosed'), env: SECRETS })).toThrow(
      'is not valid YAML',
    )
    expect(() => loadConfig({ configFile: yaml('- a\n- b\n'), env: SECRETS })).toThrow(
      'must hold a YAML mapping',
    )
  })
})
