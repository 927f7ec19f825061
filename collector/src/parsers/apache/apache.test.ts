import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import { ParserConfigError } from '../config.js'
import { describeGoldenFiles } from '../golden.js'
import { parseZone } from '../time.js'
import { apacheFormat, COMBINED_LOG_FORMAT, createLogFormatParser } from './apache.js'
import { unescapeApache } from './logformat.js'

describeGoldenFiles('apache (LogFormat)', join(import.meta.dirname, 'fixtures'), (o) =>
  apacheFormat.create(o, {}),
)

describe('LogFormat compilation', () => {
  const compileError = (logFormat: string) => {
    try {
      apacheFormat.create({ apache: { log_format: logFormat } }, {})
    } catch (err) {
      expect(err).toBeInstanceOf(ParserConfigError)
      return (err as Error).message
    }
    throw new Error('expected a config error')
  }

  it('names an unknown directive, its column and the config key', () => {
    expect(compileError('%h %t "%r" %>s %Z')).toBe(
      'config key parser.apache.log_format uses %Z, which is not an Apache LogFormat directive (%Z at column 16)',
    )
    expect(compileError('%h %t "%r" %>s %{Foo}Q')).toMatch(/uses %Q.*%\{Foo\}Q at column 16/)
  })

  it('refuses a format that cannot give a time, a status or a request', () => {
    expect(compileError('%h "%r" %>s')).toMatch(/has no time directive/)
    expect(compileError('%h %t "%r"')).toMatch(/has no status directive/)
    expect(compileError('%h %t %>s %U')).toMatch(/needs %r, or %m and %U/)
    expect(compileError('%h %{%H:%M}t "%r" %>s')).toMatch(/has no time directive/)
  })

  it('refuses two fields with nothing between them, an unclosed %{ and a bad strftime', () => {
    expect(compileError('%h%u %t "%r" %>s')).toMatch(/puts %h and %u next to each other/)
    expect(compileError('%h %{Referer i %t "%r" %>s')).toMatch(/unclosed %\{ at column 4/)
    expect(compileError('%h %{%Q}t "%r" %>s')).toMatch(/%Q, which is not a supported strftime directive/)
    expect(compileError('%h %t "%r" %>s %{minutes}T')).toMatch(/the unit must be ms, us or s/)
  })

  it('requires log_format, and a zone it knows', () => {
    expect(() => apacheFormat.create({}, {})).toThrow('config key parser.apache.log_format is missing')
    expect(() =>
      apacheFormat.create({ apache: { log_format: COMBINED_LOG_FORMAT }, time_zone: 'Mars/Olympus' }, {}),
    ).toThrow(/config key parser.time_zone is "Mars\/Olympus"/)
  })

  it('accepts the httpd.conf spelling with escaped quotes, status conditions and < > modifiers', () => {
    const p = createLogFormatParser(
      'apache',
      '%h %l %<u %t \\"%r\\" %>s %b \\"%!200,304{Referer}i\\" \\"%400,501{User-agent}i\\"',
    )
    const r = p.parse('192.0.2.1 - - [05/Mar/2024:10:11:12 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"')
    expect(r).toMatchObject({ ok: true, record: { user_agent: 'curl/8', referer: undefined } })
  })

  it('reads %{format}t in the configured zone when the format has no %z', () => {
    const p = createLogFormatParser(
      'apache',
      '%h [%{%Y-%m-%d %H:%M:%S}t] "%r" %>s',
      parseZone('Europe/Paris')!,
    )
    const summer = p.parse('192.0.2.1 [2024-07-01 12:00:00] "GET / HTTP/1.1" 200')
    const winter = p.parse('192.0.2.1 [2024-01-01 12:00:00] "GET / HTTP/1.1" 200')
    expect(summer.ok === true && summer.record.ts).toBe(Date.UTC(2024, 6, 1, 10))
    expect(winter.ok === true && winter.record.ts).toBe(Date.UTC(2024, 0, 1, 11))
  })

  it('reads epoch times (%{sec}t, %{msec}t) and request headers into headers', () => {
    const p = createLogFormatParser('apache', '%{msec}t %a "%r" %>s "%{Cookie}i" "%{X-Api-Key}i"')
    const r = p.parse('1709633472345 192.0.2.1 "GET / HTTP/1.1" 200 "sid=abc" "key-123"')
    expect(r).toMatchObject({
      ok: true,
      record: {
        ts: 1709633472345,
        cookie: 'sid=abc',
        api_key: 'key-123',
        headers: { cookie: 'sid=abc', 'x-api-key': 'key-123' },
      },
    })
  })
})

describe('unescapeApache', () => {
  it('turns \\", \\\\, \\n, \\t and \\xhh byte sequences back into text', () => {
    expect(unescapeApache('a\\"b\\\\c\\x41\\xc3\\xa9\\t')).toBe('a"b\\cAé\t')
    expect(unescapeApache('plain')).toBe('plain')
  })
})

describeBadInput('apache', () => createLogFormatParser('apache', '%h %t "%r" %>s %b "%{Authorization}i"'), {
  good: '192.0.2.1 [05/Mar/2024:10:11:12 +0000] "GET / HTTP/1.1" 200 5 "Basic YWxpY2U6czNjcjN0LXB3"',
  secret: 'YWxpY2U6czNjcjN0LXB3',
  cases: [
    {
      name: 'a line of another format',
      line: '{"time":"2024-03-05T10:11:12Z","status":200}',
      reason: 'malformed',
    },
  ],
})
