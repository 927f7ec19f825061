// Route templating rules: a request path becomes the route it was served by, with each segment
// that is a value replaced by a typed parameter (`/users/{id:int}`, `{id:uuid}`, `{id:objectid}`,
// `{hash}`, `{email}`, `{date}`, `{token}`, `{param}`) and the names (`/users/me`, `/v2`) kept.
// These rules look at one segment at a time, so their answer never depends on other traffic; the
// Templater (templater.ts) adds what needs traffic: learned cardinality, imported specs, renames.

/** The placeholder each kind of value becomes. */
export const PARAM = {
  int: '{id:int}',
  uuid: '{id:uuid}',
  objectid: '{id:objectid}',
  hash: '{hash}',
  email: '{email}',
  date: '{date}',
  token: '{token}',
  param: '{param}',
} as const
export type ParamKind = keyof typeof PARAM

const NUMERIC = /^\d+$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const OBJECT_ID = /^[0-9a-f]{24}$/i
const HEX = /^[0-9a-f]{8,}$/i
// 2015-05-17, 2015-05-17T10:20:30Z, 2015-05-17T10:20:30.123+02:00, 2015_05_17
const DATE = /^\d{4}[-_]\d{2}[-_]\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/
const NUMBER_LIST = /^\d+(?:[-.:_,]\d+)+$/ // 1.3.2, 10:20, 12-34
const ALNUM = /^[A-Za-z0-9]+$/
const TOKEN_CHARS = /^[A-Za-z0-9_=~.-]+$/
const EMAIL = /^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$/
const EXTENSION = /^(.+?)(\.[A-Za-z][A-Za-z0-9]{0,4})$/
const SLUG_WORDS = /[a-z]{3,}[-_][a-z]{3,}/i // words joined by dashes: a written slug
const HAS_DIGIT = /\d/
const HAS_LETTER = /[A-Za-z]/

/** Counts the changes between letters and digits: `a1b2` has 3, `monitorama2013` has 1. */
function letterDigitTransitions(s: string): number {
  let n = 0
  for (let i = 1; i < s.length; i++) {
    if (s.charCodeAt(i - 1) <= 57 !== s.charCodeAt(i) <= 57) n++
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

const isHexValue = (s: string) => HEX.test(s) && HAS_DIGIT.test(s)

/** What kind of value one segment (no slash) is, or undefined when it reads as a name. */
export function classifySegment(segment: string): ParamKind | undefined {
  if (NUMERIC.test(segment)) return 'int'
  if (UUID.test(segment)) return 'uuid'
  if (OBJECT_ID.test(segment)) return 'objectid'
  if (DATE.test(segment)) return 'date'
  if (isHexValue(segment)) return 'hash'
  if (EMAIL.test(segment)) return 'email'
  if (NUMBER_LIST.test(segment)) return 'param'
  if (isGeneratedToken(segment)) return 'token'
  // Long opaque tokens (base64url, JWT-like, signed ids) have no word structure left to keep.
  if (
    segment.length >= 32 &&
    TOKEN_CHARS.test(segment) &&
    HAS_DIGIT.test(segment) &&
    !SLUG_WORDS.test(segment)
  )
    return 'token'
  // A prefixed id: `cus_J4k2Lm9Xp0Qr`, `ord-8f3e2a1b`. A slug with a year (`puppetconf-2012`) stays.
  const parts = segment.split(/[-_]/)
  if (parts.length > 1 && parts.length <= 3) {
    const last = parts[parts.length - 1]!
    if (UUID.test(last) || isHexValue(last) || isGeneratedToken(last)) return 'token'
  }
  return undefined
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The template of one path segment: `{id:int}`, `{id:int}.html`, or the segment unchanged. */
export function templateSegment(segment: string): string {
  if (segment === '' || (segment.startsWith('{') && segment.endsWith('}'))) return segment
  const plain = decode(segment)
  const kind = classifySegment(plain)
  if (kind) return PARAM[kind]
  const ext = EXTENSION.exec(plain)
  const base = ext ? classifySegment(ext[1]!) : undefined
  if (ext && base) return `${PARAM[base]}${ext[2]}`
  return segment
}

/** True when a template segment is a parameter (`{id:int}`, `{hash}.png`, `{order_id}`). */
export const isParamSegment = (segment: string) => segment.startsWith('{')

/** The path without its query string; `''` becomes `/`. */
export function pathOnly(path: string): string {
  const q = path.indexOf('?')
  const p = q === -1 ? path : path.slice(0, q)
  return p === '' ? '/' : p
}

/**
 * The route template of a request path by the rules alone: `/v1/orders/42` → `/v1/orders/{id:int}`.
 * The query string is dropped; a path that does not start with `/` (`*`, an absolute URI) is kept.
 */
export function routeTemplate(path: string): string {
  const p = pathOnly(path)
  if (!p.startsWith('/')) return p
  return p.split('/').map(templateSegment).join('/')
}
