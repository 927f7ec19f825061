// Bearer-token checks. Tokens are compared in constant time on their SHA-256 digests, so neither
// the content nor the length of the expected token leaks through response timing.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { errors } from './errors.js'

const digest = (s: string) => createHash('sha256').update(s).digest()

/** True when `presented` equals `expected`, in time independent of where they differ. */
export function tokensEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected))
}

/** An onRequest hook that requires `Authorization: Bearer <token>`. */
export function requireBearer(token: string) {
  return async function bearerAuth(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
    if (!match || !tokensEqual(match[1]!, token)) throw errors.unauthorized()
  }
}
