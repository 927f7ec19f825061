// Parser for HAProxy's HTTP log format (`option httplog`), with or without a syslog prefix:
//   haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200
//   2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"
// client:port [accept date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes_read
// captured_request_cookie captured_response_cookie termination_state
// actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue {captured request headers}
// {captured response headers} "request". The line starts wherever the accept date is, so any
// syslog prefix (RFC 3164, RFC 5424, journald) is fine. The accept date has no zone: it is read
// in `parser.time_zone`. Captured headers are logged without names; give their names, in
// order, in `parser.haproxy.capture_request_headers`. HAProxy's own notices ("Proxy x
// started."), connection errors ("fe/bind: SSL handshake failure") and TCP-mode logs are skipped:
// they are not HTTP requests. A request HAProxy truncated (long lines) is read as far as it goes.
import { type ParserOptions, zoneOption } from '../config.js'
import { addHeader, badNumber, checkRecord, fieldsFromHeaders } from '../fields.js'
import { guarded } from '../guard.js'
import { splitRequestLine } from '../nginx-fields.js'
import { Scan } from '../scan.js'
import { parseClfNoZone, UTC_ZONE, type Zone } from '../time.js'
import {
  type FormatDefinition,
  type ParseOutcome,
  type Parser,
  type RawRecord,
  reject,
  SKIP,
} from '../types.js'

/** Index of `[dd/Mon/yyyy:HH:MM:SS` (the accept date) after a space, or -1. */
function acceptDate(line: string): number {
  for (let i = line.indexOf(' [', 0); i !== -1; i = line.indexOf(' [', i + 2)) {
    const b = i + 1
    if (line.charCodeAt(b + 3) === 47 && line.charCodeAt(b + 7) === 47 && line.charCodeAt(b + 12) === 58)
      return b
  }
  return -1
}

/** HAProxy logs non-printable characters and `"`, `#`, `{`, `|`, `}` as `#XX`. */
export function decodeHaproxy(s: string): string {
  if (s.indexOf('#') === -1) return s
  return s.replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
}

/** `-1` (not reached), `+12` (logasap), or a count; NaN for garbage. */
function timer(v: string | undefined): number {
  if (v === undefined) return Number.NaN
  const n = Number(v.charCodeAt(0) === 43 ? v.slice(1) : v)
  return Number.isInteger(n) && n >= -1 ? n : Number.NaN
}

function addrWithoutPort(v: string): string {
  const colon = v.lastIndexOf(':')
  return colon === -1 ? v : v.slice(0, colon)
}

/**
 * A line without an accept date: one of HAProxy's own notices ("Proxy x started.") is skipped; a
 * request log cut before its date (the message starts with an address) is rejected.
 */
function withoutAcceptDate(line: string): ParseOutcome {
  const tag = line.indexOf('haproxy')
  const colon = tag === -1 ? -1 : line.indexOf(': ', tag)
  if (colon === -1) {
    return tag === -1
      ? reject('unknown_shape', 'no [accept date]: not an HAProxy log line')
      : reject('malformed', 'the line ends before the HAProxy message')
  }
  const first = line.charCodeAt(colon + 2)
  if ((first >= 48 && first <= 57) || first === 58 || first === 91 || Number.isNaN(first)) {
    return reject('malformed', 'the line ends before the [accept date]')
  }
  return SKIP
}

