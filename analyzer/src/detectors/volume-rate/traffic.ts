// Deterministic synthetic traffic for the volume, exfiltration and scrape detector tests: a given
// number of requests per minute spread over the minute, from a pool of clients, with seeded jitter.
import type { AccessEvent } from '@gatewatch/schema'
import { makeEvent } from '../../testing/events.js'
import { MINUTE } from './minute-rate.js'

/** A small seeded generator (mulberry32): the same seed always gives the same traffic. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface TrafficOptions {
  /** Start of the first minute, ms. */
  from: number
  minutes: number
  /** Requests per minute, or a function of the minute's start time. */
  perMinute: number | ((minuteStart: number) => number)
  /** Client IPs the requests are spread over (round robin). */
  clients?: string[]
  overrides?: Partial<AccessEvent> | ((i: number, ts: number) => Partial<AccessEvent>)
  seed?: number
  /** Prefix of the deterministic event ids. */
  label: string
}

export function traffic(o: TrafficOptions): AccessEvent[] {
  const random = seeded(o.seed ?? 1)
  const clients = o.clients ?? ['198.51.100.1']
  const out: AccessEvent[] = []
  for (let m = 0; m < o.minutes; m++) {
    const start = o.from + m * MINUTE
    const count = typeof o.perMinute === 'number' ? o.perMinute : o.perMinute(start)
    for (let i = 0; i < count; i++) {
      const ts = start + Math.floor(random() * MINUTE)
      const extra = typeof o.overrides === 'function' ? o.overrides(out.length, ts) : (o.overrides ?? {})
      out.push(
        makeEvent(`${o.label}-${m}-${i}`, {
          ts,
          client_ip: clients[out.length % clients.length]!,
          ...extra,
        }),
      )
    }
  }
  return out
}

/** `n` distinct client IPs 10.x.y.`host`, each in its own /24 network. */
export const clientPool = (n: number, host = 7): string[] =>
  Array.from({ length: n }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.${host}`)
