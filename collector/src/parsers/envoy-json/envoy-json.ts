// Parser for Envoy JSON access logs (`json_format` / Istio `accessLogEncoding: JSON`). The keys
// are the operator's choice; this reads the names Envoy's docs and Istio's default use, in both
// spellings (`user-agent` / `user_agent`): start_time, method, x-envoy-original-path or path,
// protocol, response_code, bytes_received, bytes_sent, duration, x-forwarded-for, user-agent,
// request-id, authority, upstream_host, upstream_cluster, route_name, downstream_remote_address.
// Any other key with a text value that is not an Envoy command operator is taken as a request
// header logged with %REQ(...)% (lower-cased, `_` read as `-`), e.g. "authorization". Entries with
// neither method nor path are TCP connections and are skipped.
import { lastHop, serviceOfCluster } from '../envoy/envoy.js'
import { addHeader, badNumber, checkRecord, fieldsFromHeaders, withoutPort } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { first, type JsonObject, num, parseJsonObject, text } from '../json.js'
import { parseEpoch, parseIso } from '../time.js'
import { type ParseOutcome, type RawRecord, reject, SKIP } from '../types.js'

const TIME = ['start_time', 'timestamp', '@timestamp', 'time']
const METHOD = ['method', 'request_method', ':method']
const PATH = [
  'x-envoy-origin-path',
  'x-envoy-original-path',
  'x_envoy_original_path',
  'path',
  'request_uri',
  ':path',
  'uri',
]
const PROTOCOL = ['protocol', 'server_protocol']
const STATUS = ['response_code', 'status', 'status_code', 'responseCode']
const RECEIVED = ['bytes_received', 'request_length']
const SENT = ['bytes_sent']
const DURATION = ['duration', 'request_time']
const XFF = ['x-forwarded-for', 'x_forwarded_for', 'forwarded_for', 'http_x_forwarded_for']
const UA = ['user-agent', 'user_agent', 'http_user_agent']
const REQUEST_ID = ['request-id', 'request_id', 'x-request-id', 'x_request_id']
const AUTHORITY = ['authority', ':authority', 'request_authority', 'host']
const UPSTREAM = ['upstream_host', 'upstream']
const CLUSTER = ['upstream_cluster']
const ROUTE = ['route_name']
const REMOTE = ['downstream_remote_address', 'downstream_remote', 'downstream_direct_remote_address']
const REFERER = ['referer', 'referrer']

/** Keys that hold command-operator output, not request headers. */
const OPERATOR_KEYS = new Set([
  ...[TIME, METHOD, PATH, PROTOCOL, STATUS, RECEIVED, SENT, DURATION, XFF, UA, REQUEST_ID, AUTHORITY].flat(),
  ...[UPSTREAM, CLUSTER, ROUTE, REMOTE, REFERER].flat(),
  'response_flags',
  'response_code_details',
  'connection_termination_details',
  'upstream_transport_failure_reason',
  'upstream_failure_reason',
  'upstream_local_address',
  'upstream_local',
  'downstream_local_address',
  'downstream_local',
  'requested_server_name',
  'requested_server',
  'upstream_service_time',
  'upstream_service',
  'request_duration',
  'response_duration',
  'response_tx_duration',
  'connection_id',
  'mode',
  'level',
  'msg',
  'message',
  'grpc_status',
  'trace_id',
  'span_id',
  'traceparent',
])

/** Envoy's START_TIME as ISO text, or as epoch seconds from `%START_TIME(%s.%6f)%`. */
function startTime(v: unknown): number {
  if (typeof v === 'string' && v.length > 0 && (v.charCodeAt(0) < 48 || v.indexOf('-') !== -1))
    return parseIso(v)
  return parseEpoch(v, 's')
}

function loggedHeaders(o: JsonObject, rec: RawRecord): void {
  for (const key in o) {
    if (OPERATOR_KEYS.has(key)) continue
    const v = o[key]
    if (typeof v !== 'string') continue
    addHeader(rec, key.replaceAll('_', '-'), v)
  }
}

export function parseEnvoyJson(line: string): ParseOutcome {
  const parsed = parseJsonObject(line)
  if (!parsed.ok) return parsed
  const o = parsed.value
  const method = text(first(o, METHOD))
  const path = text(first(o, PATH))
  if (method === undefined && path === undefined) {
    if (first(o, STATUS) === undefined)
      return reject('unknown_shape', 'no method, path or response_code key: not an Envoy access log')
    return SKIP
  }
  if (method === undefined || path === undefined)
    return reject('bad_request_line', 'method or path is missing')
  const rawTime = first(o, TIME)
  if (rawTime === undefined) return reject('unknown_shape', 'missing key start_time')
  const ts = startTime(rawTime)
  if (ts < 0) return reject('bad_timestamp', 'start_time is not an ISO 8601 time or epoch seconds')
  const status = num(first(o, STATUS))
  if (status === undefined) return reject('unknown_shape', 'missing key response_code')
  if (Number.isNaN(status)) return badNumber('response_code')
  const received = num(first(o, RECEIVED))
  const sent = num(first(o, SENT))
  const duration = num(first(o, DURATION))
  if (Number.isNaN(received)) return badNumber('bytes_received')
  if (Number.isNaN(sent)) return badNumber('bytes_sent')
  if (Number.isNaN(duration)) return badNumber('duration')
  const xff = text(first(o, XFF))
  const remote = text(first(o, REMOTE))
  const rec: RawRecord = {
    ts,
    method,
    target: path,
    protocol: text(first(o, PROTOCOL)) ?? '',
    status,
    client_ip: remote !== undefined ? withoutPort(remote) : lastHop(xff),
    user_agent: text(first(o, UA)) ?? '',
    request_bytes: received,
    response_bytes: sent,
    latency_ms: duration,
    forwarded_for: xff,
    referer: text(first(o, REFERER)),
    host: text(first(o, AUTHORITY)),
    request_id: text(first(o, REQUEST_ID)),
    upstream_host: text(first(o, UPSTREAM)),
    upstream_service: serviceOfCluster(text(first(o, CLUSTER))),
    gateway_route: text(first(o, ROUTE)),
  }
  loggedHeaders(o, rec)
  fieldsFromHeaders(rec)
  return checkRecord(rec) ?? { ok: true, record: rec }
}

export const envoyJsonFormat = statelessFormat(
  'envoy-json',
  'Envoy / Istio JSON access logs with the usual command-operator keys.',
  parseEnvoyJson,
)
export const envoyJson = envoyJsonFormat.shared!
