import { describe, expect, it } from 'vitest'
import {
  errorRateLevel,
  formatAgo,
  formatBucketTick,
  formatCompact,
  formatCount,
  formatDuration,
  formatPercent,
  formatTimestamp,
} from './format.js'

describe('format', () => {
  it('writes exact counts with separators and compact counts for axes', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCompact(950)).toBe('950')
    expect(formatCompact(12_345)).toBe('12.3K')
  })

  it('writes shares as percentages without false precision', () => {
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(0.0004)).toBe('<0.1%')
    expect(formatPercent(0.0234)).toBe('2.3%')
    expect(formatPercent(0.456)).toBe('46%')
    expect(formatPercent(1)).toBe('100%')
  })

  it('writes durations in the unit a reader expects', () => {
    expect(formatDuration(0.42)).toBe('0.4 ms')
    expect(formatDuration(3)).toBe('3 ms')
    expect(formatDuration(12.4)).toBe('12 ms')
    expect(formatDuration(1250)).toBe('1.25 s')
    expect(formatDuration(60_000)).toBe('1 min')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatDuration(Number.NaN)).toBe('–')
  })

  it('writes ages relative to now', () => {
    const now = Date.parse('2026-11-22T12:00:00Z')
    expect(formatAgo(now - 5_000, now)).toBe('just now')
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago')
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago')
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2 d ago')
    expect(formatAgo(now + 3_600_000, now)).toBe('in the future')
  })

  it('writes event times in UTC', () => {
    const t = Date.parse('2026-11-22T09:05:03Z')
    expect(formatTimestamp(t)).toBe('2026-11-22 09:05:03 UTC')
    expect(formatBucketTick(t, 60_000)).toBe('09:05')
    expect(formatBucketTick(Date.parse('2026-11-22T00:00:00Z'), 3_600_000)).toBe('22 Nov')
    expect(formatBucketTick(t, 86_400_000)).toBe('22 Nov')
  })

  it('grades error rates', () => {
    expect(errorRateLevel(0.04)).toBe('ok')
    expect(errorRateLevel(0.06)).toBe('warn')
    expect(errorRateLevel(0.5)).toBe('bad')
  })
})
