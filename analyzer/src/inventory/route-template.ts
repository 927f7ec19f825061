// Route templating v0: a request path becomes the route it was served by, with the segments
// that are values (ids, hashes, tokens) replaced by `{id}` and the names (`/users/me`, `/v2`) kept.
// Rules only look at one segment at a time, so the result never depends on other traffic.

export const ID = '{id}'

const NUMERIC = /^\d+$/
const NUMBER_LIST = /^\d+(?:[-.:_,]\d+)+$/ // 2015-05-17, 1.3.2, 10:20
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HEX = /^[0-9a-f]{8,}$/i
const ALNUM = /^[A-Za-z0-9]+$/
const TOKEN = /^[A-Za-z0-9_=~.-]+$/
const EMAIL = /^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$/
const EXTENSION = /^(.+?)(\.[A-Za-z][A-Za-z0-9]{0,4})$/
const SLUG_WORDS = /[a-z]{3,}[-_][a-z]{3,}/i // words joined by dashes: a written slug
const HAS_DIGIT = /\d/
const HAS_LETTER = /[A-Za-z]/

/** Counts the changes between letters and digits: `a1b2` has 3, `monitorama2013` has 1. */
function letterDigitTransitions(s: string): number {
  let n = 0
  for (let i = 1; i < s.length; i++) {
    const a = s.charCodeAt(i - 1) <= 57
    const b = s.charCodeAt(i) <= 57
    if (a !== b) n++
  }
  return n
}

/**
 * A letters-and-digits token that reads as generated, not written: `a1b2c3d4e5`, `J4k2Lm9Xp0Qr`,
 * `ABCD1234EFGH`. Names that carry a number (`iPhone12ProMax`, `monitorama2013`, `sha256sum`) stay.
 */
function isGeneratedToken(s: string): boolean {
  if (s.length < 10 || !ALNUM.test(s) || !HAS_DIGIT.test(s) || !HAS_LETTER.test(s)) return false
  const digits = s.replace(/\D/g, '').length
  const transitions = letterDigitTransitions(s)
  return transitions >= 4 || (transitions >= 2 && digits >= 4)
}

/** Is this single segment (no slash, no extension considered) a value rather than a name? */
function isValue(segment: string): boolean {
  if (NUMERIC.test(segment) || NUMBER_LIST.test(segment) || UUID.test(segment)) return true
  if (HEX.test(segment) && HAS_DIGIT.test(segment)) return true
  if (isGeneratedToken(segment)) return true
  if (EMAIL.test(segment)) return true
  // Long opaque tokens (base64url, JWT-like, signed ids) have no word structure left to keep.
  if (segment.length >= 32 && TOKEN.test(segment) && HAS_DIGIT.test(segment) && !SLUG_WORDS.test(segment))
    return true
  // A prefixed id: `cus_J4k2Lm9Xp0Qr`, `ord-8f3e2a1b`. A slug with a year (`puppetconf-2012`) stays.
  const parts = segment.split(/[-_]/)
  if (parts.length > 1 && parts.length <= 3) {
    const last = parts[parts.length - 1]!
    if (UUID.test(last) || (HEX.test(last) && HAS_DIGIT.test(last)) || isGeneratedToken(last)) return true
  }
  return false
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The template of one path segment: `{id}`, `{id}.html`, or the segment unchanged. */
export function templateSegment(segment: string): string {
  if (segment === '') return segment
  const plain = decode(segment)
  if (isValue(plain)) return ID
  const ext = EXTENSION.exec(plain)
  if (ext && isValue(ext[1]!)) return `${ID}${ext[2]}`
  return segment
}

/**
 * The route template of a request path: `/v1/orders/42` → `/v1/orders/{id}`. The query string,
 * if present, is dropped; a path that does not start with `/` (`*`, an absolute URI) is kept as is.
 */
export function routeTemplate(path: string): string {
  const q = path.indexOf('?')
  const p = q === -1 ? path : path.slice(0, q)
  if (p === '') return '/'
  if (!p.startsWith('/')) return p
  return p.split('/').map(templateSegment).join('/')
}
