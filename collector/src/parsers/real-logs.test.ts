// Every line of every real public log in ../shared/data, through the parser of its format: the
// share parsed, what is skipped, and each rejection with its reason. A change in any parser that
// shifts one of these counts shows here.
import { readFileSync } from 'node:fs'
import { sharedDataPath } from '@gatewatch/infra'
import { describe, expect, it } from 'vitest'
import type { ParserOptions } from './config.js'
import { createParser } from './registry.js'

interface Summary {
  lines: number
  counts: Record<string, number>
  rejected: string[]
}

function summarise(file: string, format: string, options: ParserOptions = {}): Summary {
  const parser = createParser(format, options)
  const lines = readFileSync(sharedDataPath(...file.split('/')), 'utf8').split('\n')
  if (lines.at(-1) === '') lines.pop()
  const counts: Record<string, number> = {}
  const rejected: string[] = []
  lines.forEach((line, i) => {
    const r = parser.parse(line)
    const key = r.ok === true ? 'parsed' : r.ok === 'skip' ? 'skipped' : r.reason
    counts[key] = (counts[key] ?? 0) + 1
    if (r.ok === false) rejected.push(`${i + 1} ${r.reason}: ${r.detail}`)
  })
  return { lines: lines.length, counts, rejected }
}

describe('every line of the real logs', () => {
  it('elastic Apache combined: 99.99% parsed; the one refused line is cut short in the file', () => {
    for (const format of ['apache-combined', 'nginx-combined']) {
      const s = summarise('elastic-apache-logs/apache_logs', format)
      expect(s.counts.parsed! / s.lines).toBeGreaterThanOrEqual(0.999)
      expect(s.counts).toEqual({ parsed: 9999, malformed: 1 })
      expect(s.rejected).toHaveLength(1)
      expect(s.rejected[0]).toMatch(/^8899 malformed: /)
    }
  })

  it.each([
    ['lnav-format-samples/logfile_shop_access_log.0', 'nginx-combined', {}, { parsed: 1000 }, []],
    ['lnav-format-samples/logfile_access_log.0', 'apache-combined', {}, { parsed: 3 }, []],
    [
      'lnav-format-samples/logfile_access_log.1',
      'apache-combined',
      {},
      { bad_request_line: 1 },
      [
        '1 bad_request_line: the request field is not "METHOD target [HTTP/x]" (Apache logs "-" or raw bytes here)',
      ],
    ],
    [
      'lnav-format-samples/logfile_bad_access_log.0',
      'apache-combined',
      {},
      { parsed: 2, bad_timestamp: 1 },
      ['2 bad_timestamp: no [time] for %t at column 46'],
    ],
    [
      'lnav-format-samples/logfile_haproxy.0',
      'haproxy',
      { haproxy: { capture_request_headers: ['User-Agent'] } },
      { parsed: 13, skipped: 4 },
      [],
    ],
    ['lnav-format-samples/logfile_caddy_log.0', 'caddy-json', {}, { parsed: 4, skipped: 35 }, []],
    ['lnav-format-samples/logfile_caddy_log.1', 'caddy-json', {}, { parsed: 4 }, []],
    ['lnav-format-samples/logfile_w3c_big.0', 'iis-w3c', {}, { parsed: 210, skipped: 44 }, []],
    ['lnav-format-samples/logfile_w3c.0', 'iis-w3c', {}, { parsed: 1, skipped: 4 }, []],
    ['lnav-format-samples/logfile_w3c.1', 'iis-w3c', {}, { parsed: 1, skipped: 6 }, []],
    ['lnav-format-samples/logfile_w3c.3', 'iis-w3c', {}, { parsed: 3, skipped: 7 }, []],
    [
      'lnav-format-samples/logfile_w3c.4',
      'iis-w3c',
      {},
      { parsed: 1, skipped: 4, malformed: 1 },
      ['6 malformed: sc-status is empty'],
    ],
    [
      'lnav-format-samples/logfile_w3c.5',
      'iis-w3c',
      {},
      { skipped: 1, malformed: 1 },
      ['2 malformed: 17 values for the 6 columns of #Fields'],
    ],
    ['lnav-format-samples/logfile_w3c.6', 'iis-w3c', {}, { parsed: 1, skipped: 4 }, []],
  ] as [string, string, ParserOptions, Record<string, number>, string[]][])(
    '%s as %s',
    (file, format, options, counts, rejected) => {
      const s = summarise(file, format, options)
      expect(s.counts).toEqual(counts)
      expect(s.rejected).toEqual(rejected)
    },
  )

  it('refuses the FTP rows of an IIS FTP log (W3C format, not HTTP) by their method', () => {
    const s = summarise('lnav-format-samples/logfile_w3c.2', 'iis-w3c')
    expect(s.counts).toEqual({ skipped: 8, bad_request_line: 14 })
    expect(new Set(s.rejected.map((r) => r.replace(/^\d+ /, '')))).toEqual(
      new Set(['bad_request_line: cs-method is missing or not an HTTP method (an FTP or SMTP log?)']),
    )
  })

  it('finds no format in a Zeek http.log (not a gateway log): its # header is held, its rows refused', () => {
    const s = summarise('lnav-format-samples/logfile_bro_http.log.0', 'auto')
    expect(s.counts).toEqual({ skipped: 8, unknown_shape: 198 })
    expect(s.rejected.at(-1)).toMatch(
      /unknown_shape: auto-detection found no format that parses most of the first \d+ lines/,
    )
  })
})
