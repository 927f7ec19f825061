import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { describeGoldenFiles } from '../golden.js'
import { apacheCombined } from './apache-combined.js'

function lines(...path: string[]): string[] {
  return readFileSync(sharedDataPath(...path), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
}

describeGoldenFiles('apache-combined', join(import.meta.dirname, 'fixtures'), apacheCombined)

describe('apache-combined on real logs', () => {
  it('parses at least 99.9% of the 10,000 real Apache lines; the one it refuses is cut short', () => {
    const all = lines('elastic-apache-logs', 'apache_logs')
    const refused: string[] = []
    const statuses = new Map<number, number>()
    all.forEach((line, i) => {
      const r = apacheCombined.parse(line)
      if (r.ok === true) statuses.set(r.record.status, (statuses.get(r.record.status) ?? 0) + 1)
      else refused.push(`line ${i + 1}: ${r.ok === false ? `${r.reason}: ${r.detail}` : 'skipped'}`)
    })
    expect((all.length - refused.length) / all.length).toBeGreaterThanOrEqual(0.999)
    expect(refused).toEqual(['line 8899: malformed: the line ends inside %{User-Agent}i (no "\\"" after it)'])
    // The counts SOURCE.txt documents, less the truncated line (a 200).
    expect(Object.fromEntries(statuses)).toEqual({
      200: 9125,
      304: 445,
      404: 213,
      301: 164,
      206: 45,
      500: 3,
      416: 2,
      403: 2,
    })
  })

  it('refuses the shop log, whose lines carry a trailing X-Forwarded-For field combined does not have', () => {
    const shop = lines('lnav-format-samples', 'logfile_shop_access_log.0')
    const r = apacheCombined.parse(shop[0]!)
    expect(r).toMatchObject({
      ok: false,
      reason: 'malformed',
      detail: expect.stringMatching(/after the last field/),
    })
  })
})

describeBadInput('apache-combined', () => apacheCombined, {
  good: '198.51.100.23 - bob [05/Mar/2024:10:11:12 +0100] "GET /v1/items?api_key=sk_live_9fQx2LmNp4Rs7Tv1 HTTP/1.1" 200 512 "-" "curl/8.5.0"',
  secret: 'sk_live_9fQx2LmNp4Rs7Tv1',
  cases: [
    {
      name: 'a garbage timestamp',
      line: '198.51.100.23 - - [yesterday] "GET / HTTP/1.1" 200 5 "-" "-"',
      reason: 'bad_timestamp',
    },
    {
      name: 'a missing timestamp',
      line: '198.51.100.23 - - "GET / HTTP/1.1" 200 5 "-" "-"',
      reason: 'bad_timestamp',
    },
    {
      name: 'a year past 2099',
      line: '198.51.100.23 - - [05/Mar/2124:10:11:12 +0100] "GET / HTTP/1.1" 200 5 "-" "-"',
      reason: 'bad_timestamp',
    },
    {
      name: 'an absurd status',
      line: '198.51.100.23 - - [05/Mar/2024:10:11:12 +0100] "GET / HTTP/1.1" 20000 5 "-" "-"',
      reason: 'out_of_range',
    },
    {
      name: 'an absurd size',
      line: '198.51.100.23 - - [05/Mar/2024:10:11:12 +0100] "GET / HTTP/1.1" 200 1e400 "-" "-"',
      reason: 'out_of_range',
    },
  ],
})
