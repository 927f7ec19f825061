// Event-time watermarks, one per (source, partition). The watermark is the latest event time seen
// on the partition minus the allowed lateness; an event older than the watermark is too late and
// is dead-lettered with reason `too_late`. Decisions depend only on the order of records on the
// partition and the state at its committed offset (the Kafka source commits the latest event time
// with the offset), so a replay or a redelivery after a crash decides exactly as live did.

/**
 * One day. Live traffic reaches a partition seconds out of order, but a collector ships up to
 * `sink.max_in_flight` batches at once, so a replayed log arrives out of order by that many
 * batches' worth of event time: hours for a sparse log (the e2e test replays a day of 100,000
 * lines in 2,000-line batches, about 30 minutes each, and one batch landed over an hour late).
 * A day covers replaying a day-long log and a collector spooling through a day's outage.
 */
export const DEFAULT_ALLOWED_LATENESS_MS = 24 * 60 * 60 * 1000

/** No event seen yet: every event is on time. */
export const NO_WATERMARK = Number.NEGATIVE_INFINITY

export interface Watermarks {
  readonly latenessMs: number
  /** The watermark of a partition: latest event time minus the allowed lateness. */
  watermark(source: string, partition: number): number
  /** Latest event time seen, ms, or NO_WATERMARK. */
  maxEventTs(source: string, partition: number): number
  /** Sets the latest event time, e.g. from the metadata committed with a Kafka offset. */
  seed(source: string, partition: number, maxEventTs: number): void
  /** Forgets the partitions of a source (after a rebalance their owner may have moved on). */
  forget(source: string): void
}

const key = (source: string, partition: number) => `${source}\u0000${partition}`

export function createWatermarks(latenessMs: number): Watermarks {
  const clocks = new Map<string, number>()
  const maxEventTs = (source: string, partition: number) => clocks.get(key(source, partition)) ?? NO_WATERMARK
  return {
    latenessMs,
    maxEventTs,
    watermark: (source, partition) => maxEventTs(source, partition) - latenessMs,
    seed(source, partition, ts) {
      clocks.set(key(source, partition), ts)
    },
    forget(source) {
      for (const k of clocks.keys()) if (k.startsWith(`${source}\u0000`)) clocks.delete(k)
    },
  }
}
