// The daily rhythm of each kind of client, in event time (UTC): shoppers sleep, partner batch
// jobs and health probes do not. The generator samples timestamps from the sum of these curves.
import type { ClientKind } from './catalogue.js'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** 0 at `lowHour`, 1 twelve hours later, smooth in between. */
function wave(hour: number, lowHour: number): number {
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - lowHour)) / 24)
}

/** Share of all traffic each client kind sends at its daily peak. */
export const CLIENT_SHARES: Readonly<Record<ClientKind, number>> = {
  web: 0.46,
  mobile: 0.22,
  partner: 0.17,
  internal: 0.04,
  anonymous: 0.08,
  probe: 0.03,
}

/** Relative activity (0..1] of one client kind at a time; weekends are quieter for businesses. */
export function activityOf(kind: ClientKind, tsMs: number): number {
  const hour = (((tsMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS
  // 1970-01-01 was a Thursday: day 0 → 4.
  const weekday = (Math.floor(tsMs / DAY_MS) + 4) % 7
  const weekend = weekday === 0 || weekday === 6
  switch (kind) {
    case 'web':
    case 'anonymous':
      return (0.06 + 0.94 * wave(hour, 3.5) ** 1.6) * (weekend ? 0.85 : 1)
    case 'mobile':
      return (0.08 + 0.92 * wave(hour, 7) ** 1.6) * (weekend ? 1.1 : 1)
    case 'partner':
      return (0.35 + 0.65 * wave(hour, 2)) * (weekend ? 0.5 : 1)
    case 'internal':
    case 'probe':
      return 1
  }
}

/** Expected traffic at a time, relative to the busiest moment of a weekday (about 1). */
export function trafficDensity(tsMs: number): number {
  let total = 0
  for (const kind of Object.keys(CLIENT_SHARES) as ClientKind[])
    total += CLIENT_SHARES[kind] * activityOf(kind, tsMs)
  return total
}
