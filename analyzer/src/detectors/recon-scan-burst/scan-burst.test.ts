import { describe, expect, it } from 'vitest'
import { T0 } from '../../testing/index.js'
import { detectorConfig, replay } from '../testing.js'
import { steady } from '../traffic/testing.js'
import { reconScanBurst } from './index.js'

const words = ['admin', 'backup', 'old', 'test', 'api', 'v2', 'dev', 'tmp', 'cgi-bin', 'private']
const scan = (i: number) => ({ path: `/${words[i % 10]}${i}`, status: i % 9 === 0 ? 403 : 404 })

describe('recon.scan_burst', () => {
  it('finds 60 distinct mostly-404 paths in one minute, then rises to high', () => {
    const { findings } = replay(reconScanBurst, steady('198.51.100.30', 200, 300, scan))
    expect(findings.length).toBeGreaterThan(0)
    const first = findings[0]!
    expect(first).toMatchObject({
      type: 'recon.scan_burst',
      severity: 'medium',
      subject: { kind: 'ip', id: '198.51.100.30' },
    })
    expect(first.observed.distinct_paths).toBe(40)
    expect(first.first_seen).toBe(T0)
    expect(findings.at(-1)!.severity).toBe('high')
  })

  it('finds a scanner whose misses are only half 404s: the gateway answers the rest 401, 403 or 405', () => {
    // the simulator's scanner draws from this mix; 4/7 of 404s alone is under the 0.6 gate
    const mix = [404, 401, 403, 404, 405, 403, 404]
    const events = steady('198.51.100.35', 120, 500, (i) => ({
      path: `/${words[i % 10]}${i}`,
      status: mix[i % 7]!,
    }))
    const { findings } = replay(reconScanBurst, events)
    expect(findings[0]).toMatchObject({ type: 'recon.scan_burst', subject: { id: '198.51.100.35' } })
    expect(findings[0]!.observed.not_found_share).toBe(1)
  })

  it('stays quiet for a client whose distinct calls fail with 400 or 429 (malformed or throttled, not guessed)', () => {
    const events = steady('198.51.100.36', 120, 500, (i) => ({
      path: `/${words[i % 10]}${i}`,
      status: i % 2 ? 400 : 429,
    }))
    expect(replay(reconScanBurst, events).findings).toEqual([])
  })

  it('counts a scan that straddles a window edge whole', () => {
    // 30 paths before the 5-minute edge, 30 after
    const events = steady('198.51.100.31', 60, 1000, scan).map((e) => ({
      ...e,
      ts: T0 + 270_000 + e.ts - T0,
    }))
    const { findings } = replay(reconScanBurst, events)
    expect(findings[0]?.observed.distinct_paths).toBe(40)
  })

  it('stays quiet for a fast crawler on public pages that mostly answer 200', () => {
    const events = steady('66.249.66.2', 300, 500, (i) => ({
      path: `/products/${i}`,
      status: i % 10 === 0 ? 404 : 200,
    }))
    expect(replay(reconScanBurst, events).findings).toEqual([])
  })

  it('stays quiet for the same scan spread over hours (that is low-and-slow’s job)', () => {
    expect(replay(reconScanBurst, steady('198.51.100.32', 100, 5 * 60_000, scan)).findings).toEqual([])
  })

  it('holds no key for sources that never fail', () => {
    const events = Array.from({ length: 300 }, (_, i) => ({
      ...steady(`10.60.0.${i}`, 1, 1000, () => ({ path: `/products/${i}`, status: 200 }))[0]!,
      ts: T0 + i * 100,
    }))
    expect(replay(reconScanBurst, events).instance.size()).toBe(0)
  })

  it('stays quiet for a client hammering one missing path', () => {
    expect(
      replay(
        reconScanBurst,
        steady('203.0.113.33', 300, 100, () => ({ path: '/favicon.ico', status: 404 })),
      ).findings,
    ).toEqual([])
  })

  it('resumes from a JSON snapshot', () => {
    const events = steady('198.51.100.34', 60, 1000, scan)
    const head = replay(reconScanBurst, events.slice(0, 30))
    const instance = reconScanBurst.create(detectorConfig(reconScanBurst))
    instance.restore(JSON.parse(JSON.stringify(head.instance.snapshot())))
    expect(replay(reconScanBurst, events.slice(30), { instance }).findings[0]?.observed.distinct_paths).toBe(
      40,
    )
  })
})
