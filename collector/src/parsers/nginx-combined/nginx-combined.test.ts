import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDataDir } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { nginxCombined, parseNginxCombined } from './nginx-combined.js'

const SHARED = sharedDataDir()

function lines(file: string): string[] {
  return readFileSync(join(SHARED, file), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
}

describeGoldenFiles('nginx-combined', join(import.meta.dirname, 'fixtures'), nginxCombined)

describe('nginx-combined on real logs', () => {
  it('parses at least 99% of the 1000 real nginx lines of an online shop, reading time zone and XFF', () => {
    const shop = lines('lnav-format-samples/logfile_shop_access_log.0')
    expect(shop).toHaveLength(1000)
    const ok = shop.map(parseNginxCombined).filter((r) => r.ok)
    expect(ok.length).toBeGreaterThanOrEqual(990)
    const first = ok[0]!.ok ? ok[0]!.record : undefined
    // 22/Jan/2019:03:56:14 +0330 is 00:26:14 UTC.
    expect(first?.ts).toBe(Date.UTC(2019, 0, 22, 0, 26, 14))
    const statuses = new Map<number, number>()
    for (const r of ok) if (r.ok) statuses.set(r.record.status, (statuses.get(r.record.status) ?? 0) + 1)
    // The counts SOURCE.txt documents for this sample.
    expect(Object.fromEntries(statuses)).toEqual({ 200: 938, 404: 24, 302: 20, 301: 11, 304: 7 })
  })

  it('parses at least 99% of 10,000 real Apache combined lines', () => {
    const apache = lines('elastic-apache-logs/apache_logs')
    const ok = apache.filter((l) => parseNginxCombined(l).ok).length
    expect(ok / apache.length).toBeGreaterThanOrEqual(0.99)
  })

  it('rejects the line of the malformed sample that lacks the ident and user fields, with a reason', () => {
    const bad = lines('lnav-format-samples/logfile_bad_access_log.0').map(parseNginxCombined)
    expect(bad.map((r) => r.ok)).toEqual([true, false, true])
    expect(bad[1]).toMatchObject({ ok: false, reason: 'malformed' })
  })

  it('rejects the "-" request nginx logs for a connection that sent no request', () => {
    const [line] = lines('lnav-format-samples/logfile_access_log.1')
    expect(parseNginxCombined(line!)).toMatchObject({ ok: false, reason: 'bad_request_line' })
  })

  it('rejects empty and truncated lines without throwing', () => {
    const good = lines('lnav-format-samples/logfile_access_log.0')[0]!
    for (let cut = 0; cut < good.length; cut++) {
      const r = parseNginxCombined(good.slice(0, cut))
      expect(r.ok, `cut at ${cut}`).toBe(false)
    }
  })
})

const good =
  '203.0.113.7 - - [14/Nov/2023:22:13:20 +0000] "GET /v1/orders?api_key=key7XyZ0123456789abcdef HTTP/1.1" 200 512 "-" "okhttp/4.12.0"'
describeBadInput('nginx-combined', () => nginxCombined, {
  good,
  secret: 'key7XyZ0123456789abcdef',
  cases: [
    {
      name: 'a garbage time',
      line: good.replace('14/Nov/2023:22:13:20', '14/Nov/2023:22:13:99'),
      reason: 'bad_timestamp',
    },
    { name: 'a day that does not exist', line: good.replace('14/Nov', '31/Nov'), reason: 'bad_timestamp' },
    { name: 'an absurd status', line: good.replace('" 200 512', '" 9999 512'), reason: 'out_of_range' },
    {
      name: 'an absurd size',
      line: good.replace(' 512 ', ' 123456789012345678901234 '),
      reason: 'out_of_range',
    },
  ],
})
