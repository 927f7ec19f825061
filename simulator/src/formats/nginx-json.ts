// nginx JSON log_format (escape=json) as Gatewatch documents it: every value is a string, an
// unset variable is "", and the keys come in the documented order. nginx's escape=json escapes
// the same characters JSON.stringify does.
import { requestUri, type SimulatedRequest } from '../request.js'
import { timeIso8601 } from './time.js'

/** The documented keys, in order (collector/README.md holds the matching `log_format` line). */
export const NGINX_JSON_KEYS = [
  'time_iso8601',
  'remote_addr',
  'x_forwarded_for',
  'request_method',
  'request_uri',
  'server_protocol',
  'status',
  'body_bytes_sent',
  'request_length',
  'request_time',
  'http_host',
  'http_user_agent',
  'http_referer',
  'http_authorization',
  'http_x_api_key',
  'request_id',
  'upstream_service',
] as const

export function formatNginxJson(req: SimulatedRequest): string {
  const fields: Record<(typeof NGINX_JSON_KEYS)[number], string> = {
    time_iso8601: timeIso8601(req.ts),
    remote_addr: req.clientIp,
    x_forwarded_for: req.forwardedFor ?? '',
    request_method: req.method,
    request_uri: requestUri(req),
    server_protocol: req.protocol,
    status: String(req.status),
    body_bytes_sent: String(req.responseBytes),
    request_length: String(req.requestBytes),
    // $request_time: seconds with millisecond resolution.
    request_time: (req.latencyMs / 1000).toFixed(3),
    http_host: req.host,
    http_user_agent: req.userAgent,
    http_referer: req.referer ?? '',
    http_authorization: req.authorization ?? '',
    http_x_api_key: req.apiKey ?? '',
    request_id: req.requestId,
    upstream_service: req.service,
  }
  return JSON.stringify(fields)
}
