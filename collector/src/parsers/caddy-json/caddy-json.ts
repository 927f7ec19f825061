// Parser for Caddy's JSON access log (the `http.log.access…` loggers): ts (epoch seconds, or ISO
// text with a custom time_format), request.{remote_ip, client_ip, method, host, uri, proto,
// headers{Name: [values]}}, status, size, bytes_read, duration (seconds, or Go duration text with
// duration_format: string), user_id. Caddy's other log lines in the same stream (startup, TLS,
// admin) are skipped. `docker compose logs` output, with its `service  | ` prefix, is read too.
// Caddy writes Authorization and Cookie as "REDACTED" unless log_credentials is on; the
// placeholder is dropped rather than taken for a credential.
import { badNumber, checkRecord, fieldsFromHeaders, headersFromObject } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { num, obj, parseJsonObject, text } from '../json.js'
import { parseEpoch, parseIso } from '../time.js'
import { type ParseOutcome, type RawRecord, reject, SKIP } from '../types.js'

const ACCESS_LOGGER = 'http.log.access'
const GO_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
}

/** Go's time.Duration text (`1.5ms`, `2m3.5s`, `812µs`) → ms, or NaN. */
export function goDurationMs(s: string): number {
  let total = 0
  let i = 0
  if (s === '0') return 0
  while (i < s.length) {
    let j = i
    while (j < s.length && ((s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) || s.charCodeAt(j) === 46)) j++
    if (j === i) return Number.NaN
    const n = Number(s.slice(i, j))
    let k = j
    while (k < s.length && !((s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) || s.charCodeAt(k) === 46)) k++
    const unit = GO_UNITS[s.slice(j, k)]
    if (unit === undefined || !Number.isFinite(n)) return Number.NaN
    total += n * unit
    i = k
  }
  return total
}

/** Where the JSON starts: 0, or after a `docker compose logs` prefix (`caddy  | `). */
function jsonStart(line: string): number {
  if (line.charCodeAt(0) === 123) return 0
  const bar = line.indexOf('| {')
  return bar !== -1 && bar < 128 ? bar + 2 : 0
}

export function parseCaddyJson(line: string): ParseOutcome {
  const start = jsonStart(line)
  const parsed = parseJsonObject(start === 0 ? line : line.slice(start))
  if (!parsed.ok) return parsed
  const o = parsed.value
  const logger = text(o.logger)
  const request = obj(o.request)
  if (logger === undefined || !logger.startsWith(ACCESS_LOGGER)) {
    if (o.msg !== undefined && request === undefined) return SKIP
    return reject('unknown_shape', `the logger is not ${ACCESS_LOGGER}: not a Caddy access log`)
  }
  if (request === undefined) return reject('unknown_shape', 'missing object request')
  const method = text(request.method)
  const target = text(request.uri)
  if (method === undefined || target === undefined)
    return reject('bad_request_line', 'request.method or request.uri is missing')
  const ts = typeof o.ts === 'string' && o.ts.includes('-') ? parseIso(o.ts) : parseEpoch(o.ts, 's')
  if (ts < 0) return reject('bad_timestamp', 'ts is not epoch seconds or an ISO 8601 time')
  const status = num(o.status)
  if (status === undefined) return reject('unknown_shape', 'missing key status')
  if (Number.isNaN(status)) return badNumber('status')
  const size = num(o.size)
  const read = num(o.bytes_read)
  if (Number.isNaN(size)) return badNumber('size')
  if (Number.isNaN(read)) return badNumber('bytes_read')
  let latency: number | undefined
  if (typeof o.duration === 'string') latency = goDurationMs(o.duration)
  else {
    const d = num(o.duration)
    latency = d === undefined ? undefined : d * 1000
  }
  if (Number.isNaN(latency)) return badNumber('duration')
  const rec: RawRecord = {
    ts,
    method,
    target,
    protocol: text(request.proto) ?? '',
    status,
    client_ip: text(request.client_ip) ?? text(request.remote_ip) ?? '',
    user_agent: '',
    request_bytes: read,
    response_bytes: size,
    latency_ms: latency === undefined ? undefined : Math.round(latency * 1000) / 1000,
    host: text(request.host),
    remote_user: text(o.user_id),
    headers: headersFromObject(obj(request.headers)),
  }
  fieldsFromHeaders(rec)
  return checkRecord(rec) ?? { ok: true, record: rec }
}

export const caddyJsonFormat = statelessFormat(
  'caddy-json',
  "Caddy's JSON access log (http.log.access loggers).",
  parseCaddyJson,
)
export const caddyJson = caddyJsonFormat.shared!
