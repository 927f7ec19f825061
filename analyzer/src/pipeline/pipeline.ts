// The analyzer's pipeline for one batch of raw records: decode → validate → route template →
// one insert of the good rows and the dead letters. The batch resolves only after the insert, so
// a source acknowledges (HTTP answer, Kafka offset commit) only what is stored.
import { type DeadLetterRow, toDeadLetterRow } from '../store/dead-letter.js'
import type { EventRow } from '../store/event-row.js'
import type { StoreWriter } from '../store/writer.js'
import { createDecodeStep } from './decode.js'
import { runStep } from './step.js'
import { createTemplateStep } from './template.js'
import { createValidateStep } from './validate.js'

/** One record as a source received it. */
export interface RawRecord {
  bytes: Uint8Array
  /** Where it came from, for the dead letter: `http:203.0.113.7 line 3`, `kafka:topic/0@42`. */
  origin: string
}

export interface BatchResult {
  accepted: number
  rejected: number
  dropped: number
  /** Rejections by reason code. */
  rejectedByReason: Record<string, number>
  /** Distinct `reason: error` strings, at most 10, for the ingest answer. */
  reasons: string[]
}

/** What the detection engine gets after an insert succeeded (pipeline hook `afterStore`). */
export interface StoredBatch {
  source: string
  partition: number
  /** The stored events, enriched, sorted by ts. */
  events: EventRow[]
  /** The partition's event-time watermark: the latest event time stored from it so far. */
  watermark: number
}

export interface PipelineObserver {
  batch(source: string, result: BatchResult): void
}

export interface Pipeline {
  /** Runs the steps on every record, stores the batch, and says what happened. Rejects if the store failed. */
  processBatch(source: string, records: RawRecord[], options?: { partition?: number }): Promise<BatchResult>
  /** The step part alone (no insert), for benchmarks and tests. */
  prepare(
    source: string,
    records: RawRecord[],
  ): { events: EventRow[]; deadLetters: DeadLetterRow[]; result: BatchResult }
}

export function createPipeline(deps: {
  writer: StoreWriter
  maxEventBytes: number
  observer?: PipelineObserver
  now?: () => number
  /** Fills enrichment fields (country, ASN, user-agent family, bot) of each row before the insert. */
  enrich?: (row: EventRow) => EventRow
  /** Called after a successful insert, e.g. by the detection engine; its failure fails the batch. */
  afterStore?: (batch: StoredBatch) => Promise<void> | void
}): Pipeline {
  const decode = createDecodeStep({ maxEventBytes: deps.maxEventBytes })
  const validate = createValidateStep()
  const template = createTemplateStep()
  const now = deps.now ?? Date.now
  const watermarks = new Map<string, number>()

  function prepare(source: string, records: RawRecord[]) {
    const events: EventRow[] = []
    const deadLetters: DeadLetterRow[] = []
    const result: BatchResult = { accepted: 0, rejected: 0, dropped: 0, rejectedByReason: {}, reasons: [] }
    const reasons = new Set<string>()
    const receivedAt = now()
    for (const record of records) {
      const decoded = runStep('decode', decode, record.bytes)
      const valid = decoded.ok ? runStep('validate', validate, decoded.value) : decoded
      const row = valid.ok ? runStep('template', template, valid.value) : valid
      if (row.ok) {
        events.push(deps.enrich ? deps.enrich(row.value) : row.value)
        continue
      }
      if ('drop' in row) {
        result.dropped++
        continue
      }
      const { reason, error } = row.deadLetter
      deadLetters.push(
        toDeadLetterRow({ bytes: record.bytes, source, origin: record.origin }, reason, error, receivedAt),
      )
      result.rejected++
      result.rejectedByReason[reason] = (result.rejectedByReason[reason] ?? 0) + 1
      if (reasons.size < 10) reasons.add(`${reason}: ${error}`.slice(0, 300))
    }
    result.accepted = events.length
    result.reasons = [...reasons]
    return { events, deadLetters, result }
  }

  return {
    prepare,
    async processBatch(source, records, options = {}) {
      const { events, deadLetters, result } = prepare(source, records)
      await deps.writer.write(events, deadLetters)
      deps.observer?.batch(source, result)
      if (deps.afterStore && events.length > 0) {
        const partition = options.partition ?? 0
        const sorted = events.toSorted((a, b) => a.ts - b.ts)
        const lane = `${source}/${partition}`
        const watermark = Math.max(watermarks.get(lane) ?? Number.NEGATIVE_INFINITY, sorted.at(-1)!.ts)
        watermarks.set(lane, watermark)
        await deps.afterStore({ source, partition, events: sorted, watermark })
      }
      return result
    },
  }
}
