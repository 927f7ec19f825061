// Log lines to stored events the way production does it: the collector's parser, redactor and
// normalizer turn each line into an AccessEvent (event_id from source and byte offset), and the
// analyzer's own pipeline (processBatch: decode, validate, template, store, then detection) takes
// them in batches.
import { createNormalizer, createParser, createRedactor } from '@gatewatch/collector'
import type { AccessEvent } from '@gatewatch/schema'
import type { Pipeline, RawRecord } from '../../src/pipeline/pipeline.js'

export interface FeedStats {
  lines: number
  /** Lines the parser rejected or skipped, by reason: real logs hold a few malformed lines. */
  notParsed: Record<string, number>
  accepted: number
  rejected: number
}

/** A collector for one log source: lines in, AccessEvents out (null for a line it did not take). */
export function createLineReader(format: string, sourceId: string, hmacKey: string) {
  const parser = createParser(format)
  const normalize = createNormalizer({
    collectorId: 'bench-collector',
    redactor: createRedactor({ hmacKey }),
  })
  let offset = 0
  return (line: string, stats: FeedStats): AccessEvent | null => {
    const position = { sourceId, offset }
    offset += Buffer.byteLength(line) + 1
    stats.lines++
    const outcome = parser.parse(line)
    if (outcome.ok !== true) {
      const reason = outcome.ok === 'skip' ? 'skip' : outcome.reason
      stats.notParsed[reason] = (stats.notParsed[reason] ?? 0) + 1
      return null
    }
    return normalize(outcome.record, position)
  }
}

/** Batches events into the pipeline in order; resolves when the last batch is stored and detected. */
export function createBatcher(pipeline: Pipeline, source: string, batchSize: number, stats: FeedStats) {
  let batch: RawRecord[] = []
  async function flush(): Promise<void> {
    if (batch.length === 0) return
    const records = batch
    batch = []
    const result = await pipeline.processBatch(source, records)
    stats.accepted += result.accepted
    stats.rejected += result.rejected
  }
  return {
    async add(event: AccessEvent): Promise<void> {
      batch.push({ bytes: Buffer.from(JSON.stringify(event)), origin: `bench:${event.event_id}` })
      if (batch.length >= batchSize) await flush()
    },
    flush,
  }
}

export function emptyStats(): FeedStats {
  return { lines: 0, notParsed: {}, accepted: 0, rejected: 0 }
}
