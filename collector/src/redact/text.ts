// Scrubs free text (a rejected line kept as a dead-letter sample, a log field, a kept header value)
// of anything that may be a credential: values after a credential's name (a header, a JSON key, a
// query parameter, a cookie), after an Authorization scheme, and any token-shaped string. Not on
// the hot path: only rejected lines, log fields and allowlisted headers pass here.
import type { RedactConfig } from './config.js'
import * as builtIn from './defaults.js'
import { looksSecret } from './secret-shape.js'

export type TextRedactor = (text: string, max?: number) => string

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const alternation = (names: Iterable<string>) =>
  [...new Set([...names].map((n) => n.toLowerCase()))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')
/** A header name as it appears in JSON keys and logs: `x-api-key`, `x_api_key`. */
const spellings = (names: Iterable<string>) => [...names].flatMap((n) => [n, n.replaceAll('-', '_')])

const TOKENISH = /[A-Za-z0-9_\-+/=.~%]{16,}/g
/** `Key` is also an English word (`missing key status`): as a scheme it is only read in headers. */
const TEXT_SCHEMES = [
  'basic',
  'digest',
  ...builtIn.TOKEN_SCHEMES,
  ...builtIn.API_KEY_SCHEMES.filter((s) => s !== 'Key'),
]

/** Words of a line, between the delimiters of every log format (IIS writes spaces as `+`). */
const WORD = /[^\s"'{}|[\]()<>,;/?&=:+]+/g
const LETTER = /[A-Za-z]/
const DIGIT = /[0-9]/

/**
 * A word of 8 or more characters that mixes letters and digits. A rejected line never reached the
 * parser that knows which of its fields is a credential (`{...|shopkey-0042}` in an HAProxy capture,
 * the 4th quoted field of an Apache LogFormat), so in a dead-letter sample every such word is taken
 * for one: a sample is there to show a line's shape, and ids and versions are cheap to lose.
 */
function mixedWord(w: string): boolean {
  return w.length >= 8 && LETTER.test(w) && DIGIT.test(w)
}

export interface TextRedactorOptions {
  /** Also redact every word that mixes letters and digits over 8 characters (dead-letter samples). */
  strict?: boolean
}

/** A scrubber that also knows the names the config adds (headers, parameters, cookies, schemes). */
export function createTextRedactor(
  config: Partial<RedactConfig> = {},
  options: TextRedactorOptions = {},
): TextRedactor {
  const strict = options.strict === true
  const headers = [...builtIn.NEVER_KEPT_HEADERS, ...(config.api_key_headers ?? [])]
  const valueNames = [
    ...builtIn.API_KEY_PARAMS,
    ...builtIn.TOKEN_PARAMS,
    ...builtIn.SECRET_PARAMS,
    ...builtIn.SESSION_COOKIES,
    ...(config.api_key_params ?? []),
    ...(config.token_params ?? []),
    ...(config.secret_params ?? []),
    ...(config.session_cookies ?? []),
  ]
  const schemes = [...TEXT_SCHEMES, ...(config.token_schemes ?? []), ...(config.api_key_schemes ?? [])]
  // `"http_authorization": "..."`, `"request_X-Api-Key": "..."`: a JSON key ending in a credential's name.
  const jsonKey = new RegExp(
    `("(?:[A-Za-z0-9_.()-]*[_.(-])?(?:${alternation([...spellings(headers), ...valueNames, 'password', 'secret'])})\\)?")(\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`,
    'gi',
  )
  const header = new RegExp(`\\b(${alternation(headers)})(\\s*[:=]\\s*)[^\\r\\n"]*`, 'gi')
  const scheme = new RegExp(`\\b(${alternation(schemes)})(\\s+|%20|\\+)[^\\s"',;&]+`, 'gi')
  // `?api_key=...`, `; connect.sid=...` (a cookie), `+PHPSESSID=...` (IIS writes spaces as `+`).
  const param = new RegExp(`((?:^|[?&;,\\s"'{(|+])(?:${alternation(valueNames)})=)[^&;\\s"',#|}]*`, 'gi')

  return function redactText(text, max = 512) {
    // Redact before the final cut, so a secret cut in half at the boundary is still recognised; only
    // a generous window is scanned, so a hostile 1 MB line does not cost 1 MB of regex work.
    const window = text.length > max * 4 ? text.slice(0, max * 4) : text
    const out = window
      .replace(jsonKey, '$1$2"[REDACTED]"')
      .replace(header, '$1$2[REDACTED]')
      .replace(scheme, '$1$2[REDACTED]')
      .replace(param, '$1[REDACTED]')
      .replace(TOKENISH, (m) => (tokenIsSecret(m) ? '[REDACTED]' : m))
    const scrubbed = strict ? out.replace(WORD, (w) => (mixedWord(w) ? '[REDACTED]' : w)) : out
    return scrubbed.length > max ? `${scrubbed.slice(0, max)}…` : scrubbed
  }
}

/** A token-shaped run is secret if it, a `/`-separated part of it, or its URL-decoded form looks so. */
function tokenIsSecret(m: string): boolean {
  if (looksSecret(m) || m.split('/').some(looksSecret)) return true
  if (m.indexOf('%') === -1) return false
  try {
    const decoded = decodeURIComponent(m)
    return looksSecret(decoded) || decoded.split(/[/:=]/).some(looksSecret)
  } catch {
    return false
  }
}

/** The scrubber with the built-in names only (logs, which are written before any config is read). */
export const redactText: TextRedactor = createTextRedactor()
