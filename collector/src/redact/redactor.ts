// Turns a raw record's credentials into a Principal (kind, keyed fingerprint, JWT claims), strips
// secrets from the path and query, and keeps the allowlisted headers with their secrets scrubbed.
// After this step nothing in the event is a credential.
import type { Principal } from '@gatewatch/schema'
import type { RawRecord } from '../parsers/types.js'
import type { RedactConfig } from './config.js'
import * as builtIn from './defaults.js'
import { fingerprintCredential } from './fingerprint.js'
import { readJwtClaims } from './jwt.js'
import { isJwtShaped, looksSecret } from './secret-shape.js'
import { createTextRedactor, type TextRedactor } from './text.js'

export const REDACTED = '[REDACTED]'

/** Cookie names that are sessions by their shape (Rails `_app_session`, `remember_token`). */
const SESSION_COOKIE_SHAPE = /(?:_session|_token)$/i
/** Longest kept header value: the contract allows 1024 characters, the scrubber may add `…`. */
const MAX_KEPT_VALUE = 1023

export interface Redactor {
  /** Who called, from Authorization, an API-key header, a credential query parameter or a session cookie. */
  principal(record: RawRecord, queryCredential: QueryCredential | null): Principal
  /** The query with credential and secret-looking values replaced by [REDACTED]. */
  query(query: string): { query: string; credential: QueryCredential | null }
  /** The path with secret-looking segments (and `;jsessionid=` parameters) replaced by [REDACTED]. */
  path(path: string): string
  /** The allowlisted request headers, secrets scrubbed and credentials fingerprinted; undefined when none. */
  headers(record: RawRecord): Record<string, string> | undefined
  /** Free text with credentials replaced by [REDACTED], cut to `max` characters (kept headers). */
  text: TextRedactor
  /** Stricter, for a rejected line: also every long word mixing letters and digits (dead letters). */
  sample: TextRedactor
}

export interface QueryCredential {
  kind: 'api_key' | 'bearer'
  value: string
}

export interface RedactorOptions {
  hmacKey: string | Buffer
  /** The `redact` section of the config: names added to the built-in lists, headers to keep. */
  config?: Partial<RedactConfig>
  /** Distinct credentials whose principal is remembered: tokens repeat, HMAC and JWT decoding need not. */
  cacheSize?: number
}

type SchemeKind = 'token' | 'api_key' | 'basic' | 'digest' | 'aws4'

const NONE: Principal = Object.freeze({ kind: 'none' }) as Principal
const lower = (names: Iterable<string>) => [...names].map((n) => n.toLowerCase())

