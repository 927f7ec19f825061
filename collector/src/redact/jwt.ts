// Reads the claims that matter from a JWT without verifying it: the collector has no keys, and the
// analyzer needs what the client presented (subject, issuer, scopes, lifetime) whether valid or not.
import type { Principal } from '@gatewatch/schema'

type Claims = Omit<Principal, 'kind' | 'fingerprint'>

function str(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined
}

function strList(v: unknown, maxItems: number, maxLen: number, splitOnSpace: boolean): string[] | undefined {
  let list: unknown[]
  if (typeof v === 'string') list = splitOnSpace ? v.split(' ') : [v]
  else if (Array.isArray(v)) list = v
  else return undefined
  const out: string[] = []
  for (const item of list) {
    if (typeof item === 'string' && item.length > 0) out.push(item.slice(0, maxLen))
    if (out.length === maxItems) break
  }
  return out.length > 0 ? out : undefined
}

/** A time claim in whole seconds; one outside ±2^53 is no real time and is dropped, as the contract bounds it. */
function seconds(v: unknown): number | undefined {
  return typeof v === 'number' && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? Math.floor(v) : undefined
}

function decodeSegment(seg: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'))
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** Claims of a JWT, or null when the token is not a decodable JWS compact serialization. */
export function readJwtClaims(token: string): Claims | null {
  const d1 = token.indexOf('.')
  const d2 = token.indexOf('.', d1 + 1)
  if (d1 < 1 || d2 === -1 || token.indexOf('.', d2 + 1) !== -1) return null
  const header = decodeSegment(token.slice(0, d1))
  if (header === null || typeof header.alg !== 'string') return null
  const payload = decodeSegment(token.slice(d1 + 1, d2))
  if (payload === null) return null
  const claims: Claims = {}
  const put = <K extends keyof Claims>(k: K, v: Claims[K] | undefined) => {
    if (v !== undefined) claims[k] = v
  }
  put('subject', str(payload.sub, 256))
  put('issuer', str(payload.iss, 512))
  put('audience', strList(payload.aud, 16, 512, false))
  put('client_id', str(payload.azp, 256) ?? str(payload.client_id, 256))
  put('scopes', strList(payload.scope ?? payload.scp, 64, 128, true))
  put('iat', seconds(payload.iat))
  put('exp', seconds(payload.exp))
  put('jti', str(payload.jti, 256))
  put('alg', str(header.alg, 32))
  return claims
}
