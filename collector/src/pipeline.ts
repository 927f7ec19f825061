// The collector's pipeline: file input → parse → normalize + redact → batch (size and time bound)
// → sink. A batch's checkpoint moves only after the sink acknowledged it and every batch before
// it; at most `max_in_flight` batches are unacknowledged, so a slow sink slows reading. Rejected
// lines are counted, dead-lettered and logged, and never stop the pipeline.
import { randomBytes } from 'node:crypto'
import type { Writable } from 'node:stream'
import { type AccessEvent, validateAccessEvent } from '@gatewatch/schema'
import { Checkpoints } from './checkpoint.js'
import type { CollectorConfig } from './config.js'
import { type DeadLetterSink, noDeadLetters, openDeadLetters } from './dead-letter.js'
import { type InputLine, readFileInput, type SourceRef } from './inputs/file/index.js'
import { createLogger, type Logger } from './log.js'
import { type CollectorMetrics, countRejection, createMetrics } from './metrics.js'
import { createNormalizer } from './normalize.js'
import { createParser } from './parsers/registry.js'
import type { Parser, RejectReason } from './parsers/types.js'
import { createRedactor } from './redact/index.js'
import { createSink, createStdoutSink, type Sink } from './sinks/index.js'

/** Rejections of one reason that are logged one by one; the rest are only counted and dead-lettered. */
const LOGGED_REJECTIONS_PER_REASON = 20

export interface CollectorDeps {
  log?: Logger
  /** A sink to use instead of the one the config names (embedding, or a custom destination). */
  sink?: Sink
  /** Where --dry-run prints events (default stdout). */
  out?: Writable
}

export interface Collector {
  readonly metrics: CollectorMetrics
  /** Runs until the input ends (--once), stop() is called, or the sink fails for good. */
  run(): Promise<CollectorMetrics>
  /** Stops reading; run() then flushes, waits for acknowledgements, checkpoints and resolves. */
  stop(): void
}

interface Pending {
  source: SourceRef
  position: number
  done: boolean
  settled: Promise<void>
}

