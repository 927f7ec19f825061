// Parser for IIS (and other W3C Extended Log File Format) access logs. The columns of a file are
// declared by its `#Fields:` directive and may change wherever IIS writes a new one (a restart, a
// config change), so the parser keeps per-source state: create one per source. `#Software`,
// `#Version`, `#Date` and other directives are skipped; `#Date` also gives the day to logs whose
// rows carry only a `time`. Values are separated by spaces, `-` means empty, a value may be quoted
// ("" inside quotes is a quote), and IIS writes spaces as `+` in cs(User-Agent), cs(Referer) and
// between cookies in cs(Cookie). `date`/`time` are UTC (W3C); `date-local`/`time-local` are read in
// `parser.time_zone`. Until a #Fields line is seen (a file resumed mid-way from a checkpoint)
// the columns of `parser.iis_w3c.default_fields` are assumed: IIS's default field set.
import { type ParserOptions, zoneOption } from '../config.js'
import { addHeader, badNumber, checkRecord, fieldsFromHeaders, isMethod } from '../fields.js'
import { guarded } from '../guard.js'
import { daysInMonth } from '../nginx-fields.js'
import { count } from '../scan.js'
import { digits, UTC_ZONE, type Zone } from '../time.js'
import {
  type FormatDefinition,
  type ParseOutcome,
  type Parser,
  type RawRecord,
  reject,
  SKIP,
} from '../types.js'

export const IIS_DEFAULT_FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'

/** One row being read: raw values by meaning, assembled into a RawRecord at the end. */
interface Row {
  date?: string
  time?: string
  local: boolean
  method?: string
  stem?: string
  query?: string
  uri?: string
  status?: string
  timeTaken?: string
  sent?: string
  received?: string
  rec: RawRecord
}

type Column = (value: string, row: Row) => void

/**
 * IIS writes spaces as `+` in these headers. In cs(Cookie) only the `;+` between cookies is
 * turned back: a `+` inside a cookie value (base64) may be real.
 */
const PLUS_IS_SPACE = new Set(['user-agent', 'referer', 'referrer'])

function headerColumn(name: string): Column {
  const header = name === 'referrer' ? 'referer' : name
  return (v, row) => {
    let value = v
    // `; +http://...` in bot user agents is logged `;++http://...`: the second + is the real one.
    if (PLUS_IS_SPACE.has(name))
      value = v
        .split('++')
        .map((part) => part.replaceAll('+', ' '))
        .join(' +')
    addHeader(row.rec, header, value)
  }
}

const KNOWN_PREFIX = /^(c|s|cs|sc|sr|rs|r|x)-/

function column(field: string): Column | null {
  const f = field.toLowerCase()
  switch (f) {
    case 'date':
      return (v, r) => {
        r.date = v
      }
    case 'time':
      return (v, r) => {
        r.time = v
      }
    case 'date-local':
      return (v, r) => {
        r.date = v
        r.local = true
      }
    case 'time-local':
      return (v, r) => {
        r.time = v
        r.local = true
      }
    case 'c-ip':
      return (v, r) => {
        r.rec.client_ip = v
      }
    case 'cs-username':
    case 'c-auth-id':
      return (v, r) => {
        r.rec.remote_user = v
      }
    case 'cs-method':
      return (v, r) => {
        r.method = v
      }
    case 'cs-uri-stem':
      return (v, r) => {
        r.stem = v
      }
    case 'cs-uri-query':
      return (v, r) => {
        r.query = v
      }
    case 'cs-uri':
      return (v, r) => {
        r.uri = v
      }
    case 'cs-version':
      return (v, r) => {
        r.rec.protocol = v
      }
    case 'sc-status':
      return (v, r) => {
        r.status = v
      }
    case 'time-taken':
    case 'timetakenms':
      return (v, r) => {
        r.timeTaken = v
      }
    case 'sc-bytes':
    case 'bytes':
      return (v, r) => {
        r.sent = v
      }
    case 'cs-bytes':
      return (v, r) => {
        r.received = v
      }
    case 'cs-host':
      return (v, r) => {
        r.rec.host = v
      }
    case 's-sitename':
      return (v, r) => {
        r.rec.upstream_service = v
      }
  }
  if (f.startsWith('cs(') && f.endsWith(')')) return headerColumn(f.slice(3, -1))
  // IIS 8.5 custom fields are named after the header they log, e.g. X-Forwarded-For.
  if (!KNOWN_PREFIX.test(f) && /^[a-z0-9-]+$/.test(f) && f.includes('-')) return headerColumn(f)
  if (f.startsWith('x-') && f.length > 2 && !f.startsWith('x-ms')) return headerColumn(f)
  return null
}

/** Splits a row on runs of spaces; `"..."` is one value, `""` inside it a quote. */
function splitRow(line: string, out: string[]): string[] | null {
  out.length = 0
  let i = 0
  const n = line.length
  while (i < n) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++
    if (i >= n) break
    if (line.charCodeAt(i) === 34) {
      let value = ''
      let j = i + 1
      for (;;) {
        const q = line.indexOf('"', j)
        if (q === -1) return null
        value += line.slice(j, q)
        if (line.charCodeAt(q + 1) === 34) {
          value += '"'
          j = q + 2
          continue
        }
        i = q + 1
        break
      }
      out.push(value)
    } else {
      let j = i
      while (j < n && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++
      out.push(line.slice(i, j))
      i = j
    }
  }
  return out
}

