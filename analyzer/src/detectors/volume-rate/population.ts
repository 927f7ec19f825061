// The population of per-source minute totals as a decaying log2 histogram: what most sources do,
// so a source with no history of its own is judged against its peers. Bounded: 48 buckets.
import type { Expectation } from './minute-rate.js'

const BUCKETS = 48

export class PopulationHistogram {
  buckets = new Array<number>(BUCKETS).fill(0)
  weight = 0

  add(total: number): void {
    const b = Math.min(BUCKETS - 1, Math.max(0, Math.floor(Math.log2(Math.max(total, 1)))))
    this.buckets[b]! += 1
    this.weight += 1
  }

  /** Forgets with time: every weight multiplied by `factor` (0..1). */
  decay(factor: number): void {
    for (let i = 0; i < BUCKETS; i++) this.buckets[i]! *= factor
    this.weight *= factor
  }

  /** Upper bound of the bucket holding quantile `q` (a conservative, i.e. high, estimate). */
  quantile(q: number): number {
    let seen = 0
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.buckets[i]!
      if (seen >= q * this.weight) return 2 ** (i + 1)
    }
    return 2 ** BUCKETS
  }

  snapshot(): { buckets: number[]; weight: number } {
    return { buckets: [...this.buckets], weight: this.weight }
  }

  restore(s: unknown): void {
    const v = s as { buckets?: unknown; weight?: unknown } | undefined
    if (Array.isArray(v?.buckets) && v.buckets.length === BUCKETS && typeof v.weight === 'number') {
      this.buckets = v.buckets.map(Number)
      this.weight = v.weight
    }
  }
}

/** Source minutes (decayed) the population needs before its p99 may judge a source. */
export const POPULATION_WARMUP = 30

/**
 * What a source's minute is judged against: the higher of its own baseline (once warm) and its
 * peers' p99 (once the population is warm), or null while neither is learned.
 */
export function sourceExpectation(
  own: Expectation,
  peers: PopulationHistogram,
): { expected: number; p99: number | null } | null {
  const p99 = peers.weight >= POPULATION_WARMUP ? peers.quantile(0.99) : null
  if (!own.warm && p99 === null) return null
  return { expected: Math.max(own.warm ? own.expected : 0, p99 ?? 0), p99 }
}
