// The traffic chart's window. Windows end at the newest event rather than the wall clock, so a
// replayed log from last month is shown over its own period; buckets are picked so the chart has
// at most MAX_POINTS points on round boundaries.
import type { TimeSpan } from './inventory.js'

export type WindowKey = 'all' | '7d' | '24h' | '1h'

export const WINDOWS: readonly { key: WindowKey; label: string; ms?: number }[] = [
  { key: 'all', label: 'All data' },
  { key: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { key: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { key: '1h', label: 'Last hour', ms: 3_600_000 },
]

export const MAX_POINTS = 120

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const BUCKETS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
]

/** The smallest round bucket that fits the span into MAX_POINTS points. */
export function bucketFor(spanMs: number): number {
  for (const b of BUCKETS) if (spanMs / b <= MAX_POINTS) return b
  return Math.ceil(spanMs / MAX_POINTS / DAY) * DAY
}

export interface TrafficWindow {
  from: number
  to: number
  bucket_ms: number
}

/** The query window for a choice, given the period the data covers; null when there is no data. */
export function trafficWindow(key: WindowKey, span: TimeSpan | null): TrafficWindow | null {
  if (span === null) return null
  const length = WINDOWS.find((w) => w.key === key)?.ms
  const rawFrom = length === undefined ? span.first : span.last + 1 - length
  const rawTo = span.last + 1
  const bucket = bucketFor(Math.max(rawTo - rawFrom, MINUTE))
  // Whole buckets on both ends, so a refresh with one more event keeps the same buckets.
  const from = Math.floor(rawFrom / bucket) * bucket
  const to = Math.ceil(rawTo / bucket) * bucket
  return { from, to, bucket_ms: bucket }
}

const TICK_STEPS = [
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
]

/** Axis ticks on round times (every 3 hours, every day…), at most `maxTicks` of them, within [from, to]. */
export function timeTicks(from: number, to: number, maxTicks = 10): number[] {
  const span = to - from
  const step =
    TICK_STEPS.find((s) => span / s <= maxTicks - 1) ?? Math.ceil(span / (maxTicks - 1) / DAY) * DAY
  const ticks: number[] = []
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t)
  return ticks
}
