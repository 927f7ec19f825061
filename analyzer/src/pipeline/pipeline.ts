// The analyzer's pipeline for one batch of raw records: decode → validate → route template →
// enrich → event-time check (watermark per partition) → one insert of the new rows and the dead
// letters → afterStore (the detection engine). The batch resolves only after the insert, so a
// source acknowledges (HTTP answer, Kafka offset commit) only what is stored.
import { type DeadLetterRow, toDeadLetterRow } from '../store/dead-letter.js'
import type { EventRow } from '../store/event-row.js'
import type { StoreWriter } from '../store/writer.js'
import { createDecodeStep } from './decode.js'
import { runStep, type Step, type StepResult } from './step.js'
import { createTemplateStep, type RouteTemplater } from './template.js'
import { createValidateStep } from './validate.js'
import { createWatermarks, DEFAULT_ALLOWED_LATENESS_MS, type Watermarks } from './watermark.js'

/** One record as a source received it. */
export interface RawRecord {
  bytes: Uint8Array
  /** Where it came from, for the dead letter: `http:203.0.113.7 line 3`, `kafka:topic/0@42`. */
  origin: string
}

export interface BatchResult {
  /** Valid events, stored now or already stored before (a redelivery is accepted, not stored twice). */
  accepted: number
  rejected: number
  dropped: number
  /** Accepted events not stored again: already stored, or earlier in this batch. */
  duplicates: number
  /** Rejections by reason code. */
  rejectedByReason: Record<string, number>
  /** Distinct `reason: error` strings, at most 10, for the ingest answer. */
  reasons: string[]
  /** The partition's event-time watermark after this batch, ms (-Infinity before any event). */
  watermark: number
}

/** What afterStore receives: the events this batch newly stored, sorted by event time. */
export interface StoredBatch {
  source: string
  partition: number
  events: EventRow[]
  /** The partition's event-time watermark after this batch, ms. */
  watermark: number
}

export interface PipelineObserver {
  batch(source: string, result: BatchResult): void
  /** afterStore threw; the batch stays stored and acknowledged. */
  afterStoreFailed?(source: string, err: unknown): void
}

export interface BatchOptions {
  /** Kafka partition (event-time watermarks are per partition); HTTP uses 0. */
  partition?: number
  /** The dead letters' origins name one record for good (Kafka offsets): store them once. */
  uniqueOrigins?: boolean
}

export interface Prepared {
  events: EventRow[]
  deadLetters: DeadLetterRow[]
  result: BatchResult
  /** Latest event time seen on the partition once this batch is stored. */
  maxEventTs: number
}

export interface Pipeline {
  /** Runs the steps on every record, stores the batch, and says what happened. Rejects if the store failed. */
  processBatch(source: string, records: RawRecord[], options?: BatchOptions): Promise<BatchResult>
  /** The step part alone (no insert, no watermark change), for benchmarks and tests. */
  prepare(source: string, records: RawRecord[], options?: BatchOptions): Prepared
  /** Event-time watermarks per (source, partition); the Kafka source seeds them from its offsets. */
  readonly watermarks: Watermarks
}

export interface PipelineDeps {
  writer: StoreWriter
  maxEventBytes: number
  /** Events older than the partition's latest event time minus this are dead-lettered `too_late`. */
  allowedLatenessMs?: number
  observer?: PipelineObserver
  now?: () => number
  /** Route templater (inventory/templater.ts); default: a fresh one with the default options. */
  templater?: RouteTemplater
  /** Fills enrichment columns (country, asn, ua_family, bot) before the insert; a throw dead-letters `enrich_failed`. */
  enrich?: (row: EventRow) => EventRow
  /** Called after a successful insert with the newly stored events (the detection engine). */
  afterStore?: (batch: StoredBatch) => Promise<void> | void
}

const ok = <T>(value: T): StepResult<T> => ({ ok: true, value })

export function createPipeline(deps: PipelineDeps): Pipeline {
  const decode = createDecodeStep({ maxEventBytes: deps.maxEventBytes })
  const validate = createValidateStep()
  const template = createTemplateStep(deps.templater)
  const enrich: Step<EventRow, EventRow> = deps.enrich ? (row) => ok(deps.enrich!(row)) : ok
  const watermarks = createWatermarks(deps.allowedLatenessMs ?? DEFAULT_ALLOWED_LATENESS_MS)
  const now = deps.now ?? Date.now

  function prepare(source: string, records: RawRecord[], options: BatchOptions = {}): Prepared {
    const partition = options.partition ?? 0
    const events: EventRow[] = []
    const deadLetters: DeadLetterRow[] = []
    const result: BatchResult = {
      accepted: 0,
      rejected: 0,
      dropped: 0,
      duplicates: 0,
      rejectedByReason: {},
      reasons: [],
      watermark: 0,
    }
    const reasons = new Set<string>()
    const ids = new Set<string>()
    const receivedAt = now()
    let maxEventTs = watermarks.maxEventTs(source, partition)
    const reject = (record: RawRecord, reason: string, error: string) => {
      deadLetters.push(
        toDeadLetterRow({ bytes: record.bytes, source, origin: record.origin }, reason, error, receivedAt),
      )
      result.rejected++
      result.rejectedByReason[reason] = (result.rejectedByReason[reason] ?? 0) + 1
      if (reasons.size < 10) reasons.add(`${reason}: ${error}`.slice(0, 300))
    }
    for (const record of records) {
      const decoded = runStep('decode', decode, record.bytes)
      const valid = decoded.ok ? runStep('validate', validate, decoded.value) : decoded
      const templated = valid.ok ? runStep('template', template, valid.value) : valid
      const row = templated.ok ? runStep('enrich', enrich, templated.value) : templated
      if (!row.ok) {
        if ('drop' in row) result.dropped++
        else reject(record, row.deadLetter.reason, row.deadLetter.error)
        continue
      }
      const event = row.value
      // The watermark moves record by record, so the decision does not depend on batch sizes.
      const watermark = maxEventTs - watermarks.latenessMs
      if (event.ts < watermark) {
        reject(
          record,
          'too_late',
          `event time ${new Date(event.ts).toISOString()} is before the partition's watermark ${new Date(watermark).toISOString()} (allowed lateness ${watermarks.latenessMs} ms)`,
        )
        continue
      }
      if (event.ts > maxEventTs) maxEventTs = event.ts
      result.accepted++
      if (ids.has(event.event_id)) {
        result.duplicates++
        continue
      }
      ids.add(event.event_id)
      events.push(event)
    }
    result.reasons = [...reasons]
    result.watermark = maxEventTs - watermarks.latenessMs
    return { events, deadLetters, result, maxEventTs }
  }

  return {
    prepare,
    watermarks,
    async processBatch(source, records, options = {}) {
      const partition = options.partition ?? 0
      const { events, deadLetters, result, maxEventTs } = prepare(source, records, options)
      const written = await deps.writer.write({
        source,
        events,
        deadLetters,
        uniqueOrigins: options.uniqueOrigins ?? false,
      })
      // The watermark advances only once the batch is stored: a failed batch is decided again alike.
      watermarks.seed(source, partition, maxEventTs)
      result.duplicates += events.length - written.events.length
      deps.observer?.batch(source, result)
      // Called for every stored batch, even one with no new event: the watermark may have moved.
      if (deps.afterStore && records.length > 0) {
        const sorted = written.events.toSorted((a, b) => a.ts - b.ts)
        try {
          await deps.afterStore({ source, partition, events: sorted, watermark: result.watermark })
        } catch (err) {
          deps.observer?.afterStoreFailed?.(source, err)
        }
      }
      return result
    },
  }
}
