// Parser for Gatewatch's nginx JSON log_format (escape=json; the exact `log_format` line is in
// collector/README.md). nginx writes every value as a string; numbers are accepted too, so a
// hand-edited format with unquoted `$status` still parses. JSON.parse (through parseJsonObject,
// which bounds depth and size and refuses repeated keys) is native and the fastest correct way to
// read these lines.
import { badNumber, checkRecord } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { type JsonObject, num, parseJsonObject, text } from '../json.js'
import { parseTimeIso } from '../nginx-fields.js'
import { type RawRecord, type RecordOutcome, reject } from '../types.js'

const REQUIRED = ['time_iso8601', 'remote_addr', 'request_method', 'request_uri', 'status'] as const

export function parseNginxJson(line: string): RecordOutcome {
  const parsed = parseJsonObject(line)
  if (!parsed.ok) return parsed
  const o: JsonObject = parsed.value
  for (const key of REQUIRED) {
    if (o[key] === undefined) return reject('unknown_shape', `missing key ${key}`)
  }
  const ts = parseTimeIso(String(o.time_iso8601))
  if (ts < 0) return reject('bad_timestamp', 'time_iso8601 is not an ISO 8601 time with a zone')
  const method = text(o.request_method)
  const target = text(o.request_uri)
  if (method === undefined || method.length > 16 || target === undefined) {
    return reject('bad_request_line', 'request_method or request_uri is empty or not text')
  }
  const status = num(o.status)
  if (status === undefined || !Number.isInteger(status)) {
    return reject('malformed', 'status is not an integer 0-999')
  }
  const responseBytes = num(o.body_bytes_sent)
  const requestBytes = num(o.request_length)
  const requestTime = num(o.request_time)
  if (Number.isNaN(responseBytes)) return badNumber('body_bytes_sent')
  if (Number.isNaN(requestBytes)) return badNumber('request_length')
  if (Number.isNaN(requestTime)) return badNumber('request_time')
  const record: RawRecord = {
    ts,
    method,
    target,
    protocol: text(o.server_protocol) ?? '',
    status,
    client_ip: text(o.remote_addr) ?? '',
    user_agent: text(o.http_user_agent) ?? '',
    response_bytes: responseBytes,
    request_bytes: requestBytes,
    // nginx's $request_time is seconds with ms resolution.
    latency_ms: requestTime === undefined ? undefined : Math.round(requestTime * 1_000_000) / 1000,
    forwarded_for: text(o.x_forwarded_for),
    referer: text(o.http_referer),
    host: text(o.http_host),
    authorization: text(o.http_authorization),
    api_key: text(o.http_x_api_key),
    cookie: text(o.http_cookie),
    request_id: text(o.request_id),
    upstream_service: text(o.upstream_service),
  }
  return checkRecord(record) ?? { ok: true, record }
}

export const nginxJsonFormat = statelessFormat(
  'nginx-json',
  "Gatewatch's nginx JSON log_format (escape=json; see the README).",
  parseNginxJson,
)
export const nginxJson = nginxJsonFormat.shared!
