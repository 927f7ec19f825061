import { describe, expect, it } from 'vitest'
import { T0 } from '../../testing/events.js'
import { replay } from '../testing.js'
import { MINUTE } from '../volume-rate/minute-rate.js'
import { clientPool, traffic } from '../volume-rate/traffic.js'
import { volumeSourceFlood } from './index.js'

const HOUR = 60 * MINUTE
/** 100 ordinary clients, 300 requests a minute between them (3 each). */
const crowd = (from: number, hours: number, label = 'c') =>
  traffic({ from, minutes: hours * 60, perMinute: 300, clients: clientPool(100), label })

describe('volume.source_flood', () => {
  it('flags a new IP far above the population at once, and leaves its network to the IP alert', () => {
    const at = T0 + HOUR
    const flood = traffic({
      from: at,
      minutes: 1,
      perMinute: 1200,
      clients: ['203.0.113.50'],
      overrides: { path: '/v1/login', method: 'POST' },
      label: 'f',
    })
    const { findings } = replay(volumeSourceFlood, [...crowd(T0, 2), ...flood])
    expect(findings).toHaveLength(1)
    const f = findings[0]!
    expect(f.subject).toEqual({ kind: 'ip', id: '203.0.113.50' })
    expect(f.severity).toBe('medium')
    expect(f.observed.requests).toBe(1200)
    expect(f.observed.top_routes).toBe('POST /v1/login:1200')
    expect(f.expected.own_baseline).toBe('not learned yet')
    expect(f.first_seen).toBe(at)
    expect(f.summary).toMatch(
      /^IP 203\.0\.113\.50 sent 1,200 requests in the minute from .* against \d+ expected \(own baseline not learned yet, population p99 \d+\); top route POST \/v1\/login took 1,200\.$/,
    )
  })

  it('flags a network whose IPs each stay under the floor', () => {
    const subnet = Array.from({ length: 20 }, (_, i) => `203.0.113.${i + 10}`)
    const spread = traffic({ from: T0 + HOUR, minutes: 1, perMinute: 800, clients: subnet, label: 's' })
    const { findings } = replay(volumeSourceFlood, [...crowd(T0, 2), ...spread])
    expect(findings).toHaveLength(1)
    expect(findings.map((f) => [f.subject.kind, f.subject.id, f.observed.requests])).toEqual([
      ['network', '203.0.113.0/24', 800],
    ])
    expect(String(findings[0]!.observed.top_ips)).toMatch(/^203\.0\.113\.\d+:40, /)
  })

  it('leaves a busy office NAT alone once its own rate is learned, but flags it at ten times that', () => {
    const nat = (from: number, minutes: number, rate: number, label: string) =>
      traffic({ from, minutes, perMinute: rate, clients: ['192.0.2.1'], label })
    const usual = [...crowd(T0, 4), ...nat(T0, 120, 400, 'nat1'), ...nat(T0 + 2 * HOUR, 60, 520, 'nat2')]
    const first = replay(
      volumeSourceFlood,
      usual.filter((e) => e.ts >= T0 + 90 * MINUTE),
    )
    // the learned office: the first 90 minutes teach it, then nothing is raised
    const learned = replay(volumeSourceFlood, usual)
    expect(learned.findings.filter((f) => f.first_seen >= T0 + 61 * MINUTE)).toEqual([])
    expect(first.findings.length).toBeGreaterThan(0) // without its history the same office looks like a flood
    const burst = nat(T0 + 3 * HOUR, 1, 5000, 'burst')
    const { findings } = replay(volumeSourceFlood, [...usual, ...burst])
    const late = findings.filter((f) => f.first_seen >= T0 + 61 * MINUTE)
    expect(late.map((f) => [f.subject.id, f.observed.requests, f.severity])).toEqual([
      ['192.0.2.1', 5000, 'medium'],
    ])
  })

  it('resumes from a snapshot with the same findings', () => {
    const events = [
      ...crowd(T0, 2),
      ...traffic({ from: T0 + 2 * HOUR, minutes: 1, perMinute: 900, clients: ['198.18.0.9'], label: 'x' }),
      ...crowd(T0 + 2 * HOUR, 1, 'd'),
    ]
    const whole = replay(volumeSourceFlood, events).findings
    const cut = T0 + 2 * HOUR
    const first = replay(
      volumeSourceFlood,
      events.filter((e) => e.ts < cut),
    )
    const fresh = replay(volumeSourceFlood, []).instance
    fresh.restore(JSON.parse(JSON.stringify(first.instance.snapshot())))
    const rest = replay(
      volumeSourceFlood,
      events.filter((e) => e.ts >= cut),
      { instance: fresh },
    ).findings
    expect(whole).toHaveLength(1)
    expect(rest).toEqual(whole)
  })
})
