// A user-defined format (format: custom) from `parser.custom`: either a regular expression
// whose named groups are RawRecord fields (text lines), or a map from RawRecord fields to dotted
// paths (JSON lines), plus how the time is written. Everything is compiled when the parser is
// created, and every mistake is a ParserConfigError naming the key: an unknown group name, a
// missing required field, a time_format that cannot give a date.
import {
  CUSTOM_FIELDS,
  type CustomField,
  type CustomFormatConfig,
  ParserConfigError,
  type ParserOptions,
  zoneOption,
} from '../config.js'
import { badNumber, checkRecord, fieldsFromHeaders, headersFromObject, withoutPort } from '../fields.js'
import { guarded } from '../guard.js'
import { at, num, obj, parseJsonObject, text } from '../json.js'
import { splitRequestLine } from '../nginx-fields.js'
import { compileTimeFormat, type TimeParser } from '../time.js'
import type { FormatDefinition, ParseOutcome, Parser, RawRecord } from '../types.js'
import { reject } from '../types.js'

const LATENCY_MS = { s: 1000, ms: 1, us: 0.001, ns: 0.000_001 } as const
const HEADER_GROUP = 'header_'
/** Text fields copied as they are (the others need parsing). */
const TEXT_FIELDS = [
  'forwarded_for',
  'referer',
  'host',
  'authorization',
  'api_key',
  'cookie',
  'remote_user',
  'request_id',
  'upstream_service',
  'gateway_route',
  'consumer',
  'upstream_host',
] as const

type Get = (field: CustomField) => unknown

function requireFields(has: (f: CustomField) => boolean, key: string): void {
  const missing: string[] = []
  if (!has('ts')) missing.push('ts')
  if (!has('status')) missing.push('status')
  if (!has('request') && !(has('method') && (has('target') || has('path')))) {
    missing.push('method and target (or path, or request)')
  }
  if (missing.length > 0) throw new ParserConfigError(key, `does not give ${missing.join(', ')}`)
}

/** Builds the record from field values, whichever way they were read. */
function assemble(
  get: Get,
  time: TimeParser,
  latencyUnit: keyof typeof LATENCY_MS,
  rec0?: Partial<RawRecord>,
): ParseOutcome {
  const rawTs = get('ts')
  if (rawTs === undefined || rawTs === null || rawTs === '')
    return reject('bad_timestamp', 'the ts field is empty')
  const ts = time(rawTs)
  if (ts < 0) return reject('bad_timestamp', 'the ts field does not match time_format')
  let method = text(get('method'))
  let target = text(get('target'))
  let protocol = text(get('protocol'))
  const request = text(get('request'))
  if ((method === undefined || target === undefined) && request !== undefined) {
    const rl = splitRequestLine(request)
    if (rl === null) return reject('bad_request_line', 'the request field is not "METHOD target [HTTP/x]"')
    method ??= rl.method
    target ??= rl.target
    protocol ??= rl.protocol
  }
  if (target === undefined) {
    const path = text(get('path'))
    const query = text(get('query'))
    if (path !== undefined)
      target = query === undefined ? path : `${path}${query.startsWith('?') ? '' : '?'}${query}`
  }
  if (method === undefined || target === undefined)
    return reject('bad_request_line', 'the method or target is empty')
  const status = num(get('status'))
  if (status === undefined) return reject('malformed', 'the status field is empty')
  if (Number.isNaN(status)) return badNumber('status')
  const responseBytes = num(get('response_bytes'))
  const requestBytes = num(get('request_bytes'))
  const latency = num(get('latency'))
  const upstreamStatus = num(get('upstream_status'))
  if (Number.isNaN(responseBytes)) return badNumber('response_bytes')
  if (Number.isNaN(requestBytes)) return badNumber('request_bytes')
  if (Number.isNaN(latency)) return badNumber('latency')
  if (Number.isNaN(upstreamStatus)) return badNumber('upstream_status')
  const rec: RawRecord = {
    ...rec0,
    ts,
    method,
    target,
    protocol: protocol ?? '',
    status,
    client_ip: withoutPort(text(get('client_ip')) ?? ''),
    user_agent: text(get('user_agent')) ?? '',
    response_bytes: responseBytes,
    request_bytes: requestBytes,
    latency_ms: latency === undefined ? undefined : latency * LATENCY_MS[latencyUnit],
    upstream_status: upstreamStatus,
  }
  for (const f of TEXT_FIELDS) {
    const v = text(get(f))
    if (v !== undefined) rec[f] = v
  }
  fieldsFromHeaders(rec)
  return checkRecord(rec) ?? { ok: true, record: rec }
}

