// Parser for Envoy's default text access-log format:
//   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
//   %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
//   "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
// and Istio's default, which inserts %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
// "%UPSTREAM_TRANSPORT_FAILURE_REASON%" after the flags and appends %UPSTREAM_CLUSTER%
// %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
// %REQUESTED_SERVER_NAME% %ROUTE_NAME%. TCP proxy entries (`"- - -"`) are skipped: they are
// connections, not requests.
//
// The default format has no client address: the client is the last X-Forwarded-For hop, which is
// the address Envoy itself appends when `use_remote_address` is on. Istio's downstream remote
// address is used when present. Envoy does not escape quotes inside values, so a quote followed
// by a space inside a user agent ends that field early; such lines are rejected, not guessed.
import { checkRecord, withoutPort } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { splitRequestLine } from '../nginx-fields.js'
import { count, present, Scan } from '../scan.js'
import { parseIso } from '../time.js'
import { type ParseOutcome, type RawRecord, reject, SKIP } from '../types.js'

const scan = new Scan()

function isDigitStart(v: string | null): boolean {
  if (v === null) return false
  const c = v.charCodeAt(0)
  return c >= 48 && c <= 57
}

/** Istio clusters read `outbound|80|subset|reviews.default.svc.cluster.local`: the service is the host. */
export function serviceOfCluster(cluster: string | undefined): string | undefined {
  if (cluster === undefined) return undefined
  return present(cluster.slice(cluster.lastIndexOf('|') + 1))
}

/** The last X-Forwarded-For hop: the address Envoy appends itself (use_remote_address). */
export function lastHop(xff: string | undefined): string {
  if (xff === undefined) return ''
  return xff.slice(xff.lastIndexOf(',') + 1).trim()
}

export function parseEnvoy(line: string): ParseOutcome {
  if (line.charCodeAt(0) !== 91) return reject('unknown_shape', 'the line does not start with [START_TIME]')
  const tEnd = line.indexOf('] "', 1)
  if (tEnd === -1) return reject('malformed', 'no quoted request after [START_TIME]')
  const ts = parseIso(line, undefined, 1, tEnd)
  if (ts < 0) return reject('bad_timestamp', 'START_TIME is not an ISO 8601 time with a zone')
  const rqEnd = line.indexOf('" ', tEnd + 3)
  if (rqEnd === -1) return reject('malformed', 'the quoted request is not closed')
  const request = line.slice(tEnd + 3, rqEnd)
  if (request === '- - -') return SKIP
  const rl = splitRequestLine(request)
  if (rl === null) return reject('bad_request_line', 'the request is not "METHOD path PROTOCOL"')

  const s = scan.reset(line, rqEnd + 2)
  const code = count(s.word())
  s.word() // RESPONSE_FLAGS
  let next = s.word()
  if (!isDigitStart(next)) {
    // Istio: RESPONSE_CODE_DETAILS CONNECTION_TERMINATION_DETAILS "UPSTREAM_TRANSPORT_FAILURE_REASON"
    s.word()
    if (s.quoted() === null)
      return reject('malformed', 'expected the quoted upstream failure reason of the Istio format')
    next = s.word()
  }
  const received = count(next)
  const sent = count(s.word())
  const duration = count(s.word())
  s.word() // X-ENVOY-UPSTREAM-SERVICE-TIME
  if (code === undefined || Number.isNaN(code)) return reject('malformed', 'RESPONSE_CODE is not a number')
  if ([received, sent, duration].some((n) => Number.isNaN(n))) {
    return reject('out_of_range', 'BYTES_RECEIVED, BYTES_SENT or DURATION is not a count')
  }
  const xff = present(s.quoted())
  const ua = s.quoted()
  const requestId = s.quoted()
  const authority = s.quoted()
  const upstream = s.quoted()
  if (upstream === null || ua === null || requestId === null || authority === null) {
    return reject(
      'malformed',
      'expected five quoted fields: X-Forwarded-For, User-Agent, X-Request-Id, authority, upstream host',
    )
  }
  // Istio's trailing fields, when present.
  const cluster = present(s.word())
  s.word() // UPSTREAM_LOCAL_ADDRESS
  s.word() // DOWNSTREAM_LOCAL_ADDRESS
  const downstream = present(s.word())
  s.word() // REQUESTED_SERVER_NAME
  const route = present(s.word())

  const rec: RawRecord = {
    ts,
    method: rl.method,
    target: rl.target,
    protocol: rl.protocol,
    status: code,
    client_ip: downstream !== undefined ? withoutPort(downstream) : lastHop(xff),
    user_agent: present(ua) ?? '',
    request_bytes: received,
    response_bytes: sent,
    latency_ms: duration,
    forwarded_for: xff,
    request_id: present(requestId),
    host: present(authority),
    upstream_host: present(upstream),
    upstream_service: serviceOfCluster(cluster),
    gateway_route: route,
  }
  return checkRecord(rec) ?? { ok: true, record: rec }
}

export const envoyFormat = statelessFormat(
  'envoy',
  "Envoy's (and Istio's) default text access-log format.",
  parseEnvoy,
)
export const envoy = envoyFormat.shared!
