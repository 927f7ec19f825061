// Scrubs free text (a rejected line kept as a dead-letter sample, a log detail) of anything that
// may be a credential. Not on the hot path: only rejected lines pass here.
import { looksSecret } from './secret-shape.js'

const SCHEME_VALUE = /\b(bearer|basic|digest|token|apikey)(\s+|%20|\+)[^\s"',;&]+/gi
const JSON_SECRET_KEY =
  /"((?:http_)?(?:authorization|x_api_key|x-api-key|cookie|api_key|apikey|token|password|secret))"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi
const QUERY_SECRET =
  /([?&;](?:api[_-]?key|x-api-key|key|private_token|token|access_token|auth_token|refresh_token|id_token|jwt|password|passwd|pwd|pass|secret|client_secret|signature|sig|session|sessionid|auth)=)[^&\s"#]*/gi
const HEADER_SECRET = /\b(authorization|x-api-key|cookie)(\s*[:=]\s*)[^\r\n"]*/gi
const TOKENISH = /[A-Za-z0-9_\-+/=.~]{16,}/g

/** The text with credentials replaced by [REDACTED], cut to `max` characters. */
export function redactText(text: string, max = 512): string {
  // Redact before the final cut, so a secret cut in half at the boundary is still recognised; only
  // a generous window is scanned, so a hostile 1 MB line does not cost 1 MB of regex work.
  const window = text.length > max * 4 ? text.slice(0, max * 4) : text
  const out = window
    .replace(JSON_SECRET_KEY, '"$1"$2"[REDACTED]"')
    .replace(HEADER_SECRET, '$1$2[REDACTED]')
    .replace(SCHEME_VALUE, '$1$2[REDACTED]')
    .replace(QUERY_SECRET, '$1[REDACTED]')
    .replace(TOKENISH, (m) => (looksSecret(m) || m.split('/').some(looksSecret) ? '[REDACTED]' : m))
  return out.length > max ? `${out.slice(0, max)}…` : out
}
