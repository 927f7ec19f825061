import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import type { Logger } from '../../log.js'
import type { ParserOptions } from '../config.js'
import { createParser } from '../registry.js'
import type { ParseOutcome } from '../types.js'

interface Logged {
  level: string
  msg: string
  fields?: Record<string, unknown>
}

function recorder(): { log: Logger; logged: Logged[] } {
  const logged: Logged[] = []
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    logged.push({ level, msg, fields })
  return { log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, logged }
}

function fileLines(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** Runs lines through an auto parser the way the pipeline does: lookahead per batch, then parse. */
function detect(lines: string[], options: ParserOptions = {}, batch = 1000) {
  const { log, logged } = recorder()
  const parser = createParser('auto', options, { source: 'test.log', log })
  const outcomes: ParseOutcome[] = []
  for (let i = 0; i < lines.length; i += batch) {
    const chunk = lines.slice(i, i + batch)
    parser.lookahead?.(chunk)
    for (const l of chunk) outcomes.push(parser.parse(l))
  }
  return { format: parser.format, outcomes, logged }
}

const fixture = (format: string, name: string, first?: number) =>
  fileLines(join(import.meta.dirname, '..', format, 'fixtures', name, 'input.log')).slice(0, first)

describe('auto-detection on real logs', () => {
  it.each([
    ['elastic-apache-logs/apache_logs', 'nginx-combined'],
    ['lnav-format-samples/logfile_shop_access_log.0', 'nginx-combined'],
    ['lnav-format-samples/logfile_access_log.0', 'nginx-combined'],
    ['lnav-format-samples/logfile_w3c_big.0', 'iis-w3c'],
    ['lnav-format-samples/logfile_w3c.6', 'iis-w3c'],
    ['lnav-format-samples/logfile_haproxy.0', 'haproxy'],
    ['lnav-format-samples/logfile_caddy_log.0', 'caddy-json'],
    ['lnav-format-samples/logfile_caddy_log.1', 'caddy-json'],
  ])('reads %s as %s', (file, format) => {
    const lines = fileLines(sharedDataPath(...file.split('/')))
    const reference = createParser(format)
    const direct = lines.map((l) => reference.parse(l))
    const auto = detect(lines)
    expect(auto.format).toBe(format)
    // Once chosen, every line reads exactly as the chosen format reads it.
    expect(auto.outcomes.map((o) => o.ok)).toEqual(direct.map((o) => o.ok))
  })

  it('says in one sentence which format it chose, for which source, from how many lines', () => {
    const { logged } = detect(fileLines(sharedDataPath('elastic-apache-logs', 'apache_logs')))
    expect(logged).toEqual([
      {
        level: 'info',
        msg: 'Detected the log format of test.log: nginx-combined, which parsed 50 of the first 50 lines (apache-combined reads the same lines; nginx-combined was chosen because it also reads a trailing X-Forwarded-For field).',
        fields: {
          source: 'test.log',
          format: 'nginx-combined',
          sampled: 50,
          parsed: 50,
          same_as: ['apache-combined'],
        },
      },
    ])
  })

  it('prefers apache-combined when the ident field is used, which nginx-combined refuses', () => {
    const lines = Array.from(
      { length: 5 },
      (_, i) => `192.0.2.${i} ident${i} - [05/Mar/2024:10:11:12 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`,
    )
    expect(detect(lines).format).toBe('apache-combined')
  })
})

describe('auto-detection of every format from its golden files', () => {
  it.each([
    ['nginx-json', 'nginx-json', 'credentials'],
    ['apache-common', 'apache-common', 'apache-docs', 2],
    ['envoy', 'envoy', 'real-default'],
    ['envoy', 'envoy', 'istio'],
    ['envoy-json', 'envoy-json', 'istio'],
    ['kong', 'kong', 'kong-docs'],
    ['aws-apigw', 'aws-apigw', 'aws-formats'],
    ['aws-alb', 'aws-alb', 'aws-docs'],
    ['traefik-json', 'traefik-json', 'published'],
    ['haproxy', 'haproxy', 'haproxy-docs'],
    ['iis-w3c', 'iis-w3c', 'lnav-variants'],
  ] as [string, string, string, number?][])('reads %s fixtures (%s/%s)', (format, folder, name, first) => {
    expect(detect(fixture(folder, name, first)).format).toBe(format)
  })
})

describe('auto-detection, line by line and on bad input', () => {
  it('decides at the first data line when lines come one at a time, holding directives until then', () => {
    const lines = fileLines(sharedDataPath('lnav-format-samples', 'logfile_w3c_big.0'))
    const one = detect(lines, {}, 1)
    expect(one.format).toBe('iis-w3c')
    expect(one.outcomes.slice(0, 4)).toEqual([{ ok: 'skip' }, { ok: 'skip' }, { ok: 'skip' }, { ok: 'skip' }])
    // The held #Fields line reached the chosen parser: the first row is read with its columns.
    expect(one.outcomes[4]).toMatchObject({ ok: true, record: { target: '/robots.txt', latency_ms: 283 } })
  })

  it('rejects lines while no format fits, and gives up after sample_lines with one error', () => {
    const garbage = Array.from({ length: 30 }, (_, i) => `garbage line ${i} with no format at all`)
    const r = detect(garbage, { auto: { sample_lines: 10 } }, 1)
    expect(r.format).toBe('auto')
    expect(r.outcomes.every((o) => o.ok === false && o.reason === 'unknown_shape')).toBe(true)
    expect(r.outcomes[29]).toMatchObject({
      detail: expect.stringMatching(
        /found no format that parses most of the first 10 lines.*set input.format/,
      ),
    })
    expect(r.logged).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: expect.stringMatching(/^Could not detect the log format of test.log: found no format/),
      }),
    ])
  })

  it('recovers when bad lines come first, once a format parses the majority', () => {
    const good = fixture('nginx-json', 'credentials')
    const lines = ['not a log line', ...good, ...good]
    // In a batch, the sample covers the good lines too: only the bad one is lost.
    const batch = detect(lines)
    expect(batch.format).toBe('nginx-json')
    expect(batch.outcomes.map((o) => o.ok)).toEqual([false, ...lines.slice(1).map(() => true)])
    // Line by line, one good line against one bad one is not yet a majority.
    const single = detect(lines, {}, 1)
    expect(single.outcomes.map((o) => o.ok)).toEqual([false, false, ...lines.slice(2).map(() => true)])
    expect(single.outcomes[1]).toMatchObject({
      detail: 'auto-detection has not recognised the format of this source yet',
    })
  })

  it('reports two different formats that read the same lines as ambiguous instead of guessing', () => {
    const both =
      '{"time_iso8601":"2024-03-05T10:11:12+00:00","remote_addr":"192.0.2.1","request_method":"GET","request_uri":"/","status":"200","start_time":"2024-03-05T10:11:12Z","method":"GET","path":"/","response_code":200}'
    const r = detect([both, both, both], { auto: { formats: ['nginx-json', 'envoy-json'], sample_lines: 3 } })
    expect(r.format).toBe('auto')
    expect(r.outcomes[2]).toMatchObject({
      ok: false,
      reason: 'unknown_shape',
      detail: expect.stringMatching(/nginx-json and envoy-json equally likely/),
    })
    expect(r.logged[0]?.level).toBe('error')
  })

  it('refuses an unknown name in auto.formats, naming the key', () => {
    expect(() => createParser('auto', { auto: { formats: ['nginx-json', 'nginx-yaml'] } })).toThrow(
      /^config key parser.auto.formats names "nginx-yaml", which is not a built-in format/,
    )
  })
})
