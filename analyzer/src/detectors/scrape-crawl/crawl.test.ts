import type { AccessEvent } from '@gatewatch/schema'
import { describe, expect, it } from 'vitest'
import { makeEvent, T0 } from '../../testing/events.js'
import { replay } from '../testing.js'
import { seeded } from '../volume-rate/traffic.js'
import { scrapeCrawl } from './index.js'

const anonymous = { kind: 'none' } as const

/** Requests for `queries` one after another, `gap(i)` ms apart, from one caller. */
function walk(
  label: string,
  queries: string[],
  gap: (i: number) => number,
  overrides: Partial<AccessEvent> = {},
) {
  let ts = T0
  return queries.map((query, i) => {
    ts += gap(i)
    return makeEvent(`${label}-${i}`, { ts, path: '/v1/products', query, principal: anonymous, ...overrides })
  })
}

const pages = (from: number, to: number, param = 'page') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${param}=${from + i}&sort=id`)
const random = seeded(7)
/** A script: one page every 1.2 s give or take 5%. */
const machine = () => 1200 * (0.95 + 0.1 * random())
/** A person: 3 to 40 s between pages. */
const person = () => 3000 + 37_000 * random()

describe('scrape.crawl', () => {
  it('flags a script walking page=1,2,3… every 1.2 s, and updates at each doubling', () => {
    const { findings } = replay(
      scrapeCrawl,
      walk('bot', pages(1, 90), machine, { client_ip: '198.51.100.20' }),
    )
    expect(findings.map((f) => f.observed.pages)).toEqual([20, 40, 80])
    const f = findings.at(-1)!
    expect(f.type).toBe('scrape.crawl')
    expect(f.owasp).toBe('API6:2023 Unrestricted Access to Sensitive Business Flows')
    expect(f.subject).toEqual({ kind: 'ip', id: '198.51.100.20' })
    expect(f.severity).toBe('medium')
    expect(f.observed.last_position).toBe('80')
    expect(Number(f.observed.gap_cv)).toBeLessThan(0.1)
    expect(f.summary).toMatch(
      /^IP 198\.51\.100\.20 walked 80 consecutive pages of shop GET \/v1\/products by page every 1\.2 s with a gap variation of 0\.0\d, against at most 0\.35 for 20 pages expected of people\.$/,
    )
    expect(f.sample_event_ids).toHaveLength(20)
  })

  it('follows offsets with a fixed step and fresh cursors, per principal', () => {
    const offsets = Array.from({ length: 25 }, (_, i) => `offset=${i * 50}&limit=50`)
    const cursors = Array.from({ length: 25 }, (_, i) => `cursor=c${(i * 7919).toString(36)}`)
    const token = { kind: 'jwt', fingerprint: 'c0ffee00c0ffee00', subject: 'svc-sync' } as const
    const a = replay(scrapeCrawl, walk('off', offsets, machine)).findings
    const b = replay(scrapeCrawl, walk('cur', cursors, machine, { principal: token })).findings
    expect(a.map((f) => [f.observed.by, f.observed.pages])).toEqual([['offset', 20]])
    expect(b.map((f) => [f.subject, f.observed.by])).toEqual([
      [{ kind: 'principal', id: 'c0ffee00c0ffee00', label: 'svc-sync' }, 'cursor'],
    ])
  })

  it('leaves people alone: three pages, or forty at a human pace, or a script that keeps re-reading page 1', () => {
    expect(replay(scrapeCrawl, walk('three', pages(1, 3), machine)).findings).toEqual([])
    expect(replay(scrapeCrawl, walk('reader', pages(1, 40), person)).findings).toEqual([])
    const poll = Array.from({ length: 100 }, () => 'page=1')
    expect(replay(scrapeCrawl, walk('poll', poll, machine)).findings).toEqual([])
    // jumping around a result list is browsing, not a walk
    const jumps = [1, 2, 5, 3, 4, 9, 10, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2, 3].map(
      (p) => `page=${p}`,
    )
    expect(replay(scrapeCrawl, walk('jumps', jumps, machine)).findings).toEqual([])
  })

  it('ends a walk after a long pause and ignores failed requests', () => {
    const paused = walk('pause', pages(1, 30), (i) => (i === 15 ? 20 * 60_000 : 1200))
    expect(replay(scrapeCrawl, paused).findings).toEqual([])
    const missing = walk('404', pages(1, 30), machine, { status: 404 })
    expect(replay(scrapeCrawl, missing).findings).toEqual([])
  })

  it('resumes a walk from a snapshot and holds at most max_walks walks', () => {
    const events = walk('bot', pages(1, 30), machine)
    const first = replay(scrapeCrawl, events.slice(0, 15))
    const fresh = replay(scrapeCrawl, []).instance
    fresh.restore(JSON.parse(JSON.stringify(first.instance.snapshot())))
    expect(
      replay(scrapeCrawl, events.slice(15), { instance: fresh }).findings.map((f) => f.observed.pages),
    ).toEqual([20])
    const many = Array.from({ length: 500 }, (_, i) =>
      makeEvent(`m${i}`, {
        ts: T0 + i,
        client_ip: `10.0.${i >> 8}.${i & 255}`,
        principal: anonymous,
        query: 'page=1',
      }),
    )
    expect(replay(scrapeCrawl, many, { config: { max_walks: 100 } }).instance.size()).toBe(100)
  })
})
