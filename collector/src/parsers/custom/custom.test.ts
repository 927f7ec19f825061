import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeBadInput } from '../bad-input.js'
import type { ParserOptions } from '../config.js'
import { describeGoldenFiles } from '../golden.js'
import { createCustomParser } from './custom.js'

describeGoldenFiles('custom', join(import.meta.dirname, 'fixtures'), (o) => createCustomParser(o))

function configError(options: ParserOptions): string {
  try {
    createCustomParser(options)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('expected a config error')
}

describe('custom format config errors name the key', () => {
  it('needs exactly one of regex and json_fields', () => {
    expect(configError({})).toBe(
      'config key parser.custom is missing: format custom needs either custom.regex or custom.json_fields',
    )
    expect(configError({ custom: {} })).toMatch(/^config key parser.custom must set exactly one of regex/)
    expect(configError({ custom: { regex: '(?<ts>x)', json_fields: { ts: 't' } } })).toMatch(/exactly one/)
  })

  it('names an invalid regex, an unknown group and missing fields', () => {
    expect(configError({ custom: { regex: '(?<ts>[' } })).toMatch(
      /^config key parser.custom.regex is not a valid regular expression/,
    )
    expect(configError({ custom: { regex: '(?<ts>\\S+) (?<statuscode>\\d+)' } })).toMatch(
      /^config key parser.custom.regex has a group named "statuscode", which is not a field/,
    )
    expect(configError({ custom: { regex: '(?<ts>\\S+) (?<method>\\S+) (?<target>\\S+)' } })).toBe(
      'config key parser.custom.regex does not give status',
    )
    expect(configError({ custom: { json_fields: { ts: 'time', status: 's' } } })).toBe(
      'config key parser.custom.json_fields does not give method and target (or path, or request)',
    )
  })

  it('names a time_format that cannot give a date, and an unknown directive', () => {
    const regex = '(?<ts>\\S+) (?<request>[^"]+) (?<status>\\d+)'
    expect(configError({ custom: { regex, time_format: '%H:%M:%S' } })).toBe(
      'config key parser.custom.time_format has no year (%Y or %y) nor epoch (%s), so it cannot give a date',
    )
    expect(configError({ custom: { regex, time_format: '%Y-%Q' } })).toBe(
      'config key parser.custom.time_format uses %Q, which is not a supported strftime directive',
    )
    expect(configError({ custom: { regex, time_format: 'unix' } })).toMatch(/time_format is neither iso8601/)
  })
})

describe('custom formats', () => {
  it('reads a request-line group, epoch times and the CLF time', () => {
    const p = createCustomParser({
      custom: { regex: '^(?<ts>\\d+) "(?<request>[^"]*)" (?<status>\\d+)$', time_format: 'epoch_ms' },
    })
    expect(p.parse('1709633472345 "PUT /a?x=1 HTTP/1.1" 204')).toMatchObject({
      ok: true,
      record: { ts: 1709633472345, method: 'PUT', target: '/a?x=1', protocol: 'HTTP/1.1', status: 204 },
    })
    const clf = createCustomParser({
      custom: {
        regex: '^\\[(?<ts>[^\\]]+)\\] (?<method>\\S+) (?<path>\\S+) (?<status>\\d+)$',
        time_format: 'clf',
      },
    })
    expect(clf.parse('[10/Oct/2000:13:55:36 -0700] GET / 200')).toMatchObject({
      ok: true,
      record: { ts: Date.UTC(2000, 9, 10, 20, 55, 36) },
    })
  })

  it('reads JSON epoch seconds as numbers, and a flat dotted key before a nested path', () => {
    const p = createCustomParser({
      custom: {
        json_fields: { ts: 'ts', method: 'req.method', target: 'req.uri', status: 'status' },
        time_format: 'epoch_s',
      },
    })
    expect(
      p.parse('{"ts":1709633472.5,"req.method":"GET","req":{"method":"POST","uri":"/b"},"status":200}'),
    ).toMatchObject({
      ok: true,
      record: { ts: 1709633472500, method: 'GET', target: '/b' },
    })
  })
})

describeBadInput(
  'custom (json_fields)',
  () =>
    createCustomParser({
      custom: { json_fields: { ts: 't', method: 'm', target: 'u', status: 's', authorization: 'auth' } },
    }),
  {
    good: '{"t":"2024-03-05T10:11:12Z","m":"GET","u":"/a","s":200,"auth":"Bearer cst_Secr3tValue"}',
    secret: 'cst_Secr3tValue',
    json: true,
    cases: [
      {
        name: 'a time that does not match time_format',
        line: '{"t":"05/03/2024","m":"GET","u":"/a","s":200}',
        reason: 'bad_timestamp',
      },
      {
        name: 'an absurd status',
        line: '{"t":"2024-03-05T10:11:12Z","m":"GET","u":"/a","s":4040}',
        reason: 'out_of_range',
      },
    ],
  },
)

const regexGood = '2024-03-05T10:11:12Z GET /a?token=rgx_T0kenValue 200'
describeBadInput(
  'custom (regex)',
  () =>
    createCustomParser({
      custom: { regex: '^(?<ts>\\S+) (?<method>\\S+) (?<target>\\S+) (?<status>\\d+)$' },
    }),
  {
    good: regexGood,
    secret: 'rgx_T0kenValue',
    // A cut inside the status leaves a shorter status the regex still matches.
    mustRejectCutsBelow: regexGood.lastIndexOf(' ') + 2,
    cases: [{ name: 'a line the regex does not match', line: 'hello world', reason: 'malformed' }],
  },
)
