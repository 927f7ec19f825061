// Parser for AWS Application Load Balancer access-log entries (one per request, space-separated,
// some fields quoted):
//   type time elb client:port target:port request_processing_time target_processing_time
//   response_processing_time elb_status_code target_status_code received_bytes sent_bytes
//   "request" "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
//   "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed" ...
// Fields after target_group_arn are read when present; the trailing fields AWS keeps adding
// (classification, conn_trace_id, transformed_host, ...) are tolerated. Processing times are -1
// when the load balancer could not dispatch the request; the latency is the sum of those that are
// not. Entries of other logs (NLB `tls` entries, ALB connection logs) are rejected as unknown_shape.
import { badNumber, checkRecord } from '../fields.js'
import { statelessFormat } from '../guard.js'
import { splitRequestLine } from '../nginx-fields.js'
import { count, present, Scan } from '../scan.js'
import { parseIso } from '../time.js'
import { type ParseOutcome, type RawRecord, reject } from '../types.js'

const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss'])
const scan = new Scan()

/** `ip:port` → ip (ALB writes IPv6 clients as `addr:port` too: the port is after the last colon). */
function hostOf(v: string | undefined): string | undefined {
  if (v === undefined) return undefined
  if (v.charCodeAt(0) === 91) return v.slice(1, v.indexOf(']'))
  const colon = v.lastIndexOf(':')
  return colon === -1 ? v : v.slice(0, colon)
}

/** Quoted fields escape `"` and `\` with a backslash. */
function unescapeQuoted(v: string): string {
  return v.indexOf('\\') === -1 ? v : v.replace(/\\(["\\])/g, '$1')
}

/** Seconds with -1 meaning "not applicable": ms, 0 for -1, NaN for garbage. */
function seconds(v: string | null): number {
  if (v === '-1') return 0
  const n = Number(v)
  return v !== null && v.length > 0 && Number.isFinite(n) && n >= 0 ? n * 1000 : Number.NaN
}

/** `arn:aws:elasticloadbalancing:...:targetgroup/my-targets/73e2d6bc24d8a067` → my-targets. */
function targetGroup(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined
  const tg = arn.indexOf(':targetgroup/')
  if (tg === -1) return arn
  const name = arn.slice(tg + 13)
  const slash = name.indexOf('/')
  return slash === -1 ? name : name.slice(0, slash)
}

export function parseAwsAlb(line: string): ParseOutcome {
  const s = scan.reset(line)
  const type = s.word()
  if (type === null || !TYPES.has(type)) {
    return reject(
      'unknown_shape',
      'the entry type is not http, https, h2, grpcs, ws or wss: not an ALB access log entry',
    )
  }
  const time = s.word()
  const ts = time === null ? -1 : parseIso(time)
  if (ts < 0) return reject('bad_timestamp', 'time is not an ISO 8601 time')
  s.word() // elb
  const client = present(s.word())
  const target = present(s.word())
  const rpt = s.word()
  const latencies = [rpt, s.word(), s.word()]
  const elbStatus = count(s.word())
  const targetStatus = count(s.word())
  const received = count(s.word())
  const sent = count(s.word())
  if (s.atEnd()) return reject('malformed', 'the entry ends before the request field')
  const request = s.quoted(true)
  const ua = s.quoted(true)
  if (request === null || ua === null)
    return reject('malformed', 'request or user_agent is not a quoted field')
  s.word() // ssl_cipher
  s.word() // ssl_protocol
  const arn = present(s.word())
  const traceId = present(s.quoted(true))
  const domain = present(s.quoted(true))
  if (elbStatus === undefined)
    return reject('malformed', 'elb_status_code is "-": the load balancer sent no response')
  if (Number.isNaN(elbStatus)) return badNumber('elb_status_code')
  if (Number.isNaN(targetStatus)) return badNumber('target_status_code')
  if (Number.isNaN(received)) return badNumber('received_bytes')
  if (Number.isNaN(sent)) return badNumber('sent_bytes')
  let latency = 0
  for (const l of latencies) latency += seconds(l)
  if (Number.isNaN(latency)) return badNumber('a processing time')
  const rl = splitRequestLine(unescapeQuoted(request))
  if (rl === null)
    return reject(
      'bad_request_line',
      'the request is not "METHOD URL PROTOCOL" (ALB logs "- URL -" for unparsable requests)',
    )
  const rec: RawRecord = {
    ts,
    method: rl.method,
    target: rl.target,
    protocol: rl.protocol,
    status: elbStatus,
    client_ip: hostOf(client) ?? '',
    user_agent: ua === '-' ? '' : unescapeQuoted(ua),
    request_bytes: received,
    response_bytes: sent,
    latency_ms: rpt === '-1' && latency === 0 ? undefined : Math.round(latency * 1000) / 1000,
    request_id: traceId,
    upstream_service: targetGroup(arn),
    upstream_host: target,
    upstream_status: targetStatus,
    // The TLS server name when the client sent one; otherwise normalize takes the URL's authority.
    host: domain,
  }
  return checkRecord(rec) ?? { ok: true, record: rec }
}

export const awsAlbFormat = statelessFormat(
  'aws-alb',
  'AWS Application Load Balancer access-log entries.',
  parseAwsAlb,
)
export const awsAlb = awsAlbFormat.shared!
