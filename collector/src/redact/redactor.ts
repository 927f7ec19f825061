// Turns a raw record's credentials into a Principal (kind, keyed fingerprint, JWT claims) and
// strips secrets from the path and query. After this step nothing in the event is a credential.
import type { Principal } from '@gatewatch/schema'
import type { RawRecord } from '../parsers/types.js'
import { fingerprintCredential } from './fingerprint.js'
import { readJwtClaims } from './jwt.js'
import { isJwtShaped, looksSecret } from './secret-shape.js'

export const REDACTED = '[REDACTED]'

/** Query parameters that carry an API key: their value becomes an `api_key` principal. */
const API_KEY_PARAMS = [
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'key',
  'private_token',
  'subscription-key',
]
/** Query parameters that carry a bearer token (or a JWT). */
const TOKEN_PARAMS = ['token', 'access_token', 'auth_token', 'jwt', 'id_token', 'bearer']
/** Query parameters that are secret but identify nobody: redacted only. */
const OTHER_SECRET_PARAMS = [
  'refresh_token',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'client_secret',
  'signature',
  'sig',
  'x-amz-signature',
  'x-amz-security-token',
  'session',
  'sessionid',
  'session_id',
  'auth',
  'credentials',
]
const SESSION_COOKIE =
  /^(?:session|sess|sid|sessionid|session_id|phpsessid|jsessionid|connect\.sid|.*_session|auth|token|.*_token)$/i

export interface Redactor {
  /** Who called, from Authorization, X-Api-Key, a credential query parameter or a session cookie. */
  principal(record: RawRecord, queryCredential: QueryCredential | null): Principal
  /** The query with credential and secret-looking values replaced by [REDACTED]. */
  query(query: string): { query: string; credential: QueryCredential | null }
  /** The path with secret-looking segments replaced by [REDACTED]. */
  path(path: string): string
}

export interface QueryCredential {
  kind: 'api_key' | 'bearer'
  value: string
}

export interface RedactorOptions {
  hmacKey: string | Buffer
  extraQueryParams?: string[]
  /** Distinct credentials whose principal is remembered: tokens repeat, HMAC and JWT decoding need not. */
  cacheSize?: number
}

const NONE: Principal = Object.freeze({ kind: 'none' }) as Principal

export function createRedactor(options: RedactorOptions): Redactor {
  const key = options.hmacKey
  const cacheSize = options.cacheSize ?? 10_000
  const cache = new Map<string, Principal>()
  const paramKind = new Map<string, 'api_key' | 'bearer' | 'secret'>()
  for (const p of API_KEY_PARAMS) paramKind.set(p, 'api_key')
  for (const p of TOKEN_PARAMS) paramKind.set(p, 'bearer')
  for (const p of [...OTHER_SECRET_PARAMS, ...(options.extraQueryParams ?? [])])
    paramKind.set(p.toLowerCase(), 'secret')

  function remember(cacheKey: string, build: () => Principal): Principal {
    const hit = cache.get(cacheKey)
    if (hit) return hit
    const p = Object.freeze(build()) as Principal
    // Clearing when full keeps memory bounded with no bookkeeping on the hot path.
    if (cache.size >= cacheSize) cache.clear()
    cache.set(cacheKey, p)
    return p
  }

  function fromToken(token: string): Principal {
    return remember(`t\0${token}`, () => {
      const claims = isJwtShaped(token) ? readJwtClaims(token) : null
      if (claims) return { kind: 'jwt', fingerprint: fingerprintCredential(key, 'jwt', token), ...claims }
      return { kind: 'bearer', fingerprint: fingerprintCredential(key, 'bearer', token) }
    })
  }

  function fromAuthorization(header: string): Principal {
    const sp = header.indexOf(' ')
    const scheme = (sp === -1 ? header : header.slice(0, sp)).toLowerCase()
    const value = sp === -1 ? '' : header.slice(sp + 1).trim()
    if (scheme === 'bearer' && value) return fromToken(value)
    if (scheme === 'basic' && value) {
      return remember(`b\0${value}`, () => {
        const decoded = Buffer.from(value, 'base64').toString('utf8')
        const colon = decoded.indexOf(':')
        if (colon === -1) return { kind: 'basic', fingerprint: fingerprintCredential(key, 'basic', value) }
        const user = decoded.slice(0, colon)
        const p: Principal = { kind: 'basic', fingerprint: fingerprintCredential(key, 'basic', decoded) }
        // A user name that is itself a token (some APIs put the key there) must not leak.
        if (user && !looksSecret(user)) p.subject = user.slice(0, 256)
        return p
      })
    }
    // Unknown schemes (Digest, AWS4-HMAC-SHA256, a bare token): fingerprint the whole header.
    return remember(`o\0${header}`, () => ({
      kind: 'bearer',
      fingerprint: fingerprintCredential(key, 'bearer', header),
    }))
  }

  function fromCookie(header: string): Principal | null {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=')
      if (eq === -1) continue
      const name = part.slice(0, eq).trim()
      const value = part.slice(eq + 1).trim()
      if (value && SESSION_COOKIE.test(name)) {
        return remember(`c\0${value}`, () => ({
          kind: 'cookie',
          fingerprint: fingerprintCredential(key, 'cookie', value),
        }))
      }
    }
    return null
  }

  return {
    principal(record, queryCredential) {
      if (record.authorization) return fromAuthorization(record.authorization)
      if (record.api_key) {
        const apiKey = record.api_key
        return remember(`k\0${apiKey}`, () => ({
          kind: 'api_key',
          fingerprint: fingerprintCredential(key, 'api_key', apiKey),
        }))
      }
      if (queryCredential) {
        const { value } = queryCredential
        if (queryCredential.kind === 'bearer') return fromToken(value)
        return remember(`k\0${value}`, () => ({
          kind: 'api_key',
          fingerprint: fingerprintCredential(key, 'api_key', value),
        }))
      }
      if (record.cookie) {
        const p = fromCookie(record.cookie)
        if (p) return p
      }
      // nginx's $remote_user: the user of a basic-auth request whose header was not logged.
      if (record.remote_user && !looksSecret(record.remote_user)) {
        return { kind: 'basic', subject: record.remote_user.slice(0, 256) }
      }
      return NONE
    },

    query(query) {
      if (query.length === 0) return { query, credential: null }
      let credential: QueryCredential | null = null
      let changed = false
      const parts = query.split('&')
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!
        const eq = part.indexOf('=')
        if (eq === -1) continue
        const rawValue = part.slice(eq + 1)
        if (rawValue.length === 0) continue
        const kind = paramKind.get(safeDecode(part.slice(0, eq)).toLowerCase())
        if (kind === undefined && !looksSecret(safeDecode(rawValue))) continue
        if (credential === null && (kind === 'api_key' || kind === 'bearer')) {
          credential = { kind, value: safeDecode(rawValue) }
        }
        parts[i] = `${part.slice(0, eq)}=${REDACTED}`
        changed = true
      }
      return { query: changed ? parts.join('&') : query, credential }
    },

    path(path) {
      if (path.length < 17) return path
      const segments = path.split('/')
      let changed = false
      for (let i = 0; i < segments.length; i++) {
        const seg = segments[i]!
        if (seg.length >= 16 && looksSecret(seg)) {
          segments[i] = REDACTED
          changed = true
        }
      }
      return changed ? segments.join('/') : path
    },
  }
}

function safeDecode(s: string): string {
  if (s.indexOf('%') === -1 && s.indexOf('+') === -1) return s
  try {
    return decodeURIComponent(s.replaceAll('+', ' '))
  } catch {
    return s
  }
}