/** A parameter of an auth header's value: `username="bob"` in Digest, `Credential=AKID/...` in SigV4. */
function authParam(value: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s,]+))`, 'i').exec(value)
  return m ? (m[1] ?? m[2]) : undefined
}

export function createRedactor(options: RedactorOptions): Redactor {
  const key = options.hmacKey
  const config = options.config ?? {}
  const cacheSize = options.cacheSize ?? 10_000
  const cache = new Map<string, Principal>()

  const schemeKind = new Map<string, SchemeKind>([
    ['basic', 'basic'],
    ['digest', 'digest'],
    ['aws4-hmac-sha256', 'aws4'],
  ])
  for (const s of lower([...builtIn.TOKEN_SCHEMES, ...(config.token_schemes ?? [])]))
    schemeKind.set(s, 'token')
  for (const s of lower([...builtIn.API_KEY_SCHEMES, ...(config.api_key_schemes ?? [])]))
    schemeKind.set(s, 'api_key')

  const paramKind = new Map<string, 'api_key' | 'bearer' | 'secret'>()
  for (const p of lower([...builtIn.SECRET_PARAMS, ...(config.secret_params ?? [])]))
    paramKind.set(p, 'secret')
  for (const p of lower([...builtIn.API_KEY_PARAMS, ...(config.api_key_params ?? [])]))
    paramKind.set(p, 'api_key')
  for (const p of lower([...builtIn.TOKEN_PARAMS, ...(config.token_params ?? [])])) paramKind.set(p, 'bearer')

  const sessionCookies = new Set(lower([...builtIn.SESSION_COOKIES, ...(config.session_cookies ?? [])]))
  const apiKeyHeaders = lower([...builtIn.API_KEY_HEADERS, ...(config.api_key_headers ?? [])])
  const neverKept = new Set([...builtIn.NEVER_KEPT_HEADERS, ...apiKeyHeaders])
  const keep = lower(config.keep_headers ?? [])
  const text = createTextRedactor(config)
  const sample = createTextRedactor(config, { strict: true })

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

  function fromApiKey(apiKey: string): Principal {
    return remember(`k\0${apiKey}`, () => ({
      kind: 'api_key',
      fingerprint: fingerprintCredential(key, 'api_key', apiKey),
    }))
  }

  function fromBasic(value: string): Principal {
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

  function fromOpaque(header: string): Principal {
    return remember(`o\0${header}`, () => ({
      kind: 'bearer',
      fingerprint: fingerprintCredential(key, 'bearer', header),
    }))
  }

  /** `Scheme value` → both parts; the scheme is '' when the header is a bare token. */
  function splitAuthorization(header: string): { trimmed: string; scheme: string; value: string } {
    const trimmed = header.trim()
    // The scheme ends at the first space or tab (indexOf: this runs for every request).
    const space = trimmed.indexOf(' ')
    const tab = trimmed.indexOf('\t')
    let sp = tab !== -1 && (space === -1 || tab < space) ? tab : space
    // IIS logs spaces as `+`: `Bearer+eyJ...`. Only a known scheme is split there (`+` is base64).
    if (sp === -1) {
      const plus = trimmed.indexOf('+')
      if (plus > 0 && schemeKind.has(trimmed.slice(0, plus).toLowerCase())) sp = plus
    }
    if (sp === -1) return { trimmed, scheme: '', value: trimmed }
    return { trimmed, scheme: trimmed.slice(0, sp), value: trimmed.slice(sp + 1).trim() }
  }

  function fromAuthorization(header: string): Principal {
    const split = splitAuthorization(header)
    const { trimmed, value } = split
    const scheme = split.scheme.toLowerCase()
    // A bare token with no scheme (some clients send `Authorization: <token>`).
    if (scheme === '' || value === '') return isJwtShaped(trimmed) ? fromToken(trimmed) : fromOpaque(trimmed)
    switch (schemeKind.get(scheme)) {
      case 'token':
        return fromToken(value)
      case 'api_key':
        return fromApiKey(value)
      case 'basic':
        return fromBasic(value)
      case 'digest': {
        // Each Digest response is new (nonce, cnonce): the user within the realm is what repeats.
        const user = authParam(value, 'username')
        if (!user) return fromOpaque(trimmed)
        const realm = authParam(value, 'realm') ?? ''
        return remember(`d\0${realm}\0${user}`, () => {
          const p: Principal = {
            kind: 'basic',
            fingerprint: fingerprintCredential(key, 'basic', `digest\0${realm}\0${user}`),
          }
          if (!looksSecret(user)) p.subject = user.slice(0, 256)
          return p
        })
      }
      case 'aws4': {
        // SigV4 signs every request anew; the access key id in Credential=AKID/date/region/... repeats.
        const accessKeyId = authParam(value, 'Credential')?.split('/')[0]
        return accessKeyId ? fromApiKey(accessKeyId) : fromOpaque(trimmed)
      }
      default:
        // An unknown scheme: the whole header is the credential.
        return fromOpaque(trimmed)
    }
  }

  function sessionCookie(name: string): boolean {
    return sessionCookies.has(name.toLowerCase()) || SESSION_COOKIE_SHAPE.test(name)
  }

  function fromCookie(header: string): Principal | null {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=')
      if (eq === -1) continue
      const value = part.slice(eq + 1).trim()
      if (value && sessionCookie(part.slice(0, eq).trim())) {
        return remember(`c\0${value}`, () => ({
          kind: 'cookie',
          fingerprint: fingerprintCredential(key, 'cookie', value),
        }))
      }
    }
    return null
  }

  function apiKeyHeader(record: RawRecord): string | undefined {
    if (record.api_key) return record.api_key
    const h = record.headers
    if (h === undefined) return undefined
    for (const name of apiKeyHeaders) if (h[name]) return h[name]
    return undefined
  }

  /** A credential header kept by request: its scheme or cookie names stay, each secret becomes `hmac:<fingerprint>`. */
  function fingerprintedHeader(name: string, value: string): string {
    const hmac = (p: Principal) => `hmac:${p.fingerprint ?? fingerprintCredential(key, 'bearer', value)}`
    if (name === 'authorization' || name === 'proxy-authorization') {
      const { scheme } = splitAuthorization(value)
      const fp = hmac(fromAuthorization(value))
      return /^[A-Za-z0-9._~+-]{1,32}$/.test(scheme) ? `${scheme} ${fp}` : fp
    }
    if (name === 'cookie' || name === 'set-cookie') {
      const out: string[] = []
      for (const part of value.split(';')) {
        const eq = part.indexOf('=')
        const cookieName = eq === -1 ? '' : part.slice(0, eq).trim()
        const cookieValue = eq === -1 ? part.trim() : part.slice(eq + 1).trim()
        if (cookieValue === '') continue
        const fp = `hmac:${fingerprintCredential(key, 'cookie', cookieValue)}`
        out.push(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(cookieName) ? `${cookieName}=${fp}` : fp)
      }
      return out.join('; ')
    }
    return hmac(fromApiKey(value))
  }

  return {
    text,
    sample,

    principal(record, queryCredential) {
      if (record.authorization) return fromAuthorization(record.authorization)
      const apiKey = apiKeyHeader(record)
      if (apiKey) return fromApiKey(apiKey)
      if (queryCredential) {
        const { value } = queryCredential
        return queryCredential.kind === 'bearer' ? fromToken(value) : fromApiKey(value)
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
        if (seg.length < 16) continue
        if (looksSecret(seg)) {
          segments[i] = REDACTED
          changed = true
          continue
        }
        // Matrix parameters: `/cart;jsessionid=0A1B...` (servlet containers rewrite URLs so).
        const semi = seg.indexOf(';')
        if (semi === -1) continue
        const params = seg.split(';')
        for (let j = 1; j < params.length; j++) {
          const eq = params[j]!.indexOf('=')
          const name = eq === -1 ? '' : params[j]!.slice(0, eq)
          const value = eq === -1 ? params[j]! : params[j]!.slice(eq + 1)
          if (paramKind.has(name.toLowerCase()) || sessionCookie(name) || looksSecret(value)) {
            params[j] = eq === -1 ? REDACTED : `${name}=${REDACTED}`
            changed = true
          }
        }
        segments[i] = params.join(';')
      }
      return changed ? segments.join('/') : path
    },

    headers(record) {
      const h = record.headers
      if (keep.length === 0 || h === undefined) return undefined
      let out: Record<string, string> | undefined
      for (const name of keep) {
        const value = h[name]
        if (value === undefined || value === '') continue
        out ??= {}
        const kept = neverKept.has(name) ? fingerprintedHeader(name, value) : text(value, MAX_KEPT_VALUE)
        out[name] = kept.length > 1024 ? kept.slice(0, 1024) : kept
      }
      return out
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