/** A parser reading captured request headers under the given names, times in `zone`. */
export function createHaproxyParser(captureNames: readonly string[] = [], zone: Zone = UTC_ZONE): Parser {
  const names = captureNames.map((n) => n.toLowerCase())
  const scan = new Scan()

  function parse(line: string): ParseOutcome {
    const date = acceptDate(line)
    if (date === -1) return withoutAcceptDate(line)
    const clientStart = line.lastIndexOf(' ', date - 2) + 1
    const client = line.slice(clientStart, date - 1)
    const dateEnd = line.indexOf('] ', date)
    if (dateEnd === -1) return reject('malformed', 'the accept date is not closed')
    const ts = parseClfNoZone(line, zone, date + 1, dateEnd)
    if (ts < 0) return reject('bad_timestamp', 'the accept date is not dd/Mon/yyyy:HH:MM:SS.mmm')
    const s = scan.reset(line, dateEnd + 2)
    const frontend = s.word()
    // Connection errors read "frontend/bind: SSL handshake failure": not a request.
    if (frontend === null) return reject('malformed', 'the line ends after the accept date')
    if (frontend.endsWith(':')) return SKIP
    const backendServer = s.word()
    if (backendServer === null) return reject('malformed', 'the line ends after the frontend name')
    const timers = s.word()?.split('/')
    if (timers === undefined) return reject('malformed', 'the line ends before the timers')
    if (timers.length === 3 && !s.atEnd()) return SKIP // TCP log: Tw/Tc/Tt, then its byte count
    if (timers.length !== 5) return reject('malformed', 'the timers are not TR/Tw/Tc/Tr/Ta')
    const total = timer(timers[4])
    const statusWord = s.word()
    const status = statusWord === '-1' ? 0 : Number(statusWord)
    const bytes = timer(s.word() ?? undefined)
    if (Number.isNaN(total)) return badNumber('the total time (Ta)')
    if (!Number.isInteger(status)) return reject('malformed', 'the status is not a number')
    if (Number.isNaN(bytes) || bytes < 0) return badNumber('bytes_read')
    s.word() // captured request cookie
    s.word() // captured response cookie
    s.word() // termination state
    s.word() // actconn/feconn/beconn/srv_conn/retries
    s.word() // srv_queue/backend_queue
    let requestHeaders: string | undefined
    let braces = 0
    while (line.charCodeAt(s.i) === 123 && braces < 2) {
      const close = line.indexOf('} ', s.i)
      if (close === -1) return reject('malformed', 'a captured-headers block is not closed')
      if (braces === 0) requestHeaders = line.slice(s.i + 1, close)
      s.i = close + 2
      braces++
    }
    if (line.charCodeAt(s.i) !== 34) return reject('malformed', 'no quoted request at the end')
    let request = line.slice(s.i + 1)
    if (request.charCodeAt(request.length - 1) === 34) request = request.slice(0, -1)
    if (request.startsWith('<BADREQ>'))
      return reject('bad_request_line', 'HAProxy logged <BADREQ>: the request could not be parsed')
    const rl = splitRequestLine(decodeHaproxy(request))
    if (rl === null) return reject('bad_request_line', 'the request is not "METHOD target [HTTP/x]"')
    const slash = backendServer.indexOf('/')
    const server = slash === -1 ? undefined : backendServer.slice(slash + 1)
    const rec: RawRecord = {
      ts,
      method: rl.method,
      target: rl.target,
      protocol: rl.protocol,
      status,
      client_ip: addrWithoutPort(client),
      user_agent: '',
      response_bytes: bytes,
      latency_ms: total >= 0 ? total : undefined,
      upstream_service: slash === -1 ? backendServer : backendServer.slice(0, slash),
      upstream_host: server === undefined || server === '<NOSRV>' ? undefined : server,
    }
    if (requestHeaders !== undefined && names.length > 0) {
      const values = requestHeaders.split('|')
      for (let i = 0; i < names.length && i < values.length; i++)
        addHeader(rec, names[i]!, decodeHaproxy(values[i]!))
      fieldsFromHeaders(rec)
    }
    return checkRecord(rec) ?? { ok: true, record: rec }
  }

  return guarded('haproxy', parse)
}

const shared = createHaproxyParser()

export const haproxyFormat: FormatDefinition = {
  summary: "HAProxy's HTTP log format (option httplog), with or without a syslog prefix.",
  detectable: true,
  shared,
  create(options: ParserOptions) {
    const names = options.haproxy?.capture_request_headers ?? []
    const zone = zoneOption(options)
    return names.length === 0 && zone === UTC_ZONE ? shared : createHaproxyParser(names, zone)
  },
}
export const haproxy = shared
