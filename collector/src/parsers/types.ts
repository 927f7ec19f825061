// What every parser returns for one line: a raw record with the fields of the gateway's log
// format, a skip (directives, comments, blank lines, the gateway's own notices), or a typed
// rejection. Parsers are created once per input source (createParser in registry.ts) because some
// formats keep state between lines (IIS `#Fields:`, auto-detection); everything after them works
// on one record at a time.
import type { Logger } from '../log.js'
import type { ParserOptions } from './config.js'

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
  /** Raw X-Api-Key (or Kong's `apikey`) header: a credential. */
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
  /**
   * The identity the gateway itself authenticated, when it logs one: Kong `consumer.username`
   * (else its id), API Gateway `authorizer.principalId` or `authorizer.claims.sub`, Traefik
   * `ClientUsername`. A name or id, never a secret.
   */
  consumer?: string
  /** Address (or name) of the upstream that served the request: Envoy upstream_host, ALB target, ... */
  upstream_host?: string
  /** Status the upstream answered, when the gateway logs it apart from its own (ALB, Traefik, Kong). */
  upstream_status?: number
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
  /** A JSON line nested deeper, or with more keys and elements, than a log line ever needs. */
  | 'too_complex'
  /** A number that parses but cannot be true: a status above 999, negative or astronomical sizes. */
  | 'out_of_range'

export interface Rejection {
  ok: false
  reason: RejectReason
  /** One sentence on what was wrong; never contains the line's credentials. */
  detail: string
}

/** A line that is neither an event nor an error: counted as skipped, not shipped, position advances. */
export interface Skip {
  ok: 'skip'
}

/** What a format's line function returns: a record or a rejection (skips come from the guard). */
export type RecordOutcome = { ok: true; record: RawRecord } | Rejection

export type ParseOutcome = RecordOutcome | Skip

export interface Parser {
  /** Registry key, e.g. `nginx-combined` (for `auto`, the format it detected once it has). */
  readonly format: string
  parse(line: string): ParseOutcome
  /**
   * Optional: the lines of an input batch, given before they are parsed one by one, so a parser
   * that detects its format (`auto`) can look at more than the first line before deciding.
   */
  lookahead?(lines: readonly string[]): void
}

/** What a parser may use besides its options: where its lines come from and where to log. */
export interface ParserContext {
  /** Name of the source (a path, an input name), used only in log messages. */
  source?: string
  log?: Logger
}

export const SKIP: Skip = Object.freeze({ ok: 'skip' }) as Skip

export function reject(reason: RejectReason, detail: string): Rejection {
  return { ok: false, reason, detail }
}

export function accept(record: RawRecord): RecordOutcome {
  return { ok: true, record }
}

/** One entry of the format registry: how to create the parser of a format for a source. */
export interface FormatDefinition {
  /** One sentence for the docs and error messages. */
  readonly summary: string
  /** Creates the parser for one source; throws ParserConfigError when the options cannot work. */
  create(options: ParserOptions, context: ParserContext): Parser
  /** One parser shared by every source, when the format keeps no state and needs no options. */
  readonly shared?: Parser
  /** Whether `auto` may choose this format (not when it needs options, such as a LogFormat). */
  readonly detectable: boolean
}
