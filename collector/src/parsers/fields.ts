// Helpers every format shares once a line is split: request headers into the RawRecord (lower-case
// names, credentials copied into their own fields, gateway placeholders dropped), addresses without
// their port, and the last check of a record's values before it leaves the parser.
import type { JsonObject } from './json.js'
import { saneTs } from './time.js'
import { type RawRecord, type Rejection, reject } from './types.js'

/** Headers copied into `headers` per request; credentials are read by name before the cap applies. */
export const MAX_HEADERS = 64
const MAX_HEADER_NAME = 64

/**
 * Kong replaces Authorization by `REDACTED`, and Caddy does so for Authorization, Cookie and
 * Set-Cookie unless `log_credentials` is on. The placeholder is not a credential: treating it as
 * one would give every caller the same principal, so these headers are dropped.
 */
const PLACEHOLDER = 'REDACTED'
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'apikey'])

/** Header names whose value is an API key (X-Api-Key; Kong key-auth's default `apikey`). */
const API_KEY_HEADERS = ['x-api-key', 'apikey', 'api-key'] as const

function headerValue(name: string, v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  if (Array.isArray(v)) {
    const parts: string[] = []
    for (const x of v) if (typeof x === 'string') parts.push(x)
    if (parts.length === 0) return undefined
    // Repeated Cookie headers are one cookie list (RFC 6265 §5.4); other repeated headers join with commas.
    return parts.join(name === 'cookie' ? '; ' : ', ')
  }
  return undefined
}

/**
 * Request headers from a JSON object (Kong `request.headers`, Caddy `request.headers`), names
 * lower-cased, values as text (arrays joined), at most MAX_HEADERS.
 */
export function headersFromObject(source: JsonObject | undefined): Record<string, string> | undefined {
  if (source === undefined) return undefined
  const out: Record<string, string> = {}
  let n = 0
  for (const raw in source) {
    if (raw.length === 0 || raw.length > MAX_HEADER_NAME) continue
    const name = raw.toLowerCase()
    const value = headerValue(name, source[raw])
    if (value === undefined || (value === PLACEHOLDER && CREDENTIAL_HEADERS.has(name))) continue
    if (out[name] === undefined && ++n > MAX_HEADERS) break
    out[name] = value
  }
  return n === 0 ? undefined : out
}

/** Adds one header to a record's headers (lower-case name), within the cap. */
export function addHeader(rec: RawRecord, name: string, value: string | undefined): void {
  if (value === undefined || value === '' || value === '-') return
  const lower = name.toLowerCase()
  if (value === PLACEHOLDER && CREDENTIAL_HEADERS.has(lower)) return
  rec.headers ??= {}
  const headers = rec.headers
  if (headers[lower] === undefined && Object.keys(headers).length >= MAX_HEADERS) return
  headers[lower] = value
}

/**
 * Fills the record's own fields from its headers where the format did not log them separately:
 * the credentials (authorization, api_key, cookie) and user agent, referer, host, X-Forwarded-For,
 * request id. The headers stay as they are: the redactor reads both.
 */
export function fieldsFromHeaders(rec: RawRecord): void {
  const h = rec.headers
  if (h === undefined) return
  rec.authorization ??= h.authorization
  if (rec.api_key === undefined) {
    for (const name of API_KEY_HEADERS) {
      if (h[name] !== undefined) {
        rec.api_key = h[name]
        break
      }
    }
  }
  rec.cookie ??= h.cookie
  if (rec.user_agent === '' && h['user-agent'] !== undefined) rec.user_agent = h['user-agent']
  rec.referer ??= h.referer
  rec.host ??= h.host
  rec.forwarded_for ??= h['x-forwarded-for']
  rec.request_id ??= h['x-request-id']
}

/** `10.0.0.1:443` → `10.0.0.1`, `[2001:db8::1]:443` → `2001:db8::1`; a bare IPv6 address stays. */
export function withoutPort(addr: string): string {
  if (addr.charCodeAt(0) === 91) {
    const end = addr.indexOf(']')
    return end === -1 ? addr : addr.slice(1, end)
  }
  const colon = addr.indexOf(':')
  if (colon === -1 || addr.indexOf(':', colon + 1) !== -1) return addr
  return addr.slice(0, colon)
}

function isByteCount(v: number | undefined): boolean {
  return v === undefined || (Number.isSafeInteger(v) && v >= 0)
}

const BAD_SIZE = (which: string) => `the ${which} size is not a whole number of bytes below 2^53`

/** Longest latency believed, ms (115 days): a long-lived stream, not an overflow. */
const MAX_LATENCY_MS = 1e10

function isMethodChar(c: number): boolean {
  // RFC 9110 methods are tokens; in practice upper-case letters, digits, '-' and '_'.
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95
}

/** Whether `m` can be an HTTP method: 1-16 token characters, at least one a letter (`-` is "none"). */
export function isMethod(m: string): boolean {
  if (m.length === 0 || m.length > 16) return false
  let letter = false
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i)
    if (!isMethodChar(c)) return false
    if ((c | 32) >= 97 && (c | 32) <= 122) letter = true
  }
  return letter
}

/**
 * The checks every record passes before it leaves its parser: a believable time, an HTTP method, a
 * target, a status 0-999, and sizes and latency that are finite, non-negative and not astronomical.
 * Returns null when the record is fine.
 */
export function checkRecord(rec: RawRecord): Rejection | null {
  if (!saneTs(rec.ts)) return reject('bad_timestamp', 'the time is before 1970 or after 2099')
  if (!isMethod(rec.method)) return reject('bad_request_line', 'the method is not an HTTP method token')
  if (rec.target.length === 0) return reject('bad_request_line', 'the request target is empty')
  if (!Number.isInteger(rec.status) || rec.status < 0 || rec.status > 999) {
    return reject('out_of_range', 'the status is not an integer 0-999')
  }
  if (
    rec.upstream_status !== undefined &&
    !(Number.isInteger(rec.upstream_status) && rec.upstream_status <= 999)
  ) {
    return reject('out_of_range', 'the upstream status is not an integer 0-999')
  }
  if (!isByteCount(rec.response_bytes)) return reject('out_of_range', BAD_SIZE('response'))
  if (!isByteCount(rec.request_bytes)) return reject('out_of_range', BAD_SIZE('request'))
  const l = rec.latency_ms
  if (l !== undefined && !(Number.isFinite(l) && l >= 0 && l <= MAX_LATENCY_MS)) {
    return reject('out_of_range', 'the latency is negative, not a number, or longer than 115 days')
  }
  return null
}

/** A rejection for a number field that did not parse, naming the field (never its value). */
export function badNumber(field: string): Rejection {
  return reject('out_of_range', `${field} is not a non-negative number below 2^53`)
}
