import { describe, expect, it } from 'vitest'
import { credentialTraffic, detectorConfig, replay } from '../testing.js'
import { tokenDormantReuse } from './index.js'

const DAY = 24 * 3_600_000
const START = Date.UTC(2026, 6, 1)
const key = (asn: number) => () => ({ principal_fingerprint: 'fp-old-key', principal_kind: 'api_key', asn })

describe('token.dormant_reuse', () => {
  it('flags a key used again after 45 silent days, high from a network it never used', () => {
    const before = credentialTraffic('b', 20, START, 3_600_000, key(64500))
    const reuse = credentialTraffic('r', 5, START + 46 * DAY, 1000, key(666))
    const { findings } = replay(tokenDormantReuse, [...before, ...reuse])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      type: 'token.dormant_reuse',
      severity: 'high',
      observed: { silent_days: 45, network: 'AS666', previous_requests: 20 },
      sample_event_ids: [reuse[0]!.event_id],
    })
    expect(findings[0]!.summary).toMatch(
      /silent for 45 days \(after 20 requests\) was used again from AS666, a network it never used/,
    )
  })

  it('rates reuse from a known network medium, and ignores short pauses and barely used keys', () => {
    const before = credentialTraffic('b', 20, START, 3_600_000, key(64500))
    expect(
      replay(tokenDormantReuse, [
        ...before,
        ...credentialTraffic('r', 1, START + 60 * DAY, 1, key(64500)),
      ]).findings.map((f) => f.severity),
    ).toEqual(['medium'])
    expect(
      replay(tokenDormantReuse, [...before, ...credentialTraffic('r', 1, START + 20 * DAY, 1, key(666))])
        .findings,
    ).toEqual([])
    const few = credentialTraffic('f', 3, START, 1000, key(64500))
    expect(
      replay(tokenDormantReuse, [...few, ...credentialTraffic('r', 1, START + 60 * DAY, 1, key(666))])
        .findings,
    ).toEqual([])
  })

  it('refuses an idle_ms that would forget keys before they count as dormant', () => {
    expect(() => tokenDormantReuse.create(detectorConfig(tokenDormantReuse, { idle_ms: 10 * DAY }))).toThrow(
      /idle_ms .* must be above dormant_ms/,
    )
  })
})
