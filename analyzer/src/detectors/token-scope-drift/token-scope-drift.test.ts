import { describe, expect, it } from 'vitest'
import { credentialTraffic, replay } from '../testing.js'
import { tokenScopeDrift } from './index.js'

const HOUR = 3_600_000
const START = Date.UTC(2026, 10, 1)
const routes = ['/v1/orders', '/v1/orders/{id}', '/v1/cart']
const mobile = (route: (i: number) => string) => (i: number) => ({
  principal_fingerprint: 'fp-app',
  route: route(i),
})
const history = () =>
  credentialTraffic(
    'h',
    300,
    START,
    10 * 60_000,
    mobile((i) => routes[i % 3]!),
  )
const later = START + 3 * 24 * HOUR

describe('token.scope_drift', () => {
  it('flags a first call to a sensitive endpoint by an established credential at once, high', () => {
    const probe = credentialTraffic(
      'p',
      1,
      later,
      1000,
      mobile(() => '/admin/users/{id}/keys'),
    )
    const { findings } = replay(tokenScopeDrift, [...history(), ...probe])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      type: 'token.scope_drift',
      severity: 'high',
      observed: { new_endpoints: 1, sensitive: 1 },
      expected: { known_endpoints: 3 },
    })
    expect(findings[0]!.summary).toMatch(
      /called 3 endpoint\(s\) in 300 requests .* called 1 new one\(s\), 1 sensitive: GET \/admin\/users\/\{id\}\/keys \(200\)\./,
    )
  })

  it('needs three new ordinary endpoints within the window, and learns them after a week', () => {
    const two = credentialTraffic(
      'a',
      2,
      later,
      60_000,
      mobile((i) => `/v1/new-${i}`),
    )
    expect(replay(tokenScopeDrift, [...history(), ...two]).findings).toEqual([])
    const three = credentialTraffic(
      'b',
      3,
      later,
      60_000,
      mobile((i) => `/v1/new-${i}`),
    )
    const { findings, instance } = replay(tokenScopeDrift, [...history(), ...three])
    expect(findings.map((f) => f.severity)).toEqual(['medium'])
    const weekLater = credentialTraffic(
      'c',
      3,
      later + 8 * 24 * HOUR,
      60_000,
      mobile((i) => `/v1/new-${i}`),
    )
    expect(replay(tokenScopeDrift, weekLater, { instance }).findings).toEqual([])
  })

  it('learns everything during the warm-up and does not judge a credential broader than max_endpoints', () => {
    const explorer = credentialTraffic(
      'e',
      50,
      START,
      60_000,
      mobile((i) => `/admin/page-${i}`),
    )
    expect(replay(tokenScopeDrift, explorer).findings).toEqual([])
    const broad = credentialTraffic(
      'w',
      300,
      START,
      10 * 60_000,
      mobile((i) => `/v1/r${i % 40}`),
    )
    const probe = credentialTraffic(
      'p',
      1,
      later,
      1000,
      mobile(() => '/admin'),
    )
    expect(replay(tokenScopeDrift, [...broad, ...probe], { config: { max_endpoints: 30 } }).findings).toEqual(
      [],
    )
  })
})
