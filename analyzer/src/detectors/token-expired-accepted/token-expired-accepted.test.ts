import { describe, expect, it } from 'vitest'
import { eventRow, replay } from '../testing.js'
import { tokenExpiredAccepted } from './index.js'

const NOW = Date.UTC(2026, 10, 2, 12)
const jwt = (seed: string, fields: Parameters<typeof eventRow>[1]) =>
  eventRow(seed, {
    ts: NOW,
    principal_kind: 'jwt',
    principal_fingerprint: 'fp-bob',
    principal_subject: 'bob',
    principal_alg: 'RS256',
    ...fields,
  })

describe('token.expired_accepted', () => {
  it('flags a JWT three hours past exp that got 200, with the count of accepted requests', () => {
    const exp = (NOW - 3 * 3_600_000) / 1000
    const rows = [jwt('a', { principal_exp: exp }), jwt('b', { principal_exp: exp, ts: NOW + 1000 })]
    const { findings } = replay(tokenExpiredAccepted, rows)
    expect(findings).toHaveLength(2)
    expect(findings[1]).toMatchObject({
      type: 'token.expired_accepted',
      severity: 'critical',
      subject: { kind: 'principal', id: 'fp-bob', label: 'bob' },
      events: 2,
      sample_event_ids: rows.map((r) => r.event_id),
      expected: { status: 401 },
    })
    expect(findings[1]!.summary).toBe(
      'The API answered 200 to 2 request(s) with a JWT of bob that expired 3 h earlier on GET /v1/orders/42, where it should have been refused with 401.',
    )
  })

  it('flags alg none answered 2xx', () => {
    const { findings } = replay(tokenExpiredAccepted, [
      jwt('n', { principal_alg: 'none', principal_exp: null }),
    ])
    expect(findings.map((f) => f.observed.alg)).toEqual(['none'])
  })

  it('ignores refused expired tokens, tokens within the leeway, live tokens and requests without a credential', () => {
    const rows = [
      jwt('refused', { principal_exp: (NOW - 3_600_000) / 1000, status: 401 }),
      jwt('skew', { principal_exp: (NOW - 30_000) / 1000 }),
      jwt('live', { principal_exp: (NOW + 3_600_000) / 1000 }),
      jwt('anon', { principal_kind: 'none', principal_fingerprint: '', principal_alg: 'none' }),
    ]
    expect(replay(tokenExpiredAccepted, rows).findings).toEqual([])
    expect(replay(tokenExpiredAccepted, [rows[1]!], { config: { leeway_ms: 0 } }).findings).toHaveLength(1)
  })
})
