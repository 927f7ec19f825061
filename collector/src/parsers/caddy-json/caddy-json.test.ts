import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { caddyJson, goDurationMs, parseCaddyJson } from './caddy-json.js'

describeGoldenFiles('caddy-json', join(import.meta.dirname, 'fixtures'), caddyJson)

describe('caddy-json on real logs', () => {
  it("reads every access line of both lnav Caddy samples and skips Caddy's other log lines", () => {
    for (const [file, access, other] of [
      ['logfile_caddy_log.0', 4, 35],
      ['logfile_caddy_log.1', 4, 0],
    ] as const) {
      const lines = readFileSync(sharedDataPath('lnav-format-samples', file), 'utf8')
        .split('\n')
        .filter(Boolean)
      const outcomes = lines.map((l) => caddyJson.parse(l).ok)
      expect(
        outcomes.filter((o) => o === true),
        file,
      ).toHaveLength(access)
      expect(
        outcomes.filter((o) => o === 'skip'),
        file,
      ).toHaveLength(other)
    }
  })

  it('takes client_ip (after trusted proxies) over remote_ip, and drops the REDACTED cookie', () => {
    const [line] = readFileSync(sharedDataPath('lnav-format-samples', 'logfile_caddy_log.1'), 'utf8').split(
      '\n',
    )
    expect(parseCaddyJson(line!)).toMatchObject({
      ok: true,
      record: {
        client_ip: '10.10.10.117',
        forwarded_for: '10.10.10.117',
        latency_ms: 17.557,
        response_bytes: 3768,
        protocol: 'HTTP/2.0',
      },
    })
    const docker = readFileSync(join(import.meta.dirname, 'fixtures/lnav-excerpt/input.log'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('caddy  | ') && l.includes('"http.log.access"'))
    const r = parseCaddyJson(docker!)
    expect(r.ok).toBe(true)
    expect(r.ok === true && r.record.cookie).toBeUndefined()
    expect(r.ok === true && r.record.headers?.cookie).toBeUndefined()
  })
})

describe('goDurationMs', () => {
  it('reads Go duration text', () => {
    expect([
      goDurationMs('1.5ms'),
      goDurationMs('2m3.5s'),
      goDurationMs('812µs'),
      goDurationMs('0'),
      goDurationMs('7x'),
    ]).toEqual([1.5, 123_500, 0.812, 0, Number.NaN])
  })
})

describeBadInput('caddy-json', () => caddyJson, {
  good: '{"level":"info","ts":1716723772.6,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"10.5.1.1","method":"GET","host":"h","uri":"/","headers":{"Authorization":["Bearer cdy_Secr3tValue"]}},"duration":0.01,"size":0,"status":200}',
  secret: 'cdy_Secr3tValue',
  json: true,
  cases: [
    {
      name: 'a ts that is not a time',
      line: '{"ts":"later","logger":"http.log.access","request":{"method":"GET","uri":"/"},"status":200}',
      reason: 'bad_timestamp',
    },
    {
      name: 'an absurd size',
      line: '{"ts":1716723772.6,"logger":"http.log.access","request":{"method":"GET","uri":"/"},"status":200,"size":1e300}',
      reason: 'out_of_range',
    },
    {
      name: 'another logger with a request',
      line: '{"ts":1716723772.6,"logger":"http.handlers.reverse_proxy","request":{"method":"GET","uri":"/"},"status":200}',
      reason: 'unknown_shape',
    },
  ],
})