function regexParser(c: Partial<CustomFormatConfig>, regexSource: string, time: TimeParser): Parser {
  let re: RegExp
  try {
    re = new RegExp(regexSource)
  } catch (err) {
    throw new ParserConfigError(
      'custom.regex',
      `is not a valid regular expression: ${(err as Error).message}`,
    )
  }
  const groups = [...regexSource.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!)
  const fields = new Set<string>()
  const headerGroups: [string, string][] = []
  for (const g of groups) {
    if (g.startsWith(HEADER_GROUP) && g.length > HEADER_GROUP.length) {
      headerGroups.push([g, g.slice(HEADER_GROUP.length).replaceAll('_', '-')])
    } else if ((CUSTOM_FIELDS as readonly string[]).includes(g) && g !== 'headers') fields.add(g)
    else {
      throw new ParserConfigError(
        'custom.regex',
        `has a group named "${g}", which is not a field; use ${CUSTOM_FIELDS.filter((f) => f !== 'headers').join(', ')} or header_<name>`,
      )
    }
  }
  requireFields((f) => fields.has(f), 'custom.regex')
  const unit = c.latency_unit ?? 'ms'
  return guarded('custom', (line) => {
    const m = re.exec(line)
    if (m === null || m.groups === undefined)
      return reject('malformed', 'the line does not match parser.custom.regex')
    const g = m.groups
    let headers: Record<string, string> | undefined
    for (const [group, name] of headerGroups) {
      const v = g[group]
      if (v === undefined || v === '' || v === '-') continue
      headers ??= {}
      headers[name] = v
    }
    return assemble((f) => g[f], time, unit, headers === undefined ? undefined : { headers })
  })
}

function jsonParser(
  c: Partial<CustomFormatConfig>,
  paths: NonNullable<CustomFormatConfig['json_fields']>,
  time: TimeParser,
): Parser {
  const mapped = paths as Partial<Record<CustomField, string>>
  requireFields((f) => mapped[f] !== undefined, 'custom.json_fields')
  const unit = c.latency_unit ?? 'ms'
  const headersPath = mapped.headers
  return guarded('custom', (line) => {
    const parsed = parseJsonObject(line)
    if (!parsed.ok) return parsed
    const o = parsed.value
    const get: Get = (f) => {
      const p = mapped[f]
      return p === undefined ? undefined : at(o, p)
    }
    const headers = headersPath === undefined ? undefined : headersFromObject(obj(at(o, headersPath)))
    return assemble(get, time, unit, headers === undefined ? undefined : { headers })
  })
}

/** The parser of `parser.custom`; throws ParserConfigError naming the key when it cannot work. */
export function createCustomParser(options: ParserOptions): Parser {
  const c = options.custom
  if (c === undefined) {
    throw new ParserConfigError(
      'custom',
      'is missing: format custom needs either custom.regex or custom.json_fields',
    )
  }
  if ((c.regex === undefined) === (c.json_fields === undefined)) {
    throw new ParserConfigError(
      'custom',
      'must set exactly one of regex (text lines) or json_fields (JSON lines)',
    )
  }
  const time = compileTimeFormat(c.time_format ?? 'iso8601', zoneOption(options))
  if (typeof time === 'string') throw new ParserConfigError('custom.time_format', time)
  return c.regex !== undefined ? regexParser(c, c.regex, time) : jsonParser(c, c.json_fields!, time)
}

export const customFormat: FormatDefinition = {
  summary:
    'A user-defined format: a regex with named groups, or a JSON field map (parser.custom of an input).',
  detectable: false,
  create: (options) => createCustomParser(options),
}
