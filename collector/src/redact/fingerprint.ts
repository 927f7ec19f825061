// Keyed fingerprints of credentials. The same credential gives the same fingerprint under one
// deployment key, so the analyzer can follow a token without ever seeing it; without the key the
// fingerprint cannot be reversed or brute-forced from a list of leaked tokens.
import { createHmac } from 'node:crypto'
import type { PrincipalKind } from '@gatewatch/schema'

/** HMAC-SHA256(key, kind + NUL + secret), hex, truncated to 32 hex characters (128 bits). */
export function fingerprintCredential(key: string | Buffer, kind: PrincipalKind, secret: string): string {
  return createHmac('sha256', key).update(kind).update('\0').update(secret).digest('hex').slice(0, 32)
}
