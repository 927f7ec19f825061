// Event times for a batch: `count` timestamps in [startMs, endMs), in ascending order, spread
// by the daily rhythm. Streams in O(1) memory beyond a small CDF table, so millions of lines
// need no sorting: descending uniform order statistics are drawn one by one
// (U(n) = V^(1/n), U(k) = U(k+1)·V^(1/k)) and mapped through the inverse CDF of the density.
import { trafficDensity } from './diurnal.js'
import type { Rng } from './rng.js'

const MAX_BINS = 200_000

interface DensityTable {
  binMs: number
  /** cumulative[i] = density mass of bins 0..i, normalised so the last is 1. */
  cumulative: Float64Array
}

function densityTable(startMs: number, endMs: number): DensityTable {
  const span = endMs - startMs
  const binMs = Math.max(60_000, Math.ceil(span / MAX_BINS))
  const bins = Math.max(1, Math.ceil(span / binMs))
  const cumulative = new Float64Array(bins)
  let total = 0
  for (let i = 0; i < bins; i++) {
    const from = startMs + i * binMs
    const width = Math.min(binMs, endMs - from)
    total += trafficDensity(from + width / 2) * width
    cumulative[i] = total
  }
  for (let i = 0; i < bins; i++) cumulative[i]! /= total
  return { binMs, cumulative }
}

/** The time at which a share `u` (0..1) of the period's traffic has happened. */
function inverse(table: DensityTable, startMs: number, endMs: number, u: number): number {
  const c = table.cumulative
  let lo = 0
  let hi = c.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (c[mid]! >= u) hi = mid
    else lo = mid + 1
  }
  const below = lo === 0 ? 0 : c[lo - 1]!
  const within = c[lo]! > below ? (u - below) / (c[lo]! - below) : 0
  const t = startMs + (lo + within) * table.binMs
  return Math.min(endMs - 1, Math.max(startMs, t))
}

/** `count` ascending event times in [startMs, endMs) following the diurnal density. */
export function* eventTimes(rng: Rng, count: number, startMs: number, endMs: number): Generator<number> {
  if (!(endMs > startMs)) throw new Error(`the end (${endMs}) must be after the start (${startMs})`)
  const table = densityTable(startMs, endMs)
  let descending = 1
  for (let k = count; k >= 1; k--) {
    descending *= (1 - rng.next()) ** (1 / k)
    yield Math.floor(inverse(table, startMs, endMs, 1 - descending))
  }
}
