import type { AccessEvent } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { T0 } from '../../testing/events.js'
import { replay } from '../testing.js'
import { MINUTE } from '../volume-rate/minute-rate.js'
import { clientPool, traffic } from '../volume-rate/traffic.js'
import { exfilResponseVolume } from './index.js'

const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const anonymous = { kind: 'none' } as const
const alice = { kind: 'jwt', fingerprint: 'a11ce0000000000a', subject: 'alice' } as const
const exporter = { kind: 'api_key', fingerprint: 'e4e4e4e4e4e4e4e4' } as const

/** 100 anonymous clients browsing: 300 requests a minute of 20 kB each. */
const crowd = (from: number, minutes: number, label = 'c') =>
  traffic({
    from,
    minutes,
    perMinute: 300,
    clients: clientPool(100),
    overrides: { principal: anonymous, response_bytes: 20_000, path: '/v1/products' },
    label,
  })

const calls = (
  from: number,
  minutes: number,
  perMinute: number,
  overrides: Partial<AccessEvent>,
  label: string,
): AccessEvent[] => traffic({ from, minutes, perMinute, overrides, label })

describe('exfil.response_volume', () => {
  it('flags a principal pulling far more bytes than its own baseline', () => {
    const usual = calls(
      T0,
      120,
      10,
      { principal: alice, response_bytes: 200_000, path: '/v1/customers' },
      'a',
    )
    const dump = calls(
      T0 + 2 * HOUR,
      1,
      100,
      { principal: alice, response_bytes: 5_000_000, path: '/v1/customers' },
      'd',
    )
    const { findings } = replay(exfilResponseVolume, [...crowd(T0, 130), ...usual, ...dump])
    expect(findings).toHaveLength(1)
    const f = findings[0]!
    expect(f.subject).toEqual({ kind: 'principal', id: 'a11ce0000000000a', label: 'alice' })
    expect(f.severity).toBe('medium')
    expect(f.observed.response_bytes).toBe(500_000_000)
    expect(f.observed.top_routes).toBe('GET /v1/customers:500000000')
    expect(f.expected.own_basis).toBe('ewma')
    expect(f.summary).toMatch(
      /^Principal alice received 500,000,000 response bytes in the minute from .* against 2,\d{3},\d{3} expected; GET \/v1\/customers returned 500,000,000 of them\.$/,
    )
    expect(f.sample_event_ids).toHaveLength(20)
  })

  it('learns a nightly export that is always large: only its first night is raised', () => {
    const nights = [0, 1, 2, 3].flatMap((d) =>
      calls(
        T0 + d * DAY + 30 * MINUTE,
        10,
        60,
        { principal: exporter, response_bytes: 10_000_000, path: '/v1/export' },
        `x${d}`,
      ),
    )
    const day = [0, 1, 2, 3].flatMap((d) => crowd(T0 + d * DAY, 60, `c${d}`))
    const { findings } = replay(exfilResponseVolume, [...day, ...nights])
    const nightsRaised = new Set(findings.map((f) => Math.floor((f.first_seen - T0) / DAY)))
    expect([...nightsRaised]).toEqual([0])
    expect(findings.every((f) => f.subject.id === exporter.fingerprint)).toBe(true)
    // every minute of the first run stays raised: a burst is not learned while it lasts
    expect(findings).toHaveLength(10)
    // the same job at ten times its size is raised again
    const bigger = calls(
      T0 + 4 * DAY + 30 * MINUTE,
      1,
      600,
      { principal: exporter, response_bytes: 10_000_000, path: '/v1/export' },
      'big',
    )
    const again = replay(exfilResponseVolume, [...day, ...nights, ...bigger, ...crowd(T0 + 4 * DAY, 35, 'e')])
    expect(
      again.findings.filter((f) => f.first_seen >= T0 + 4 * DAY).map((f) => f.observed.response_bytes),
    ).toEqual([6_000_000_000])
  })

  it('flags a huge page from a list endpoint that usually returns small pages, naming the page size asked', () => {
    const pages = calls(
      T0,
      60,
      5,
      { principal: alice, response_bytes: 40_000, path: '/v1/orders', query: 'limit=50' },
      'p',
    )
    const huge = calls(
      T0 + HOUR,
      1,
      1,
      { principal: alice, response_bytes: 48_000_000, path: '/v1/orders', query: 'limit=100000' },
      'h',
    )
    const { findings } = replay(exfilResponseVolume, [...pages, ...huge])
    expect(findings).toHaveLength(1)
    const f = findings[0]!
    expect(f.observed).toEqual({
      response_bytes: 48_000_000,
      endpoint: 'shop GET /v1/orders',
      page_request: 'limit=100000',
    })
    expect(f.summary).toBe(
      'shop GET /v1/orders returned 48,000,000 bytes to alice in one response against a typical 40,000 (asked limit=100000).',
    )
  })

  it('leaves an endpoint that always serves large files to many clients alone', () => {
    const downloads = traffic({
      from: T0,
      minutes: 120,
      perMinute: 1,
      clients: clientPool(120, 9),
      overrides: { principal: anonymous, response_bytes: 60_000_000, path: '/files/release.jar' },
      label: 'j',
    })
    const { findings } = replay(exfilResponseVolume, [...crowd(T0, 120), ...downloads])
    expect(findings).toEqual([])
  })

  it('resumes from a snapshot with the same findings', () => {
    const events = [
      ...crowd(T0, 130),
      ...calls(T0, 120, 10, { principal: alice, response_bytes: 200_000 }, 'a'),
      ...calls(T0 + 2 * HOUR, 1, 100, { principal: alice, response_bytes: 5_000_000 }, 'd'),
    ]
    const whole = replay(exfilResponseVolume, events).findings
    const cut = T0 + HOUR
    const first = replay(
      exfilResponseVolume,
      events.filter((e) => e.ts < cut),
    )
    const fresh = replay(exfilResponseVolume, []).instance
    fresh.restore(JSON.parse(JSON.stringify(first.instance.snapshot())))
    expect(fresh.size()).toBe(first.instance.size())
    const rest = replay(
      exfilResponseVolume,
      events.filter((e) => e.ts >= cut),
      { instance: fresh },
    ).findings
    expect(whole).toHaveLength(1)
    expect(rest).toEqual(whole)
  })
})
