import { describe, expect, it } from 'vitest'
import type { EventRow } from '../../store/event-row.js'
import { credentialTraffic, replay } from '../testing.js'
import { tokenNewNetwork } from './index.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const START = Date.UTC(2026, 10, 2, 8)

const home = (i: number): Partial<EventRow> => ({
  principal_fingerprint: 'fp-alice',
  principal_subject: 'alice',
  // Alice works from the office and from home, both in Germany.
  client_ip: i % 2 ? '198.51.100.20' : '192.0.2.10',
  asn: i % 2 ? 64500 : 64501,
  as_org: i % 2 ? 'Office Net' : 'Home ISP',
  country: 'DE',
  ua_family: 'Chrome',
})
const history = () => credentialTraffic('alice', 200, START, 10 * 60_000, home)

describe('token.new_network', () => {
  it('raises a critical alert within 20 requests when a stolen token is used from a new ASN and country with a new client', () => {
    const stolenAt = START + 3 * DAY
    const stolen = credentialTraffic('thief', 20, stolenAt, 30_000, () => ({
      principal_fingerprint: 'fp-alice',
      principal_subject: 'alice',
      client_ip: '203.0.113.66',
      asn: 666,
      as_org: 'Bulletproof Hosting',
      country: 'RU',
      ua_family: 'Python Requests',
    }))
    const { findings } = replay(tokenNewNetwork, [...history(), ...stolen])
    expect(findings.length).toBeGreaterThan(0)
    const first = findings[0]!
    const index = stolen.findIndex((r) => r.event_id === first.sample_event_ids.at(-1))
    expect(index).toBeLessThan(20)
    expect(first).toMatchObject({
      type: 'token.new_network',
      severity: 'critical',
      owasp: 'API2:2023 Broken Authentication',
      subject: { kind: 'principal', id: 'fp-alice', label: 'alice' },
      first_seen: stolenAt,
      events: 3,
    })
    expect(first.observed).toMatchObject({ network: 'AS666', country: 'RU', requests_from_network: 3 })
    expect(first.expected).toMatchObject({ known_networks: 'AS64501, AS64500', known_countries: 'DE' })
    expect(first.summary).toMatch(
      /known on 2 network.*3 requests from AS666 \(Bulletproof Hosting, RU\).*country and a client/,
    )
    expect(first.sample_event_ids).toEqual(stolen.slice(0, 3).map((r) => r.event_id))
    expect(findings.at(-1)!.events).toBe(20)
  })

  it('stays quiet for a credential on its known networks, and during the warm-up even on many networks', () => {
    expect(replay(tokenNewNetwork, history()).findings).toEqual([])
    const fresh = credentialTraffic('new', 40, START, 60_000, (i) => ({
      principal_fingerprint: 'fp-new',
      asn: 1000 + (i % 5),
      country: i % 2 ? 'FR' : 'DE',
    }))
    expect(replay(tokenNewNetwork, fresh).findings).toEqual([])
  })

  it('rates a new ASN in a known country with a known client as medium, and ignores a single stray request', () => {
    const later = START + 3 * DAY
    const stray = credentialTraffic('stray', 1, later, 1000, (i) => ({
      ...home(i),
      asn: 64999,
      client_ip: '100.64.0.1',
    }))
    expect(replay(tokenNewNetwork, [...history(), ...stray]).findings).toEqual([])
    const cafe = credentialTraffic('cafe', 3, later, 60_000, (i) => ({
      ...home(i),
      asn: 64999,
      client_ip: '100.64.0.1',
    }))
    const { findings } = replay(tokenNewNetwork, [...history(), ...cafe])
    expect(findings.map((f) => f.severity)).toEqual(['medium'])
  })

  it('does not judge a credential that roams over more networks than max_networks', () => {
    const fleet = credentialTraffic('fleet', 300, START, 60_000, (i) => ({
      principal_fingerprint: 'fp-fleet',
      asn: 100 + (i % 20),
    }))
    const after = credentialTraffic('fleet-new', 5, START + DAY, 1000, () => ({
      principal_fingerprint: 'fp-fleet',
      asn: 9999,
    }))
    expect(replay(tokenNewNetwork, [...fleet, ...after], { config: { max_networks: 8 } }).findings).toEqual(
      [],
    )
  })

  it('resumes from a snapshot: the history learned before a restart still makes the new network news', () => {
    const before = replay(tokenNewNetwork, history())
    const saved = JSON.parse(JSON.stringify(before.instance.snapshot()))
    const instance = replay(tokenNewNetwork, []).instance
    instance.restore(saved)
    expect(instance.size()).toBe(1)
    const stolen = credentialTraffic('t', 3, START + 3 * DAY, 1000, () => ({
      principal_fingerprint: 'fp-alice',
      asn: 666,
      country: 'RU',
    }))
    expect(replay(tokenNewNetwork, stolen, { instance }).findings).toHaveLength(1)
    // Without the history the same three requests are a new credential's warm-up.
    expect(replay(tokenNewNetwork, stolen).findings).toEqual([])
  })
})
