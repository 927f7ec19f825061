// Parser for Gatewatch's nginx JSON log_format (escape=json; the exact `log_format` line is in
// collector/README.md). nginx writes every value as a string; numbers are accepted too, so a
// hand-edited format with unquoted `$status` still parses. JSON.parse is native and the fastest
// correct way to read these lines.
import { optionalText, parseTimeIso } from '../nginx-fields.js'
import { type ParseOutcome, type Parser, reject } from '../types.js'

type Fields = Record<string, unknown>

function text(o: Fields, key: string): string | undefined {
  const v = o[key]
  if (typeof v === 'string') return optionalText(v)
  if (typeof v === 'number') return String(v)
  return undefined
}

/** A non-negative number field; undefined when absent or `-`, NaN when present but not a number. */
function num(o: Fields, key: string): number | undefined {
  const v = o[key]
  if (typeof v === 'number') return v >= 0 ? v : Number.NaN
  if (typeof v !== 'string' || v === '' || v === '-') return undefined
  const n = Number(v)
  return n >= 0 ? n : Number.NaN
}

const REQUIRED = ['time_iso8601', 'remote_addr', 'request_method', 'request_uri', 'status'] as const

export function parseNginxJson(line: string): ParseOutcome {
  if (line.charCodeAt(0) !== 123) return reject('unknown_shape', 'the line is not a JSON object')
  let o: Fields
  try {
    o = JSON.parse(line) as Fields
  } catch {
    return reject('malformed', 'the line is not valid JSON')
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    return reject('unknown_shape', 'not a JSON object')
  for (const key of REQUIRED) {
    if (o[key] === undefined) return reject('unknown_shape', `missing key ${key}`)
  }
  const ts = parseTimeIso(String(o.time_iso8601))
  if (ts < 0) return reject('bad_timestamp', 'time_iso8601 is not an ISO 8601 time with a zone')
  const method = text(o, 'request_method')
  const target = text(o, 'request_uri')
  if (method === undefined || method.length > 16 || target === undefined) {
    return reject('bad_request_line', 'request_method or request_uri is empty or not text')
  }
  const status = num(o, 'status')
  if (status === undefined || !Number.isInteger(status) || status > 999) {
    return reject('malformed', 'status is not an integer 0-999')
  }
  const responseBytes = num(o, 'body_bytes_sent')
  const requestBytes = num(o, 'request_length')
  const requestTime = num(o, 'request_time')
  if (Number.isNaN(responseBytes) || Number.isNaN(requestBytes) || Number.isNaN(requestTime)) {
    return reject('malformed', 'body_bytes_sent, request_length or request_time is not a number')
  }
  return {
    ok: true,
    record: {
      ts,
      method,
      target,
      protocol: text(o, 'server_protocol') ?? '',
      status,
      client_ip: text(o, 'remote_addr') ?? '',
      user_agent: text(o, 'http_user_agent') ?? '',
      response_bytes: responseBytes,
      request_bytes: requestBytes,
      // nginx's $request_time is seconds with ms resolution.
      latency_ms: requestTime === undefined ? undefined : Math.round(requestTime * 1_000_000) / 1000,
      forwarded_for: text(o, 'x_forwarded_for'),
      referer: text(o, 'http_referer'),
      host: text(o, 'http_host'),
      authorization: text(o, 'http_authorization'),
      api_key: text(o, 'http_x_api_key'),
      cookie: text(o, 'http_cookie'),
      request_id: text(o, 'request_id'),
      upstream_service: text(o, 'upstream_service'),
    },
  }
}

export const nginxJson: Parser = { format: 'nginx-json', parse: parseNginxJson }
