import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { parseZone } from '../time.js'
import { createHaproxyParser, haproxy, haproxyFormat } from './haproxy.js'

describeGoldenFiles('haproxy', join(import.meta.dirname, 'fixtures'), (o) => haproxyFormat.create(o, {}))

describe('haproxy on real logs', () => {
  it('reads the 13 HTTP lines of the lnav sample and skips the 3 notices and the TLS failure', () => {
    const p = createHaproxyParser(['User-Agent'])
    const outcomes = readFileSync(sharedDataPath('lnav-format-samples', 'logfile_haproxy.0'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => p.parse(l))
    expect(outcomes.filter((o) => o.ok === true)).toHaveLength(13)
    expect(outcomes.filter((o) => o.ok === 'skip')).toHaveLength(4)
    const first = outcomes.find((o) => o.ok === true)
    expect(first).toMatchObject({
      ok: true,
      record: {
        ts: Date.UTC(2019, 1, 25, 16, 19, 48, 143),
        client_ip: '141.35.244.171',
        status: 200,
        latency_ms: 1487,
        response_bytes: 11394,
        upstream_service: 'bk_admin',
        upstream_host: 'nginx_sonst',
        user_agent: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:65.0) Gecko/20100101 Firefox/65.0',
      },
    })
  })
})

describe('haproxy', () => {
  it('reads the accept date in the configured zone', () => {
    const p = createHaproxyParser([], parseZone('+02:00')!)
    const r = p.parse(
      'haproxy[1]: 10.0.1.2:1 [06/Feb/2009:12:14:14.655] fe be/s 1/0/1/1/3 200 5 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    )
    expect(r.ok === true && r.record.ts).toBe(Date.UTC(2009, 1, 6, 10, 14, 14, 655))
  })

  it('reads an IPv6 client without its port', () => {
    const r = haproxy.parse(
      '2001:db8::1:54321 [06/Feb/2009:12:14:14.655] fe be/s 1/0/1/1/3 200 5 - - ---- 1/1/1/1/0 0/0 "GET / HTTP/1.1"',
    )
    expect(r.ok === true && r.record.client_ip).toBe('2001:db8::1')
  })
})

const good =
  'haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html?session=hx_Sess10nT0ken HTTP/1.1"'
describeBadInput('haproxy', () => haproxy, {
  good,
  secret: 'hx_Sess10nT0ken',
  // HAProxy truncates long lines inside the request: a cut there is still a (truncated) request.
  mustRejectCutsBelow: good.indexOf('"GET ') + 6,
  cases: [
    {
      name: 'a garbage accept date',
      line: good.replace('06/Feb/2009:12:14:14.655', '06/Feb/2009:99:14:14.655'),
      reason: 'bad_timestamp',
    },
    { name: 'an absurd status', line: good.replace(' 200 2750', ' 20000 2750'), reason: 'out_of_range' },
    { name: 'a garbage byte count', line: good.replace(' 200 2750', ' 200 lots'), reason: 'out_of_range' },
    {
      name: 'timers of an unknown shape',
      line: good.replace('10/0/30/69/109', '10/0/30/69'),
      reason: 'malformed',
    },
    { name: 'a line that is not HAProxy', line: '{"level":"info"}', reason: 'unknown_shape' },
  ],
})
