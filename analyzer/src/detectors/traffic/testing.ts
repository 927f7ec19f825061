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

const HOUR = 60 * MIN

/** One attack per detector from `start`, each from its own source, service `semicomplete`. */
export function attackEvents(start: number): AccessEvent[] {
  const row = (seed: string, ts: number, fields: Partial<AccessEvent>) =>
    makeEvent(seed, { ts, principal: anonymous, service: 'semicomplete', ...fields })
  const mallory = { kind: 'jwt', fingerprint: 'ba11ba11ba11ba11', subject: 'mallory' } as const
  return [
    // low and slow: one failing path every 5 minutes for 10 hours
    ...Array.from({ length: 120 }, (_, i) =>
      row(`slow-${i}`, start + i * 5 * MIN, {
        client_ip: '198.51.100.99',
        path: `/${['api', 'admin', 'internal', 'v1'][i % 4]}/x${i}`,
        status: i % 5 === 0 ? 403 : 404,
      }),
    ),
    // a scan burst: 60 paths in a minute
    ...Array.from({ length: 60 }, (_, i) =>
      row(`burst-${i}`, start + HOUR + i * 1000, {
        client_ip: '198.51.100.98',
        path: `/dir${i}/`,
        status: 404,
      }),
    ),
    // distributed stuffing: 100 IPs, one form login each
    ...Array.from({ length: 100 }, (_, i) =>
      row(`stuff-${i}`, start + 2 * HOUR + i * 3000, {
        client_ip: `10.9.${i >> 4}.${i & 15}`,
        method: 'POST',
        path: '/api/login',
        status: 401,
      }),
    ),
    // brute force of admin over basic auth
    ...Array.from({ length: 12 }, (_, i) =>
      row(`brute-${i}`, start + 3 * HOUR + i * 2000, {
        client_ip: '198.51.100.97',
        path: '/admin/api/users',
        status: 401,
        principal: basicAuth('admin', i),
      }),
    ),
    // an id walk by one token
    ...Array.from({ length: 25 }, (_, i) =>
      row(`walk-${i}`, start + 4 * HOUR + i * 5000, {
        client_ip: '198.51.100.96',
        path: `/api/orders/${4000 + i}`,
        status: [200, 403, 404][i % 3],
        principal: mallory,
      }),
    ),
    // injection probes, then a .env that answers
    row('sqli', start + 5 * HOUR, {
      client_ip: '198.51.100.95',
      path: '/search',
      query: "q=1'%20or%201%3D1--",
      status: 500,
    }),
    row('env', start + 5 * HOUR + 1000, { client_ip: '198.51.100.95', path: '/.env', status: 200 }),
  ]
}
