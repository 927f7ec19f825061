import { describe, expect, it } from 'vitest'
import { T0 } from '../../testing/index.js'
import { replay } from '../testing.js'
import { basicAuth, login, MIN } from '../traffic/testing.js'
import { authBruteForce } from './index.js'

describe('auth.brute_force', () => {
  it('finds one IP guessing the admin password over basic auth, high once a guess works', () => {
    const tries = Array.from({ length: 16 }, (_, i) =>
      login(`bf-${i}`, T0 + i * 3000, '198.51.100.70', i === 15 ? 200 : 401, {
        method: 'GET',
        path: '/admin/api/users',
        principal: basicAuth('admin', i),
      }),
    )
    const { findings } = replay(authBruteForce, tries)
    expect(findings[0]).toMatchObject({
      type: 'auth.brute_force',
      severity: 'medium',
      owasp: 'API2:2023 Broken Authentication',
      subject: { kind: 'username', label: 'admin' },
      observed: { failures: 10, client_ip: '198.51.100.70' },
    })
    expect(findings[0]!.subject.id).toMatch(/^[0-9a-f]{16}$/)
    expect(findings.at(-1)).toMatchObject({ severity: 'high', observed: { succeeded_after: 1 } })
    expect(findings.at(-1)!.summary).toMatch(/then one succeeded/)
  })

  it('finds many failed form logins from one IP, keyed by the IP when the user name is not in the log', () => {
    const tries = Array.from({ length: 12 }, (_, i) =>
      login(`form-${i}`, T0 + i * 4000, '198.51.100.71', 401),
    )
    const { findings } = replay(authBruteForce, tries)
    expect(findings[0]).toMatchObject({
      subject: { kind: 'ip', id: '198.51.100.71' },
      observed: { target: 'shop POST /api/login' },
    })
  })

  it('stays quiet for a user mistyping a password twice, and for a GET of the login page', () => {
    const tries = [
      login('page', T0, '203.0.113.72', 200, { method: 'GET' }),
      login('t1', T0 + 5000, '203.0.113.72', 401),
      login('t2', T0 + 9000, '203.0.113.72', 401),
      login('ok', T0 + 14_000, '203.0.113.72', 200),
    ]
    expect(replay(authBruteForce, tries).findings).toEqual([])
  })

  it('stays quiet for failures slower than the window (one every 20 minutes)', () => {
    const tries = Array.from({ length: 30 }, (_, i) =>
      login(`slow-${i}`, T0 + i * 20 * MIN, '203.0.113.73', 401),
    )
    expect(replay(authBruteForce, tries).findings).toEqual([])
  })

  it('keeps one user name per source apart from another', () => {
    const tries = Array.from({ length: 18 }, (_, i) =>
      login(`two-${i}`, T0 + i * 2000, '203.0.113.74', 401, {
        principal: basicAuth(i % 2 ? 'bob' : 'carol', i),
      }),
    )
    expect(replay(authBruteForce, tries).findings).toEqual([])
  })
})
