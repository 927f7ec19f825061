import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeConfig, loadConfig } from './config.js'

const EXAMPLE = join(import.meta.dirname, '../gatewatch-collector.example.yaml')
const SECRETS = {
  GATEWATCH_HMAC_KEY: 'k'.repeat(32),
  GATEWATCH_INGEST_TOKEN: 'ingest-secret-4711',
  GATEWATCH_HTTP_INPUT_TOKEN: 'h'.repeat(32),
}

function yaml(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gw-config-')), 'c.yaml')
  writeFileSync(file, text)
  return file
}

const SINK = 'sink: { url: http://x:1 }\n'

describe('config', () => {
  it('the example config validates with every input type, secrets from the environment', () => {
    const c = loadConfig({ configFile: EXAMPLE, env: SECRETS })
    expect(c.collector_id).toBe('edge-1')
    expect(c.inputs.map((i) => [i.type, i.name])).toEqual([
      ['file', 'nginx'],
      ['stdin', 'piped'],
      ['http', 'kong'],
      ['syslog', 'edge-syslog'],
    ])
    expect(c.inputs[0]).toMatchObject({
      format: 'nginx-json',
      max_line_bytes: 65_536,
      paths: ['/var/log/nginx/access.json.log*'],
    })
    expect(c.sink?.url).toBe('http://127.0.0.1:8080')
    expect(c.metrics).toEqual({ enabled: true, listen: '127.0.0.1:9464', stalled_after_ms: 60_000 })
    expect(c.redact).toMatchObject({
      secret_params: ['signature_v2'],
      session_cookies: ['shop_sess'],
      keep_headers: ['content-type', 'accept', 'origin'],
    })
  })

  it('layers file, then environment, then flags; --input PATH|- stands for one file or stdin input', () => {
    const c = loadConfig({
      configFile: EXAMPLE,
      env: { ...SECRETS, GATEWATCH_SERVICE: 'from-env', GATEWATCH_COLLECTOR_ID: 'env-id' },
      flags: { collectorId: 'flag-id', input: '/logs/*.log', format: 'nginx-combined', once: true },
    })
    expect([c.collector_id, c.service, c.once]).toEqual(['flag-id', 'from-env', true])
    expect(c.inputs).toEqual([
      expect.objectContaining({
        type: 'file',
        name: 'file',
        paths: ['/logs/*.log'],
        format: 'nginx-combined',
        poll_interval_ms: 250,
      }),
    ])
    const stdin = loadConfig({
      env: SECRETS,
      flags: { input: '-', format: 'nginx-json', sink: 'kafka://127.0.0.1:9092' },
    })
    expect(stdin.inputs).toEqual([
      expect.objectContaining({ type: 'stdin', name: 'stdin', format: 'nginx-json' }),
    ])
    const fromEnv = loadConfig({
      env: {
        ...SECRETS,
        GATEWATCH_INPUT: '/a.log',
        GATEWATCH_FORMAT: 'nginx-json',
        GATEWATCH_SINK: 'http://x:1',
      },
    })
    expect(fromEnv.inputs[0]).toMatchObject({ type: 'file', paths: ['/a.log'] })
    expect(fromEnv.sink).toMatchObject({ batch_max_events: 2000, max_in_flight: 4 })
    expect(fromEnv.state_dir).toBe('.data/collector')
  })

  it('names inputs by type, type-N when a type repeats, and refuses a name used twice', () => {
    const c = loadConfig({
      configFile: yaml(
        `${SINK}inputs:\n  - { type: file, format: nginx-json, paths: [/a] }\n  - { type: file, format: nginx-json, paths: [/b] }\n  - { type: stdin, format: nginx-json }\n`,
      ),
      env: SECRETS,
    })
    expect(c.inputs.map((i) => i.name)).toEqual(['file-1', 'file-2', 'stdin'])
    expect(() =>
      loadConfig({
        configFile: yaml(
          `${SINK}inputs:\n  - { type: file, name: x, format: nginx-json, paths: [/a] }\n  - { type: stdin, name: x, format: nginx-json }\n`,
        ),
        env: SECRETS,
      }),
    ).toThrow('config key inputs[1].name "x" is already the name of inputs[0]')
  })

  it('names the key at fault inside a list of inputs', () => {
    const bad =
      (inputs: string, env = SECRETS) =>
      () =>
        loadConfig({ configFile: yaml(`${SINK}inputs:\n${inputs}`), env })
    expect(
      bad(
        '  - { type: file, format: nginx-json, paths: [/a] }\n  - { type: http, format: nginx-json, listen: "nowhere" }\n',
      ),
    ).toThrow('config key inputs[1].listen must match pattern')
    expect(bad('  - { type: file, format: nginx-json, paths: [/a], max_line_byte: 10 }\n')).toThrow(
      'unknown config key inputs[0].max_line_byte',
    )
    expect(bad('  - { type: file, format: nginx-yaml, paths: [/a] }\n')).toThrow(
      /config key inputs\[0\]\.format must be one of "nginx-json", "nginx-combined", .*"auto", "custom"/,
    )
    expect(
      bad('  - { type: file, format: apache, paths: [/a], parser: { apache: { log_format: "%h %Z" } } }\n'),
    ).toThrow('config key inputs[0].parser.apache.log_format uses %Z')
    expect(bad('  - { type: kafka, format: nginx-json }\n')).toThrow(
      'config key inputs[0].type must be one of "file", "stdin", "http", "syslog"',
    )
    expect(bad('  - { format: nginx-json }\n')).toThrow('missing config key inputs[0].type')
    expect(bad('  - { type: file, format: nginx-json }\n')).toThrow('missing config key inputs[0].paths')
    expect(bad('  - { type: syslog, format: nginx-json }\n')).toThrow(
      'missing config key inputs[0].udp or inputs[0].tcp',
    )
    expect(
      bad('  - { type: stdin, format: nginx-json }\n  - { type: stdin, name: b, format: nginx-json }\n'),
    ).toThrow('inputs[1].type: there is only one standard input')
    expect(
      bad('  - { type: http, format: nginx-json }\n', { ...SECRETS, GATEWATCH_HTTP_INPUT_TOKEN: 'short' }),
    ).toThrow('config key inputs[0].token_env: set the environment variable GATEWATCH_HTTP_INPUT_TOKEN')
    expect(() => loadConfig({ configFile: yaml(`${SINK}inputs: []\n`), env: SECRETS })).toThrow(
      'config key inputs must be a non-empty list',
    )
    expect(() =>
      loadConfig({ configFile: yaml(`${SINK}input: { path: /a, format: nginx-json }\n`), env: SECRETS }),
    ).toThrow('config key input was replaced by inputs')
    expect(() => loadConfig({ configFile: EXAMPLE, env: SECRETS, flags: { format: 'nginx-json' } })).toThrow(
      '--format applies to one input',
    )
  })

  it('names a bad value elsewhere and lists the allowed values', () => {
    const file = yaml(
      'inputs: [{ type: stdin, format: nginx-json }]\nsink: { url: http://x:1, batch_max_events: 0 }\n',
    )
    expect(() => loadConfig({ configFile: file, env: SECRETS })).toThrow('config key sink.batch_max_events')
    const metrics = yaml(`${SINK}inputs: [{ type: stdin, format: nginx-json }]\nmetrics: { listen: 9464 }\n`)
    expect(() => loadConfig({ configFile: metrics, env: SECRETS })).toThrow('config key metrics.listen')
  })

  it('names the redact key at fault', () => {
    const redact = (body: string) =>
      yaml(`${SINK}inputs: [{ type: stdin, format: nginx-json }]\nredact: ${body}\n`)
    const load = (body: string) => () => loadConfig({ configFile: redact(body), env: SECRETS })
    expect(load('{ keep_headers: [content-type, "x note"] }')).toThrow('config key redact.keep_headers[1]')
    expect(load('{ token_schemes: ["Bad Scheme"] }')).toThrow('config key redact.token_schemes[0]')
    expect(load('{ keep_headers: [accept, accept] }')).toThrow('config key redact.keep_headers')
    expect(load('{ extra_query_params: [a] }')).toThrow('unknown config key redact.extra_query_params')
    const defaults = loadConfig({ configFile: redact('{}'), env: SECRETS }).redact
    expect(defaults).toEqual({
      token_schemes: [],
      api_key_schemes: [],
      api_key_headers: [],
      api_key_params: [],
      token_params: [],
      secret_params: [],
      session_cookies: [],
      keep_headers: [],
    })
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
    expect(() => loadConfig({ env: SECRETS })).toThrow('missing config key inputs')
    const dry = loadConfig({ env: {}, flags: { input: '/a', format: 'nginx-json', dryRun: true } })
    expect([dry.dry_run, dry.once]).toEqual([true, true])
  })

  it('describes what would run without a secret', () => {
    const env = { ...SECRETS, GATEWATCH_SINK: 'https://user:pa55word@analyzer:8443' }
    const d = describeConfig(loadConfig({ configFile: EXAMPLE, env }))
    expect(d.sink).toBe('https://analyzer:8443')
    expect(d.inputs[2]).toEqual({
      name: 'kong',
      type: 'http',
      format: 'kong',
      listen: '127.0.0.1:8088',
      path: '/kong',
      token_env: 'GATEWATCH_HTTP_INPUT_TOKEN',
    })
    expect(d.redact.keep_headers).toEqual(['content-type', 'accept', 'origin'])
    const text = JSON.stringify(d)
    for (const secret of [...Object.values(SECRETS), 'pa55word']) expect(text).not.toContain(secret)
  })

  it('says when the file is not YAML or not a mapping', () => {
    expect(() => loadConfig({ configFile: yaml('inputs: [unclosed'), env: SECRETS })).toThrow(
      'is not valid YAML',
    )
    expect(() => loadConfig({ configFile: yaml('- a\n- b\n'), env: SECRETS })).toThrow(
      'must hold a YAML mapping',
    )
  })
})
