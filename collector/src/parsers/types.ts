// What every parser returns: one raw record with the fields of the gateway's log format, or a typed
// rejection. Parsers are pure functions of one line; everything else happens after them.

/** The fields a gateway log line carries, before normalization and redaction. */
export interface RawRecord {
  /** Event time, ms since the epoch. */
  ts: number
  method: string
  /** Request target as logged: path plus `?query`, or an absolute URI for proxy requests. */
  target: string
  protocol: string
  status: number
  client_ip: string
  user_agent: string
  response_bytes?: number
  request_bytes?: number
  latency_ms?: number
  /** Raw X-Forwarded-For header. */
  forwarded_for?: string
  referer?: string
  host?: string
  /** Raw Authorization header: a credential, redacted before anything leaves the collector. */
  authorization?: string
  /** Raw X-Api-Key header: a credential. */
  api_key?: string
  /** nginx `$remote_user`: the basic-auth user name (not a secret), without the password. */
  remote_user?: string
  /** Raw Cookie header: may carry a session credential. */
  cookie?: string
  request_id?: string
  upstream_service?: string
  /** Route or API name configured in the gateway (Kong route, Envoy route_name, API Gateway resource). */
  gateway_route?: string
  /**
   * Request headers the format logged, lower-case names, raw values. May hold credentials: the
   * redactor reads them and keeps only allowlisted, non-secret ones.
   */
  headers?: Record<string, string>
}

/** Why a line (or an event built from it) was not shipped. Low-cardinality: used as a metric label. */
export type RejectReason =
  | 'malformed'
  | 'too_long'
  | 'binary'
  | 'unknown_shape'
  | 'bad_timestamp'
  | 'bad_request_line'
  | 'invalid_event'

export interface Rejection {
  ok: false
  reason: RejectReason
  /** One sentence on what was wrong; never contains the line's credentials. */
  detail: string
}

export type ParseOutcome = { ok: true; record: RawRecord } | Rejection

export interface Parser {
  /** Registry key, e.g. `nginx-combined`. */
  readonly format: string
  parse(line: string): ParseOutcome
}

export function reject(reason: RejectReason, detail: string): Rejection {
  return { ok: false, reason, detail }
}
