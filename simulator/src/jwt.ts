// JWTs shaped like a real HS256 access token: base64url header and claims, 32 signature bytes.
// The signature is random (nobody verifies it here); the claims are what the collector keeps.

export interface JwtClaims {
  sub: string
  iss: string
  aud: string | string[]
  scope: string
  iat: number
  exp: number
  azp?: string
  jti?: string
}

function base64url(data: Uint8Array | string): string {
  return Buffer.from(data).toString('base64url')
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))

/** `header.payload.signature` in compact serialization. */
export function encodeJwt(claims: JwtClaims, signature: Uint8Array): string {
  return `${HEADER}.${base64url(JSON.stringify(claims))}.${base64url(signature)}`
}

/** The claims of a compact JWT, for tests and for checking what the generator wrote. */
export function decodeJwtClaims(token: string): JwtClaims {
  const payload = token.split('.')[1]
  if (payload === undefined) throw new Error('not a compact JWT: expected header.payload.signature')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims
}
