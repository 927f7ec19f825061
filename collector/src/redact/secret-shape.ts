// Recognises strings that look like credentials (JWTs, vendor tokens, long random strings) so they
// can be redacted wherever they appear: path segments, query values, dead-letter samples.
// Identifiers that the analyzer needs for templating and enumeration detection (numbers, UUIDs,
// 24/32-hex object ids, word slugs) are deliberately not treated as secrets.

const TOKEN_CHARS = /^[A-Za-z0-9_\-+/=.~]+$/
const VENDOR_PREFIX =
  /^(?:sk_live_|sk_test_|rk_live_|rk_test_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abpr]-|AKIA[0-9A-Z]{12}|AIza[0-9A-Za-z_-]{20}|SG\.)/
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const HEX = /^[0-9a-fA-F]+$/
const B64URL = /^[A-Za-z0-9_-]+$/
/** A file name: tokens do not end in `.ttf` or `.html` (a JWT's last part is 40+ characters). */
const FILE_EXTENSION = /\.[A-Za-z0-9]{1,5}$/
/** Words joined by `-` or `_`, each short: a slug such as `Kyocera-KPC650-in-FreeBSD`. */
const SLUG = /^[A-Za-z0-9]{1,12}(?:[-_][A-Za-z0-9]{1,12}){2,}$/

/** `header.payload.signature` with a base64url JSON header (`eyJ` is `{"` encoded). */
export function isJwtShaped(s: string): boolean {
  if (s.length < 20 || !s.startsWith('eyJ')) return false
  const d1 = s.indexOf('.')
  const d2 = s.indexOf('.', d1 + 1)
  if (d1 === -1 || d2 === -1 || s.indexOf('.', d2 + 1) !== -1) return false
  return (
    B64URL.test(s.slice(0, d1)) &&
    B64URL.test(s.slice(d1 + 1, d2)) &&
    (d2 + 1 === s.length || B64URL.test(s.slice(d2 + 1)))
  )
}

const counts = new Int32Array(128)

function classOf(c: number): number {
  if (c >= 48 && c <= 57) return 1
  if (c >= 65 && c <= 90) return 2
  if (c >= 97 && c <= 122) return 4
  return 0
}

/** True for strings that are very probably a secret rather than a name or an id. */
export function looksSecret(s: string): boolean {
  if (s.length < 16) return false
  if (VENDOR_PREFIX.test(s)) return true
  if (s.length < 20 || !TOKEN_CHARS.test(s)) return false
  if (isJwtShaped(s)) return true
  if (UUID.test(s) || (s.length <= 32 && HEX.test(s)) || FILE_EXTENSION.test(s) || SLUG.test(s)) return false
  // Random tokens switch between upper case, lower case and digits often and use many distinct
  // characters; slugs and words do neither.
  counts.fill(0)
  let classes = 0
  let transitions = 0
  let prev = -1
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    counts[c]!++
    const k = classOf(c)
    classes |= k
    if (k !== 0 && prev !== -1 && k !== prev) transitions++
    if (k !== 0) prev = k
  }
  if (classes === 1 || classes === 2 || classes === 4) return false
  if (transitions / s.length < 0.25) return false
  let entropy = 0
  for (let i = 0; i < 128; i++) {
    const n = counts[i]!
    if (n > 0) {
      const p = n / s.length
      entropy -= p * Math.log2(p)
    }
  }
  return entropy >= 3.3
}
