import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config.js'
import { ParserConfigError } from './config.js'
import {
  createParser,
  getParser,
  INPUT_FORMATS,
  LOG_FORMATS,
  parseLine,
  parsers,
  validateParserOptions,
} from './registry.js'

const ENV = { GATEWATCH_HMAC_KEY: 'registry-test-hmac-key-0123456789' }
const STATEFUL = ['apache', 'iis-w3c']

describe('the format registry', () => {
  it('offers every format the collector reads, plus auto and custom for the input config', () => {
    expect(LOG_FORMATS).toEqual([
      'nginx-json',
      'nginx-combined',
      'apache-combined',
      'apache-common',
      'apache',
      'envoy',
      'envoy-json',
      'kong',
      'aws-apigw',
      'aws-alb',
      'traefik-json',
      'caddy-json',
      'haproxy',
      'iis-w3c',
    ])
    expect(INPUT_FORMATS).toEqual([...LOG_FORMATS, 'auto', 'custom'])
  })

  it('getParser gives the shared parser of each stateless format, and refuses the stateful ones', () => {
    for (const format of LOG_FORMATS) {
      if (STATEFUL.includes(format)) {
        expect(() => getParser(format)).toThrow(
          `log format "${format}" keeps per-source state or needs options`,
        )
      } else {
        expect(getParser(format)).toBe(parsers[format].shared)
        expect(getParser(format).format).toBe(format)
      }
    }
    expect(() => getParser('nginx-yaml')).toThrow(
      /unknown log format "nginx-yaml"; known formats: nginx-json, .*auto, custom/,
    )
    expect(parseLine('nginx-combined', '')).toEqual({ ok: 'skip' })
  })

  it('createParser gives each source its own parser where a format keeps state', () => {
    expect(createParser('iis-w3c')).not.toBe(createParser('iis-w3c'))
    expect(createParser('auto')).not.toBe(createParser('auto'))
    expect(createParser('kong')).toBe(createParser('kong'))
    expect(() => createParser('toString')).toThrow(/unknown log format "toString"/)
  })

  it('validateParserOptions throws a ParserConfigError naming the key', () => {
    expect(() => validateParserOptions('apache', {})).toThrow(ParserConfigError)
    expect(() => validateParserOptions('haproxy', { time_zone: 'Nowhere/Land' })).toThrow(
      'config key parser.time_zone is "Nowhere/Land"',
    )
    expect(() => validateParserOptions('nginx-json', { time_zone: 'Nowhere/Land' })).not.toThrow()
  })
})

describe('format options in the collector config', () => {
  const load = (format: string) =>
    loadConfig({ env: ENV, flags: { input: '/var/log/a.log', format, dryRun: true } })

  it('accepts every input format', () => {
    for (const format of INPUT_FORMATS) {
      if (format === 'apache' || format === 'custom') continue
      expect(load(format).inputs[0]!.format).toBe(format)
    }
  })

  it('fails at load, exit-code-2 style, naming the key of a format option that cannot work', () => {
    expect(() => load('apache')).toThrow(ConfigError)
    expect(() => load('apache')).toThrow('config key inputs[0].parser.apache.log_format is missing')
    expect(() => load('custom')).toThrow('config key inputs[0].parser.custom is missing')
  })

  it('reads the parser section from the YAML file, rejecting unknown keys inside it', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'gw-parser-config-'))
    try {
      const good = join(dir, 'good.yaml')
      writeFileSync(
        good,
        'inputs:\n  - type: file\n    paths: [/a.log]\n    format: apache\n    parser:\n      time_zone: Europe/Paris\n      apache:\n        log_format: \'%h %t "%r" %>s %b %D\'\n',
      )
      const c = loadConfig({ env: ENV, configFile: good, flags: { dryRun: true } })
      expect(c.inputs[0]!.parser).toMatchObject({
        time_zone: 'Europe/Paris',
        apache: { log_format: '%h %t "%r" %>s %b %D' },
      })
      const typo = join(dir, 'typo.yaml')
      writeFileSync(
        typo,
        'inputs:\n  - type: file\n    paths: [/a.log]\n    format: apache\n    parser:\n      apache:\n        log_format: x\n        logformat: y\n',
      )
      expect(() => loadConfig({ env: ENV, configFile: typo, flags: { dryRun: true } })).toThrow(
        'unknown config key inputs[0].parser.apache.logformat',
      )
      const bad = join(dir, 'bad.yaml')
      writeFileSync(
        bad,
        'inputs:\n  - type: file\n    paths: [/a.log]\n    format: apache\n    parser:\n      apache:\n        log_format: "%h %t %r %>s %Z"\n',
      )
      expect(() => loadConfig({ env: ENV, configFile: bad, flags: { dryRun: true } })).toThrow(
        'config key inputs[0].parser.apache.log_format uses %Z, which is not an Apache LogFormat directive',
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