export function createCollector(config: CollectorConfig, deps: CollectorDeps = {}): Collector {
  const log = deps.log ?? createLogger(config.log_level)
  const metrics = createMetrics()
  const controller = new AbortController()
  const dryRun = config.dry_run

  async function run(): Promise<CollectorMetrics> {
    let hmacKey = config.hmac_key
    if (!hmacKey) {
      if (!dryRun) throw new Error('hmac_key is required: set GATEWATCH_HMAC_KEY')
      hmacKey = randomBytes(32).toString('hex')
      log.warn(
        'No GATEWATCH_HMAC_KEY: this dry run fingerprints credentials with a random key, so fingerprints differ from run to run.',
      )
    }
    // One parser per source: some formats keep state between lines (IIS #Fields, auto-detection).
    let parser: Parser | null = null
    const normalize = createNormalizer({
      collectorId: config.collector_id,
      service: config.service,
      redactor: createRedactor({ hmacKey, extraQueryParams: config.redact.extra_query_params }),
    })
    const checkpoints = new Checkpoints(config.state_dir)
    if (!dryRun) await checkpoints.load()
    const sink =
      deps.sink ??
      (dryRun
        ? createStdoutSink(deps.out)
        : createSink(config.sink!, {
            log,
            ingestToken: config.ingest_token,
            signal: controller.signal,
            spool: config.spool,
            stateDir: config.state_dir,
          }))
    const deadLetters: DeadLetterSink = dryRun ? noDeadLetters : openDeadLetters(config.state_dir)
    const batchMax = config.sink?.batch_max_events ?? 2000
    const batchWait = config.sink?.batch_max_wait_ms ?? 1000
    const maxInFlight = config.sink?.max_in_flight ?? 4

    let buffer: AccessEvent[] = []
    let source: SourceRef | null = null
    let position = 0
    let sealedSource: SourceRef | null = null
    let sealedPosition = -1
    let timer: NodeJS.Timeout | null = null
    const inflight: Pending[] = []
    let failure: Error | null = null

    function acknowledge(): void {
      while (inflight[0]?.done) {
        const p = inflight.shift()!
        if (!dryRun) checkpoints.commit(p.source.id, p.source.path, p.position)
      }
    }

    function seal(): void {
      if (timer) clearTimeout(timer)
      timer = null
      if (source === null || (buffer.length === 0 && sealedSource === source && sealedPosition === position))
        return
      sealedSource = source
      sealedPosition = position
      const events = buffer
      buffer = []
      const pending: Pending = { source, position, done: events.length === 0, settled: Promise.resolve() }
      inflight.push(pending)
      if (events.length === 0) {
        // Only rejected lines since the last batch: their position is committed in order, no send.
        acknowledge()
        return
      }
      pending.settled = sink.send(events).then(
        () => {
          pending.done = true
          metrics.shipped += events.length
          metrics.batches++
          acknowledge()
        },
        (err: unknown) => {
          failure ??= err instanceof Error ? err : new Error(String(err))
          controller.abort()
        },
      )
    }

    async function waitForRoom(): Promise<void> {
      while (inflight.length >= maxInFlight && failure === null) await inflight[0]!.settled
    }

    function rejectLine(reason: RejectReason, detail: string, line: InputLine, from: SourceRef): void {
      const n = countRejection(metrics, reason)
      deadLetters.write({ reason, detail, source: from.path, offset: line.offset, sample: line.text })
      if (n <= LOGGED_REJECTIONS_PER_REASON) {
        log.warn('A line was rejected.', { reason, detail, path: from.path, offset: line.offset })
        if (n === LOGGED_REJECTIONS_PER_REASON) {
          log.warn('Further rejections of this reason are counted and dead-lettered, not logged.', { reason })
        }
      }
    }

    const input = readFileInput({
      path: config.input.path,
      maxLineBytes: config.input.max_line_bytes,
      chunkBytes: config.input.read_chunk_bytes,
      pollIntervalMs: config.input.poll_interval_ms,
      once: config.once,
      resumeOffset: (id) => checkpoints.offset(id),
      signal: controller.signal,
      log,
    })

    try {
      for await (const batch of input) {
        // A batch of events never spans two files: its checkpoint names one source.
        if (source !== null && source.id !== batch.source.id) seal()
        if (parser === null || source?.id !== batch.source.id) {
          parser = createParser(config.input.format, config.input.parser, { source: batch.source.path, log })
        }
        source = batch.source
        const sourceId = source.id
        const lines = batch.lines
        parser.lookahead?.(lines.filter((l) => !l.reject).map((l) => l.text))
        for (let i = 0; i < lines.length; i++) {
          const line = lines[i]!
          metrics.lines_read++
          if (line.reject) {
            rejectLine(line.reject.reason, line.reject.detail, line, source)
            continue
          }
          const parsed = parser.parse(line.text)
          if (parsed.ok !== true) {
            // Directives, comments, blank lines: counted, not shipped; the position still advances.
            if (parsed.ok === 'skip') metrics.skipped++
            else rejectLine(parsed.reason, parsed.detail, line, source)
            continue
          }
          metrics.parsed++
          const event = normalize(parsed.record, { sourceId, offset: line.offset })
          // The contract's validator is the last guard: an event that would fail at the analyzer is
          // dead-lettered here, where the line is still at hand.
          const valid = validateAccessEvent(event)
          if (!valid.ok) {
            rejectLine('invalid_event', valid.reason, line, source)
            continue
          }
          buffer.push(event)
          if (buffer.length >= batchMax) {
            position = i + 1 < lines.length ? lines[i + 1]!.offset : batch.position
            seal()
            await waitForRoom()
          }
        }
        position = batch.position
        if (buffer.length === 0) seal()
        else if (timer === null) timer = setTimeout(seal, batchWait)
        await waitForRoom()
      }
    } finally {
      if (failure === null) seal()
      else if (timer) clearTimeout(timer)
      await Promise.all(inflight.map((p) => p.settled))
      await deadLetters.close()
      await sink
        .close()
        .catch((err: Error) => log.warn('The sink did not close cleanly.', { error: err.message }))
    }
    if (failure) throw failure
    return metrics
  }

  return {
    metrics,
    run,
    stop: () => controller.abort(),
  }
}

/** Creates a collector and runs it to completion. */
export function runCollector(config: CollectorConfig, deps?: CollectorDeps): Promise<CollectorMetrics> {
  return createCollector(config, deps).run()
}
