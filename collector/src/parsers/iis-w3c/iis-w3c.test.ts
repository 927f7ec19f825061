import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { parseZone } from '../time.js'
import { createIisParser, iisW3cFormat } from './iis-w3c.js'

describeGoldenFiles('iis-w3c', join(import.meta.dirname, 'fixtures'), (o) => iisW3cFormat.create(o, {}))

describe('iis-w3c on real logs', () => {
  it('reads every row of the real IIS 8.5 log, following each #Fields block, and skips the directives', () => {
    const lines = readFileSync(sharedDataPath('lnav-format-samples', 'logfile_w3c_big.0'), 'utf8')
      .split('\n')
      .filter(Boolean)
    const p = createIisParser()
    const outcomes = lines.map((l) => p.parse(l))
    const directives = lines.filter((l) => l.startsWith('#')).length
    expect(outcomes.filter((o) => o.ok === 'skip')).toHaveLength(directives)
    expect(outcomes.filter((o) => o.ok === true)).toHaveLength(lines.length - directives)
    expect(outcomes.find((o) => o.ok === true)).toMatchObject({
      ok: true,
      record: {
        ts: Date.UTC(2015, 0, 13, 0, 32, 17),
        method: 'GET',
        target: '/robots.txt',
        status: 404,
        client_ip: '157.55.39.146',
        user_agent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
        latency_ms: 283,
        response_bytes: 1405,
        request_bytes: 242,
      },
    })
  })
})

describe('iis-w3c', () => {
  it('assumes the IIS default fields until a #Fields line, e.g. when resumed mid-file', () => {
    const r = createIisParser().parse(
      '2015-01-13 00:32:17 100.79.192.81 GET /a q=1 443 bob 157.55.39.146 curl/8.5.0 - 200 0 0 12',
    )
    expect(r).toMatchObject({
      ok: true,
      record: { target: '/a?q=1', remote_user: 'bob', status: 200, latency_ms: 12 },
    })
  })

  it('takes the day from #Date when rows carry only a time, and reads date-local in the zone', () => {
    const p = createIisParser(undefined, parseZone('-05:00')!)
    expect(p.parse('#Date: 2000-10-09 16:44:49')).toEqual({ ok: 'skip' })
    expect(p.parse('#Fields: time c-ip cs-method cs-uri-stem sc-status')).toEqual({ ok: 'skip' })
    expect(p.parse('16:44:49 1.1.1.1 GET /x 200')).toMatchObject({
      ok: true,
      record: { ts: Date.UTC(2000, 9, 9, 16, 44, 49) },
    })
    p.parse('#Fields: date-local time-local c-ip cs-method cs-uri-stem sc-status')
    expect(p.parse('2000-10-09 16:44:49 1.1.1.1 GET /x 200')).toMatchObject({
      ok: true,
      record: { ts: Date.UTC(2000, 9, 9, 21, 44, 49) },
    })
  })

  it('turns + back into spaces in the user agent, and only between cookies in cs(Cookie)', () => {
    const p = createIisParser()
    p.parse(
      '#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent) cs(Cookie) X-Forwarded-For',
    )
    const r = p.parse(
      '2015-01-13 00:32:17 1.1.1.1 GET / 200 Mozilla/5.0+(X11) sid=a+b==;+theme=dark 198.51.100.7',
    )
    expect(r).toMatchObject({
      ok: true,
      record: {
        user_agent: 'Mozilla/5.0 (X11)',
        cookie: 'sid=a+b==; theme=dark',
        forwarded_for: '198.51.100.7',
      },
    })
  })

  it('keeps the state of each source apart: a new parser starts from the defaults', () => {
    const a = createIisParser()
    a.parse('#Fields: date time c-ip cs-method cs-uri-stem sc-status')
    const row = '2015-01-13 00:32:17 1.1.1.1 GET / 200'
    expect(a.parse(row).ok).toBe(true)
    expect(createIisParser().parse(row)).toMatchObject({ ok: false, reason: 'malformed' })
  })
})

const good =
  '2015-01-13 00:32:17 100.79.192.81 GET /login token=iis_T0kenValue9 443 - 157.55.39.146 curl/8.5.0 - 200 0 0 12'
describeBadInput('iis-w3c', () => createIisParser(), {
  good,
  secret: 'iis_T0kenValue9',
  // A cut inside the last column (time-taken) leaves a shorter, valid number.
  mustRejectCutsBelow: good.lastIndexOf(' ') + 2,
  cases: [
    { name: 'a garbage date', line: good.replace('2015-01-13', '2015-13-45'), reason: 'bad_timestamp' },
    { name: 'a garbage time', line: good.replace('00:32:17', '00:32'), reason: 'bad_timestamp' },
    { name: 'an absurd status', line: good.replace(' 200 0 0', ' 2000 0 0'), reason: 'out_of_range' },
    { name: 'a garbage time-taken', line: good.replace(/ 12$/, ' 1e999'), reason: 'out_of_range' },
    {
      name: 'an FTP command for a method',
      line: good.replace(' GET ', ' [2]USER '),
      reason: 'bad_request_line',
    },
  ],
})
