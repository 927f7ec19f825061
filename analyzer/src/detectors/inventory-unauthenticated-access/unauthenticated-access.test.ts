import type { AccessEvent } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { makeEvent, T0 } from '../../testing/events.js'
import { replay } from '../testing.js'
import { inventoryUnauthenticatedAccess } from './index.js'

const MINUTE = 60_000
const anonymous = { kind: 'none' } as const
const user = (i: number) => ({
  kind: 'jwt' as const,
  fingerprint: `${(1000 + (i % 50)).toString(16).padStart(16, '0')}`,
  subject: `u${i % 50}`,
})

/** `count` calls of `path` one every 20 s from T0, built by `f(i)`. */
const calls = (label: string, count: number, f: (i: number) => Partial<AccessEvent>) =>
  Array.from({ length: count }, (_, i) => makeEvent(`${label}-${i}`, { ts: T0 + i * 20_000, ...f(i) }))

describe('inventory.unauthenticated_access', () => {
  it('flags 2xx without credentials on an endpoint whose calls all carry them, high once it repeats', () => {
    const history = calls('h', 300, (i) => ({ path: '/v1/accounts/me', principal: user(i) }))
    const bypass = Array.from({ length: 6 }, (_, i) =>
      makeEvent(`b${i}`, {
        ts: T0 + 110 * MINUTE + i * 1000,
        path: '/v1/accounts/me',
        principal: anonymous,
        client_ip: '198.51.100.200',
      }),
    )
    const { findings } = replay(inventoryUnauthenticatedAccess, [...history, ...bypass])
    expect(findings.map((f) => [f.observed.unauthenticated_2xx, f.severity])).toEqual([
      [1, 'medium'],
      [2, 'medium'],
      [4, 'medium'],
      [5, 'high'],
    ])
    const f = findings[0]!
    expect(f.type).toBe('inventory.unauthenticated_access')
    expect(f.owasp).toBe('API2:2023 Broken Authentication')
    expect(f.subject).toEqual({ kind: 'endpoint', id: 'shop GET /v1/accounts/me' })
    expect(f.observed.client_ips).toBe('198.51.100.200:1')
    expect(f.summary).toBe(
      'shop GET /v1/accounts/me answered 1 request with 2xx and no credentials, where 100.0% of its 300 successful calls carried credentials.',
    )
    expect(f.first_seen).toBe(T0 + 110 * MINUTE)
  })

  it('is API5 for a write function', () => {
    const history = calls('h', 300, (i) => ({ method: 'DELETE', path: '/v1/users/7', principal: user(i) }))
    const hit = makeEvent('x', {
      ts: T0 + 2 * 60 * MINUTE,
      method: 'DELETE',
      path: '/v1/users/7',
      principal: anonymous,
    })
    const { findings } = replay(inventoryUnauthenticatedAccess, [...history, hit])
    expect(findings.map((f) => f.owasp)).toEqual(['API5:2023 Broken Function Level Authorization'])
  })

  it('leaves public endpoints, mixed ones, refused requests and young endpoints alone', () => {
    const health = calls('health', 400, () => ({ path: '/healthz', principal: anonymous }))
    // a catalogue browsed by both signed-in and anonymous shoppers: 90% authenticated
    const mixed = calls('mixed', 400, (i) => ({
      path: '/v1/products',
      principal: i % 10 ? user(i) : anonymous,
    }))
    // the check working: 401 answers to anonymous callers of an authenticated endpoint
    const refused = [
      ...calls('auth', 300, (i) => ({ path: '/v1/accounts/me', principal: user(i) })),
      ...calls('refused', 50, () => ({ path: '/v1/accounts/me', principal: anonymous, status: 401 })).map(
        (e) => ({
          ...e,
          ts: e.ts + 110 * MINUTE,
        }),
      ),
    ]
    // only 100 successful calls so far: still warming up
    const young = [
      ...calls('y', 100, (i) => ({ path: '/v1/invoices', principal: user(i) })),
      makeEvent('y-anon', { ts: T0 + 60 * MINUTE, path: '/v1/invoices', principal: anonymous }),
    ]
    expect(
      replay(inventoryUnauthenticatedAccess, [...health, ...mixed, ...refused, ...young]).findings,
    ).toEqual([])
  })

  it('resumes from a snapshot and holds at most max_endpoints endpoints', () => {
    const history = calls('h', 300, (i) => ({ path: '/v1/accounts/me', principal: user(i) }))
    const first = replay(inventoryUnauthenticatedAccess, history)
    const fresh = replay(inventoryUnauthenticatedAccess, []).instance
    fresh.restore(JSON.parse(JSON.stringify(first.instance.snapshot())))
    const hit = makeEvent('x', { ts: T0 + 110 * MINUTE, path: '/v1/accounts/me', principal: anonymous })
    expect(replay(inventoryUnauthenticatedAccess, [hit], { instance: fresh }).findings).toHaveLength(1)
    const many = calls('m', 500, (i) => ({ path: `/v1/thing-${i}` }))
    expect(
      replay(inventoryUnauthenticatedAccess, many, { config: { max_endpoints: 50 } }).instance.size(),
    ).toBe(50)
  })
})
