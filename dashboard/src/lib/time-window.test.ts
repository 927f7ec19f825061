import { describe, expect, it } from 'vitest'
import { bucketFor, MAX_POINTS, timeTicks, trafficWindow } from './time-window.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('trafficWindow', () => {
  it('picks the smallest round bucket that keeps the chart readable', () => {
    expect(bucketFor(HOUR)).toBe(60_000)
    expect(bucketFor(DAY)).toBe(15 * 60_000)
    expect(bucketFor(7 * DAY)).toBe(2 * HOUR)
    expect(bucketFor(365 * DAY)).toBe(4 * DAY)
  })

  it('covers all the data, on whole buckets, when asked for all', () => {
    const first = Date.parse('2026-11-22T00:03:10Z')
    const last = Date.parse('2026-11-22T23:58:00Z')
    const w = trafficWindow('all', { first, last })!
    expect(w.bucket_ms).toBe(15 * 60_000)
    expect(w.from).toBeLessThanOrEqual(first)
    expect(w.to).toBeGreaterThan(last)
    expect(w.from % w.bucket_ms).toBe(0)
    expect(w.to % w.bucket_ms).toBe(0)
    expect((w.to - w.from) / w.bucket_ms).toBeLessThanOrEqual(MAX_POINTS)
  })

  it('ends a relative window at the newest event, not at the wall clock', () => {
    const last = Date.parse('2025-01-10T12:30:00Z')
    const w = trafficWindow('1h', { first: last - 30 * DAY, last })!
    expect(w.to).toBeGreaterThan(last)
    expect(w.to - w.from).toBeLessThanOrEqual(HOUR + w.bucket_ms)
    expect(w.bucket_ms).toBe(60_000)
  })

  it('has no window without data', () => {
    expect(trafficWindow('all', null)).toBeNull()
  })
})

describe('timeTicks', () => {
  it('puts ticks on round times', () => {
    const from = Date.parse('2026-11-20T00:00:00Z')
    const ticks = timeTicks(from, from + DAY)
    expect(ticks.length).toBeLessThanOrEqual(10)
    expect(ticks[0]).toBe(from)
    for (const t of ticks) expect(t % (3 * HOUR)).toBe(0)
    expect(timeTicks(from + 7 * 60_000, from + 67 * 60_000).every((t) => t % (15 * 60_000) === 0)).toBe(true)
  })
})
