import { describe, expect, it } from 'vitest'
import { T0 } from '../../testing/events.js'
import { replay } from '../testing.js'
import { MINUTE } from '../volume-rate/minute-rate.js'
import { clientPool, traffic } from '../volume-rate/traffic.js'
import { volumeEndpointSpike } from './index.js'

const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const ORDERS = { path: '/v1/orders' }
const DAY0 = Date.UTC(2026, 0, 12) // a Monday, 00:00 UTC

/** `hours` of ordinary traffic on GET /v1/orders: `rate` requests a minute from 40 clients. */
const normal = (from: number, hours: number, rate = 20, label = 'n') =>
  traffic({ from, minutes: hours * 60, perMinute: rate, clients: clientPool(40), overrides: ORDERS, label })

describe('volume.endpoint_spike', () => {
  it('raises a spike far above the endpoint baseline and names the top source', () => {
    const before = normal(T0, 3)
    const spikeAt = T0 + 3 * HOUR
    const flood = traffic({
      from: spikeAt,
      minutes: 1,
      perMinute: 500,
      clients: ['198.51.100.66'],
      overrides: ORDERS,
      label: 'flood',
    })
    const after = normal(spikeAt, 1, 20, 'after')
    const { findings } = replay(volumeEndpointSpike, [...before, ...flood, ...after])

    expect(findings).toHaveLength(1)
    const f = findings[0]!
    expect(f.type).toBe('volume.endpoint_spike')
    expect(f.owasp).toBe('API4:2023 Unrestricted Resource Consumption')
    expect(f.subject).toEqual({ kind: 'endpoint', id: 'shop GET /v1/orders' })
    expect(f.severity).toBe('medium')
    expect(f.observed.requests).toBe(520)
    expect(f.observed.top_sources).toMatch(/^198\.51\.100\.66:500, /)
    expect(Number(f.expected.requests)).toBeGreaterThan(15)
    expect(Number(f.expected.requests)).toBeLessThan(25)
    expect(f.first_seen).toBe(spikeAt)
    expect(f.summary).toMatch(
      /^shop GET \/v1\/orders received 520 requests in the minute from .* against 2\d expected \(ewma baseline\); the top source 198\.51\.100\.66 sent 500\.$/,
    )
    expect(f.sample_event_ids).toHaveLength(20)
  })

  it('is high when the minute is 20 times the expectation and at least 10 times the floor', () => {
    const flood = traffic({ from: T0 + 2 * HOUR, minutes: 1, perMinute: 2000, overrides: ORDERS, label: 'f' })
    const { findings } = replay(volumeEndpointSpike, [
      ...normal(T0, 2),
      ...flood,
      ...normal(T0 + 2 * HOUR, 1),
    ])
    expect(findings.map((f) => f.severity)).toEqual(['high'])
  })

  it('says nothing during warm-up, below the floor, or for ordinary jitter', () => {
    const early = traffic({
      from: T0 + 20 * MINUTE,
      minutes: 1,
      perMinute: 500,
      overrides: ORDERS,
      label: 'e',
    })
    expect(replay(volumeEndpointSpike, [...normal(T0, 1), ...early]).findings).toEqual([])
    // 90 requests is 4.5 times the baseline but under min_requests (100)
    const small = traffic({ from: T0 + 2 * HOUR, minutes: 1, perMinute: 70, overrides: ORDERS, label: 's' })
    expect(replay(volumeEndpointSpike, [...normal(T0, 3), ...small]).findings).toEqual([])
    // a noisy endpoint: 20 to 60 requests a minute, never flagged
    const noisy = traffic({
      from: T0,
      minutes: 600,
      perMinute: (t) => 20 + ((t / MINUTE) % 41),
      overrides: ORDERS,
      label: 'noisy',
    })
    expect(replay(volumeEndpointSpike, noisy, { config: { min_requests: 30 } }).findings).toEqual([])
  })

  it('learns a daily peak at the usual hour, and still flags the same surge at another hour', () => {
    const peakEveryDay = (t: number) => (new Date(t).getUTCHours() === 9 ? 200 : 10)
    const fourDays = traffic({
      from: DAY0,
      minutes: 4 * 24 * 60,
      perMinute: peakEveryDay,
      overrides: ORDERS,
      label: 'd',
    })
    const unusual = traffic({
      from: DAY0 + 3 * DAY + 15 * HOUR,
      minutes: 60,
      perMinute: 190,
      overrides: ORDERS,
      label: 'u',
    })
    const { findings } = replay(volumeEndpointSpike, [...fourDays, ...unusual])
    // days 1 and 2 teach the hour-of-day profile; the 09:00 peak of days 3 and 4 is expected
    const peakDays = new Set(
      findings
        .filter((f) => new Date(f.first_seen).getUTCHours() === 9)
        .map((f) => Math.floor((f.first_seen - DAY0) / DAY)),
    )
    expect([...peakDays]).toEqual([0, 1])
    const late = findings.filter((f) => f.first_seen >= DAY0 + 2 * DAY)
    expect(late.length).toBeGreaterThan(0)
    for (const f of late) {
      expect(new Date(f.first_seen).getUTCHours()).toBe(15)
      expect(Number(f.expected.requests)).toBeLessThan(15)
    }
  })

  it('learns a weekly peak (Mondays 09:00) from the hour-of-week profile after two weeks', () => {
    const mondayPeak = (t: number) => {
      const d = new Date(t)
      return d.getUTCDay() === 1 && d.getUTCHours() === 9 ? 150 : 2
    }
    const threeWeeks = traffic({
      from: DAY0,
      minutes: 21 * 24 * 60,
      perMinute: mondayPeak,
      overrides: ORDERS,
      label: 'w',
    })
    const { findings } = replay(volumeEndpointSpike, threeWeeks, { config: { min_requests: 50 } })
    const weeks = new Set(findings.map((f) => Math.floor((f.first_seen - DAY0) / (7 * DAY))))
    // the hour-of-day profile averages the Monday peak over seven days, so weeks 1 and 2 are raised;
    // by week 3 the hour-of-week slot has two Mondays and expects the peak
    expect([...weeks]).toEqual([0, 1])
    for (const f of findings) expect(new Date(f.first_seen).getUTCDay()).toBe(1)
  })

  it('resumes from a snapshot with the same findings as an uninterrupted run', () => {
    const before = normal(T0, 3)
    const flood = traffic({ from: T0 + 3 * HOUR, minutes: 1, perMinute: 400, overrides: ORDERS, label: 'f' })
    const after = normal(T0 + 3 * HOUR, 1, 20, 'a')
    const whole = replay(volumeEndpointSpike, [...before, ...flood, ...after]).findings

    const first = replay(volumeEndpointSpike, before)
    const saved = JSON.parse(JSON.stringify(first.instance.snapshot()))
    const fresh = replay(volumeEndpointSpike, []).instance
    expect(fresh.size()).toBe(0)
    fresh.restore(saved)
    expect(fresh.size()).toBe(1)
    const resumed = replay(volumeEndpointSpike, [...flood, ...after], { instance: fresh }).findings
    expect(resumed).toEqual(whole)
  })

  it('holds at most max_endpoints baselines', () => {
    const many = traffic({
      from: T0,
      minutes: 30,
      perMinute: 100,
      overrides: (i) => ({ path: `/v1/things-${i % 1000}` }),
      label: 'm',
    })
    const { instance } = replay(volumeEndpointSpike, many, { config: { max_endpoints: 100 } })
    expect(instance.size()).toBe(100)
  })
})