/** `YYYY-MM-DD` + `HH:MM:SS[.fff]` → wall-clock ms (fields read as UTC), or -1. */
function wallTime(date: string, time: string): number {
  const y = digits(date, 0, 4)
  const mo = digits(date, 5, 2)
  const d = digits(date, 8, 2)
  const h = digits(time, 0, 2)
  const mi = digits(time, 3, 2)
  const s = digits(time, 6, 2)
  if (date.length !== 10 || y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo - 1)) return -1
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return -1
  if (s < 0 || s > 60 || time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) return -1
  let ms = 0
  if (time.length > 8) {
    if (time.charCodeAt(8) !== 46) return -1
    const frac = time.slice(9, 12).padEnd(3, '0')
    ms = digits(frac, 0, 3)
    if (ms < 0) return -1
  } else if (time.length !== 8) return -1
  return Date.UTC(y, mo - 1, d, h, mi, s) + ms
}

/** A fresh IIS parser (one per source): `defaultFields` until a #Fields line, local times in `zone`. */
export function createIisParser(defaultFields: string = IIS_DEFAULT_FIELDS, zone: Zone = UTC_ZONE): Parser {
  let columns: (Column | null)[] = []
  let hasDate = false
  let directiveDate: string | undefined
  const values: string[] = []

  function setFields(list: string): void {
    const names = list.trim().split(/\s+/)
    columns = names.map(column)
    hasDate = names.some((n) => n === 'date' || n === 'date-local')
  }
  setFields(defaultFields)

  function directive(line: string): ParseOutcome {
    const colon = line.indexOf(':')
    const name = (colon === -1 ? line.slice(1) : line.slice(1, colon)).trim().toLowerCase()
    const value = colon === -1 ? '' : line.slice(colon + 1).trim()
    if (name === 'fields') setFields(value)
    else if (name === 'date' || name === 'start-date') {
      const day = value.slice(0, 10)
      if (digits(day, 0, 4) >= 0 && day.charCodeAt(4) === 45) directiveDate = day
    }
    return SKIP
  }

  function parse(line: string): ParseOutcome {
    if (line.charCodeAt(0) === 35) return directive(line)
    const row = splitRow(line, values)
    if (row === null) return reject('malformed', 'a quoted value is not closed')
    if (row.length !== columns.length) {
      return reject('malformed', `${row.length} values for the ${columns.length} columns of #Fields`)
    }
    const rec: RawRecord = {
      ts: 0,
      method: '',
      target: '',
      protocol: '',
      status: 0,
      client_ip: '',
      user_agent: '',
    }
    const r: Row = { local: false, rec }
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!
      if (v === '-' || v === '') continue
      columns[i]?.(v, r)
    }
    const date = hasDate ? r.date : directiveDate
    if (date === undefined || r.time === undefined)
      return reject('bad_timestamp', 'the row has no date and time')
    const wall = wallTime(date, r.time)
    if (wall < 0) return reject('bad_timestamp', 'date or time is not YYYY-MM-DD HH:MM:SS')
    rec.ts = r.local ? zone.toUtc(wall) : wall
    if (r.method === undefined || !isMethod(r.method)) {
      return reject('bad_request_line', 'cs-method is missing or not an HTTP method (an FTP or SMTP log?)')
    }
    rec.method = r.method
    if (r.stem !== undefined) rec.target = r.query === undefined ? r.stem : `${r.stem}?${r.query}`
    else if (r.uri !== undefined) {
      let uri = r.uri
      // Some W3C writers log cs-uri as host/path without a scheme.
      if (uri.charCodeAt(0) !== 47 && !uri.includes('://') && uri.indexOf('/') > 0) {
        const slash = uri.indexOf('/')
        rec.host ??= uri.slice(0, slash)
        uri = uri.slice(slash)
      }
      rec.target = r.query === undefined || uri.includes('?') ? uri : `${uri}?${r.query}`
    } else return reject('bad_request_line', 'no cs-uri-stem or cs-uri column')
    const status = count(r.status)
    if (status === undefined) return reject('malformed', 'sc-status is empty')
    if (Number.isNaN(status)) return badNumber('sc-status')
    rec.status = status
    const taken = count(r.timeTaken)
    const sent = count(r.sent)
    const received = count(r.received)
    if (Number.isNaN(taken)) return badNumber('time-taken')
    if (Number.isNaN(sent)) return badNumber('sc-bytes')
    if (Number.isNaN(received)) return badNumber('cs-bytes')
    if (taken !== undefined) rec.latency_ms = taken
    if (sent !== undefined) rec.response_bytes = sent
    if (received !== undefined) rec.request_bytes = received
    if (rec.headers?.cookie !== undefined) rec.headers.cookie = rec.headers.cookie.replaceAll(';+', '; ')
    fieldsFromHeaders(rec)
    return checkRecord(rec) ?? { ok: true, record: rec }
  }

  return guarded('iis-w3c', parse)
}

export const iisW3cFormat: FormatDefinition = {
  summary: 'IIS / W3C Extended Log File Format (columns from #Fields: directives; per-source state).',
  detectable: true,
  create: (options: ParserOptions) =>
    createIisParser(options.iis_w3c?.default_fields ?? IIS_DEFAULT_FIELDS, zoneOption(options)),
}
