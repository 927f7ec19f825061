import { describe, expect, it } from 'vitest'
import { credentialTraffic, replay } from '../testing.js'
import { tokenConcurrentNetworks } from './index.js'

const START = Date.UTC(2026, 10, 2, 9)
const token =
  (asn: number, country = 'DE') =>
  () => ({ principal_fingerprint: 'fp-shared', asn, country })

describe('token.concurrent_networks', () => {
  it('flags one token active from three networks within five minutes', () => {
    const rows = [64500, 64501, 64502].flatMap((asn, n) =>
      credentialTraffic(`n${n}`, 3, START + n * 20_000, 30_000, token(asn)),
    )
    const { findings } = replay(tokenConcurrentNetworks, rows)
    expect(findings.length).toBeGreaterThan(0)
    expect(findings[0]).toMatchObject({
      type: 'token.concurrent_networks',
      severity: 'medium',
      observed: { networks: 3, countries: 1 },
    })
    expect(findings[0]!.summary).toMatch(
      /active from 3 networks within 1 min \(AS64500 \(DE\), AS64501 \(DE\), AS64502 \(DE\)\)/,
    )
  })

  it('flags impossible travel: Germany and Brazil twenty minutes apart, high', () => {
    const rows = [
      ...credentialTraffic('de', 3, START, 60_000, token(64500, 'DE')),
      ...credentialTraffic('br', 3, START + 20 * 60_000, 60_000, token(28573, 'BR')),
    ]
    const { findings } = replay(tokenConcurrentNetworks, rows)
    expect(findings.map((f) => [f.severity, f.observed.countries])).toEqual([['high', 2]])
  })

  it('stays quiet for a phone moving from office Wi-Fi to mobile, a stray request, and travel over a day', () => {
    const commute = [
      ...credentialTraffic('wifi', 10, START, 60_000, token(64500)),
      ...credentialTraffic('lte', 10, START + 11 * 60_000, 60_000, token(3320)),
      ...credentialTraffic('stray', 1, START + 12 * 60_000, 1, token(1111)),
    ]
    expect(replay(tokenConcurrentNetworks, commute).findings).toEqual([])
    const trip = [
      ...credentialTraffic('de', 3, START, 60_000, token(64500, 'DE')),
      ...credentialTraffic('us', 3, START + 12 * 3_600_000, 60_000, token(7922, 'US')),
    ]
    expect(replay(tokenConcurrentNetworks, trip).findings).toEqual([])
  })
})
