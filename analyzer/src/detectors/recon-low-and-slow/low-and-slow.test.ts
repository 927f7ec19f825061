import { describe, expect, it } from 'vitest'
import type { EventRow } from '../../store/event-row.js'
import { makeEvent, T0 } from '../../testing/index.js'
import { detectorConfig, replay } from '../testing.js'
import { anonymous, MIN, steady } from '../traffic/testing.js'
import { HOUR } from './config.js'
import { reconLowAndSlow } from './index.js'

const probePaths = ['/admin', '/backup', '/config', '/old', '/v0', '/internal', '/debug', '/test']
const probe = (i: number) => ({
  path: `${probePaths[i % probePaths.length]}/${i}`,
  status: i % 7 === 0 ? 200 : i % 3 === 0 ? 403 : 404,
})

describe('recon.low_and_slow', () => {
  it('finds a probe at one request per 5 minutes well within 24 h of event time', () => {
    const { findings } = replay(reconLowAndSlow, steady('198.51.100.9', 288, 5 * MIN, probe))
    expect(findings.length).toBeGreaterThan(0)
    const first = findings[0]!
    expect(first.type).toBe('recon.low_and_slow')
    expect(first.subject).toEqual({ kind: 'ip', id: '198.51.100.9' })
    expect(first.last_seen - T0).toBeLessThan(4 * HOUR)
    expect(first.observed.distinct_failed_paths_24h).toBeGreaterThanOrEqual(25)
    expect(first.summary).toMatch(/distinct paths failed/)
    expect(first.sample_event_ids.length).toBeGreaterThan(0)
    // it keeps reporting as the probe grows, then rises to high
    expect(findings.at(-1)!.severity).toBe('high')
    expect(findings.at(-1)!.observed.distinct_failed_paths_7d).toBeGreaterThan(100)
  })

  it('keys a credentialed prober by its principal fingerprint', () => {
    const events = steady('198.51.100.10', 60, 5 * MIN, probe).map((e) => ({
      ...e,
      principal: { kind: 'api_key' as const, fingerprint: 'feedfacecafebeef' },
    }))
    const { findings } = replay(reconLowAndSlow, events)
    expect(findings[0]!.subject).toEqual({ kind: 'principal', id: 'feedfacecafebeef' })
  })

  it('stays quiet for a user browsing many pages over a day with a few broken links', () => {
    const events = steady('203.0.113.20', 600, 2 * MIN, (i) => ({
      path: `/articles/${i}`,
      status: i % 15 === 0 ? 404 : 200,
    }))
    expect(replay(reconLowAndSlow, events).findings).toEqual([])
  })

  it('leaves a scan packed into one hour to recon.scan_burst, and finds one spread over two', () => {
    const burst = steady('198.51.100.12', 60, 1000, probe)
    expect(replay(reconLowAndSlow, burst).findings).toEqual([])
    const twoHours = steady('198.51.100.13', 120, MIN, probe)
    expect(replay(reconLowAndSlow, twoHours).findings[0]?.observed.active_hours_24h).toBe(2)
  })

  it('stays quiet for a client retrying one failing path all day', () => {
    const events = steady('203.0.113.21', 288, 5 * MIN, () => ({ path: '/v1/profile', status: 401 }))
    expect(replay(reconLowAndSlow, events).findings).toEqual([])
  })

  it('skips a crawler marked by enrichment, and finds the same traffic when bots are not excluded', () => {
    const events = steady('66.249.66.1', 200, 5 * MIN, probe)
    const enrich = (row: EventRow) => ({ ...row, bot: 'Googlebot' })
    expect(replay(reconLowAndSlow, events, { enrich }).findings).toEqual([])
    expect(
      replay(reconLowAndSlow, events, { enrich, config: { exclude_bots: false } }).findings.length,
    ).toBeGreaterThan(0)
  })

  it('still finds a probe made with curl or python-requests, which enrichment also names as bots', () => {
    const events = steady('198.51.100.14', 200, 5 * MIN, probe)
    for (const bot of ['curl', 'python-requests', 'Go-http-client']) {
      const enrich = (row: EventRow) => ({ ...row, bot })
      expect(replay(reconLowAndSlow, events, { enrich }).findings.length, bot).toBeGreaterThan(0)
    }
  })

  it('rejects an invalid crawler pattern, naming the detector', () => {
    const config = detectorConfig(reconLowAndSlow, { crawler_patterns: ['(bad'] })
    expect(() => reconLowAndSlow.create(config)).toThrow(/recon_low_and_slow: crawler_patterns is invalid/)
  })

  it('resumes from a snapshot as if it had never stopped', () => {
    const events = steady('198.51.100.11', 100, 5 * MIN, probe)
    const whole = replay(reconLowAndSlow, events).findings
    const firstHalf = replay(reconLowAndSlow, events.slice(0, 20))
    const fresh = reconLowAndSlow.create(detectorConfig(reconLowAndSlow))
    fresh.restore(JSON.parse(JSON.stringify(firstHalf.instance.snapshot())))
    const rest = replay(reconLowAndSlow, events.slice(20), { instance: fresh }).findings
    expect([...firstHalf.findings, ...rest].map((f) => f.observed)).toEqual(whole.map((f) => f.observed))
  })

  it('holds at most max_keys sources and forgets idle ones on the watermark', () => {
    const events = Array.from({ length: 500 }, (_, i) =>
      makeEvent(`many-${i}`, {
        ts: T0 + i * 1000,
        client_ip: `10.0.${i >> 8}.${i & 255}`,
        principal: anonymous,
        status: 404,
      }),
    )
    const { instance } = replay(reconLowAndSlow, events, { config: { max_keys: 100 } })
    expect(instance.size()).toBe(100)
    replay(reconLowAndSlow, [makeEvent('late', { ts: T0 + 8 * 24 * HOUR, status: 200 })], { instance })
    expect(instance.size()).toBe(0)
  })
})
