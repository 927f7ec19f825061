// Parser for Traefik's JSON access log (`accessLog.format: json`): StartUTC, RequestMethod,
// RequestPath (with the query), RequestProtocol, DownstreamStatus (answered to the client),
// OriginStatus (from the service; 0 when none answered), Duration (ns), RequestHost, ClientHost,
// ClientUsername, RouterName, ServiceName, ServiceAddr, DownstreamContentSize, RequestContentSize,
// and the request headers Traefik keeps (`accessLog.fields.headers`), logged as
// `request_<Header-Name>`. Traefik's own log lines (level and msg, no request) are skipped.
import { addHeader, badNumber, checkRecord, fieldsFromHeaders } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { first, type JsonObject, num, parseJsonObject, text } from '../json.js'
import { parseIso } from '../time.js'
import { type ParseOutcome, type RawRecord, reject, SKIP } from '../types.js'

const REQUEST_HEADER = 'request_'

function requestHeaders(o: JsonObject, rec: RawRecord): void {
  for (const key in o) {
    if (!key.startsWith(REQUEST_HEADER)) continue
    const v = o[key]
    if (typeof v === 'string') addHeader(rec, key.slice(REQUEST_HEADER.length), v)
  }
}

export function parseTraefikJson(line: string): ParseOutcome {
  const parsed = parseJsonObject(line)
  if (!parsed.ok) return parsed
  const o = parsed.value
  const method = text(o.RequestMethod)
  if (method === undefined) {
    if (o.msg !== undefined && o.RequestPath === undefined) return SKIP
    return reject('unknown_shape', 'missing key RequestMethod: not a Traefik access log')
  }
  const target = text(o.RequestPath)
  if (target === undefined) return reject('bad_request_line', 'RequestPath is missing')
  const time = text(first(o, ['StartUTC', 'StartLocal', 'time']))
  if (time === undefined) return reject('unknown_shape', 'missing key StartUTC')
  const ts = parseIso(time)
  if (ts < 0) return reject('bad_timestamp', 'StartUTC is not an ISO 8601 time with a zone')
  const status = num(first(o, ['DownstreamStatus', 'OriginStatus']))
  if (status === undefined) return reject('unknown_shape', 'missing key DownstreamStatus')
  if (Number.isNaN(status)) return badNumber('DownstreamStatus')
  const origin = num(o.OriginStatus)
  const duration = num(o.Duration)
  const size = num(o.DownstreamContentSize)
  const requestSize = num(o.RequestContentSize)
  if (Number.isNaN(origin)) return badNumber('OriginStatus')
  if (Number.isNaN(duration)) return badNumber('Duration')
  if (Number.isNaN(size)) return badNumber('DownstreamContentSize')
  if (Number.isNaN(requestSize)) return badNumber('RequestContentSize')
  const rec: RawRecord = {
    ts,
    method,
    target,
    protocol: text(o.RequestProtocol) ?? '',
    status,
    client_ip: text(o.ClientHost) ?? '',
    user_agent: '',
    request_bytes: requestSize,
    response_bytes: size,
    latency_ms: duration === undefined ? undefined : duration / 1e6,
    host: text(o.RequestHost) ?? text(o.RequestAddr),
    remote_user: text(o.ClientUsername),
    gateway_route: text(o.RouterName),
    upstream_service: text(o.ServiceName),
    upstream_host: text(o.ServiceAddr),
    upstream_status: origin === 0 ? undefined : origin,
  }
  requestHeaders(o, rec)
  fieldsFromHeaders(rec)
  return checkRecord(rec) ?? { ok: true, record: rec }
}

export const traefikJsonFormat = statelessFormat(
  'traefik-json',
  "Traefik's JSON access log (accessLog.format: json).",
  parseTraefikJson,
)
export const traefikJson = traefikJsonFormat.shared!
