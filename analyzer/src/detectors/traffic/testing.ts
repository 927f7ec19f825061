// Test traffic shared by the recon, BOLA, auth and injection detector tests.
import type { AccessEvent } from '@gatewatch/schema'
import { makeEvent, T0 } from '../../testing/index.js'

export const MIN = 60_000
export const anonymous = { kind: 'none' } as const

/** `count` requests from `ip`, one every `everyMs` from T0, each shaped by `step(i)`. */
export function steady(
  ip: string,
  count: number,
  everyMs: number,
  step: (i: number) => Partial<AccessEvent>,
): AccessEvent[] {
  return Array.from({ length: count }, (_, i) =>
    makeEvent(`${ip}-${everyMs}-${i}`, {
      ts: T0 + i * everyMs,
      client_ip: ip,
      principal: anonymous,
      ...step(i),
    }),
  )
}

/** A login attempt: `POST /api/login` by default, anonymous unless a principal is given. */
export function login(
  seed: string,
  ts: number,
  ip: string,
  status: number,
  overrides: Partial<AccessEvent> = {},
) {
  return makeEvent(`login-${seed}`, {
    ts,
    client_ip: ip,
    method: 'POST',
    path: '/api/login',
    status,
    principal: anonymous,
    ...overrides,
  })
}

/** Basic-auth credentials of `user` with a password told apart by `password`. */
export const basicAuth = (user: string, password: string | number) =>
  ({
    kind: 'basic',
    subject: user,
    fingerprint: Buffer.from(`${user}:${password}`).toString('hex').padEnd(16, '0').slice(0, 32),
  }) as const
