// The collector's pipeline: inputs → parse (a parser per source) → normalize + redact → batch per
// source (size and time bound) → sink. Several inputs run at once; each source (a file, or a push
// input) has its own batches, so a batch's checkpoint names one source, and a source's batches are
// acknowledged in the order they were cut: a file's checkpoint moves only after the sink
// acknowledged the batch and every earlier batch of that file; a push input's sender gets its
// answer likewise. At most `max_in_flight` batches are unacknowledged, in all; while that many
// are, no input is read, so a slow sink slows the files and fills the push inputs' queues (which
// then answer 503 or stop reading their sockets). Rejected lines are counted, dead-lettered and
// logged, and never stop the pipeline.
import { randomBytes } from 'node:crypto'
import type { Writable } from 'node:stream'
import { type AccessEvent, validateAccessEvent } from '@gatewatch/schema'
import type { Registry } from 'prom-client'
import { Checkpoints } from './checkpoint.js'
import type { CollectorConfig } from './config.js'
import { type DeadLetterSink, noDeadLetters, openDeadLetters } from './dead-letter.js'
import { createInput, type InputConfig } from './inputs/registry.js'
import type { Input, InputBatch, InputLine, SourceRef } from './inputs/types.js'
import { createLogger, type Logger, withFields } from './log.js'
import {
  type CollectorMetrics,
  createRegistry,
  emptyCounts,
  type Health,
  type LineCounts,
  type MetricsServer,
  PipelineMetrics,
  startMetricsServer,
} from './metrics.js'
import { createNormalizer, type LinePosition } from './normalize.js'
import { createParser } from './parsers/registry.js'
import type { Parser, RejectReason } from './parsers/types.js'
import { createRedactor, createTextRedactor } from './redact/index.js'
import { createSink, createStdoutSink, type Sink, type SinkContext } from './sinks/index.js'

/** Rejections of one reason that are logged one by one; the rest are only counted and dead-lettered. */
const LOGGED_REJECTIONS_PER_REASON = 20

export interface CollectorDeps {
  log?: Logger
  /** A sink to use instead of the one the config names (embedding, or a custom destination). */
  sink?: Sink
  /** Where --dry-run prints events (default stdout). */
  out?: Writable
  /** The process's metrics registry (default: a new one for this collector). */
  registry?: Registry
  /** Environment for secrets the inputs read (the HTTP input's token); default process.env. */
  env?: NodeJS.ProcessEnv
  /** Parser of one source (default: the registry's parser for the input's format and options). */
  createParser?(input: InputConfig, source: SourceRef): Parser
}

export interface Collector {
  /** Totals over all inputs, as printed by --once. */
  readonly metrics: CollectorMetrics
  readonly registry: Registry
  /** The inputs, once run() started them (tests read their bound addresses). */
  readonly inputs: readonly Input[]
  /** HOST:PORT of the metrics server, once run() started it. */
  readonly metricsAddress: string | undefined
  /** Runs until every input ended (--once, end of stdin), stop() is called, or the sink fails for good. */
  run(): Promise<CollectorMetrics>
  /** Stops reading; run() then flushes, waits for acknowledgements, checkpoints and resolves. */
  stop(): void
  /** What /healthz answers. */
  health(): Health
  /** Resolves once run() started every input (listeners bound) and the metrics server. */
  ready(): Promise<void>
}

interface Waiter {
  settle: NonNullable<InputBatch['settle']>
  accepted: number
  rejected: number
  skipped: number
}

interface Pending {
  position: number | undefined
  events: number
  done: boolean
  sentAt: number
  waiters: Waiter[]
}

/** Everything the pipeline keeps per source. */
interface SourceState {
  key: string
  input: RunningInput
  source: SourceRef
  parser: Parser
  buffer: AccessEvent[]
  timer: NodeJS.Timeout | null
  /** Offset after the last line taken from the source (files). */
  position: number | undefined
  sealedPosition: number | undefined
  waiters: Waiter[]
  /** Cut batches not yet acknowledged in order. */
  pendings: Pending[]
  /** Latest event time seen, for out-of-order counting. */
  maxTs: number
  ended: boolean
}

interface RunningInput {
  config: InputConfig
  input: Input
  log: Logger
}

export function createCollector(config: CollectorConfig, deps: CollectorDeps = {}): Collector {
  const log = deps.log ?? createLogger(config.log_level, undefined, createTextRedactor(config.redact))
  const registry = deps.registry ?? createRegistry()
  const pm = new PipelineMetrics(registry)
  // Stopping ends the inputs; delivery keeps retrying until the in-flight batches are acknowledged.
  const stopping = new AbortController()
  const delivery = new AbortController()
  const dryRun = config.dry_run
  const running: RunningInput[] = []
  const states = new Map<string, SourceState>()
  let failure: Error | null = null
  let metricsServer: MetricsServer | undefined
  let sending = 0
  let markReady!: () => void
  let markFailed!: (err: Error) => void
  const started = new Promise<void>((resolve, reject) => {
    markReady = resolve
    markFailed = reject
  })
  started.catch(() => undefined)

  function health(): Health {
    if (failure) return { ok: false, reason: `delivery failed: ${failure.message}` }
    if (stopping.signal.aborted) return { ok: false, reason: 'the collector is stopping' }
    for (const r of running) {
      const problem = r.input.problem()
      if (problem) return { ok: false, reason: `input ${r.input.name}: ${problem}` }
    }
    let oldest = Number.POSITIVE_INFINITY
    for (const s of states.values())
      for (const p of s.pendings) if (!p.done) oldest = Math.min(oldest, p.sentAt)
    const waited = Date.now() - oldest
    if (waited >= config.metrics.stalled_after_ms)
      return { ok: false, reason: `the sink has not acknowledged a batch for ${Math.round(waited / 1000)} s` }
    return { ok: true }
  }

  async function run(): Promise<CollectorMetrics> {
    let hmacKey = config.hmac_key
    if (!hmacKey) {
      if (!dryRun) throw new Error('hmac_key is required: set GATEWATCH_HMAC_KEY')
      hmacKey = randomBytes(32).toString('hex')
      log.warn(
        'No GATEWATCH_HMAC_KEY: this dry run fingerprints credentials with a random key, so fingerprints differ from run to run.',
      )
    }
    const redactor = createRedactor({ hmacKey, config: config.redact })
    const normalize = createNormalizer({
      collectorId: config.collector_id,
      service: config.service,
      redactor,
    })
    // One parser per source: some formats keep state between lines (IIS #Fields, auto-detection).
    const parserFor =
      deps.createParser ??
      ((input: InputConfig, source: SourceRef) =>
        createParser(input.format, input.parser, {
          source: source.path,
          log: withFields(log, { input: input.name }),
        }))
    const checkpoints = new Checkpoints(config.state_dir)
    if (!dryRun) await checkpoints.load()
    const sinkContext: SinkContext = {
      log,
      ingestToken: config.ingest_token,
      signal: delivery.signal,
      registry,
      spool: config.spool,
      stateDir: config.state_dir,
    }
    const sink = deps.sink ?? (dryRun ? createStdoutSink(deps.out) : createSink(config.sink!, sinkContext))
    const deadLetters: DeadLetterSink = dryRun
      ? noDeadLetters
      : openDeadLetters(config.state_dir, redactor.sample)
    const batchMax = config.sink?.batch_max_events ?? 2000
    const batchWait = config.sink?.batch_max_wait_ms ?? 1000
    const maxInFlight = config.sink?.max_in_flight ?? 4
    const rejectionsLogged = new Map<RejectReason, number>()
    let buffered = 0
    let wake: (() => void) | null = null
    const wakeUp = () => {
      wake?.()
      wake = null
    }

    pm.lag = () => {
      const out = []
      for (const r of running) {
        for (const f of r.input.openFiles?.() ?? []) {
          out.push({
            input: r.input.name,
            path: f.path,
            bytes: Math.max(0, f.size - checkpoints.offset(f.id)),
          })
        }
      }
      return out
    }

    function fail(err: unknown): void {
      failure ??= err instanceof Error ? err : new Error(String(err))
      stopping.abort()
      delivery.abort()
      wakeUp()
    }

    /** Acknowledges a source's batches that are done, in the order they were cut. */
    function acknowledge(s: SourceState): void {
      while (s.pendings[0]?.done) {
        const p = s.pendings.shift()!
        if (p.position !== undefined && s.source.checkpointed && !dryRun)
          checkpoints.commit(s.source.id, s.source.path, p.position)
        for (const w of p.waiters)
          w.settle({ accepted: w.accepted, rejected: w.rejected, skipped: w.skipped })
      }
      if (s.ended && s.pendings.length === 0 && s.buffer.length === 0 && states.get(s.key) === s)
        states.delete(s.key)
    }

    function seal(s: SourceState): void {
      if (s.timer) clearTimeout(s.timer)
      s.timer = null
      if (s.buffer.length === 0 && s.waiters.length === 0 && s.position === s.sealedPosition) return
      s.sealedPosition = s.position
      const events = s.buffer
      s.buffer = []
      buffered -= events.length
      const p: Pending = {
        position: s.position,
        events: events.length,
        done: events.length === 0,
        sentAt: Date.now(),
        waiters: s.waiters,
      }
      s.waiters = []
      s.pendings.push(p)
      if (events.length === 0) {
        // Only rejected or skipped lines since the last batch: their position is committed in order, no send.
        acknowledge(s)
        return
      }
      sending++
      pm.setInFlight(sending)
      sink.send(events).then(
        () => {
          sending--
          pm.setInFlight(sending)
          p.done = true
          pm.acknowledged(s.input.input.name, events.length)
          acknowledge(s)
          wakeUp()
        },
        (err: unknown) => {
          sending--
          pm.setInFlight(sending)
          fail(err)
        },
      )
    }

    /** Seals the largest buffer while more than one batch's worth of events waits in all of them. */
    function boundBuffers(): void {
      while (buffered >= batchMax) {
        let largest: SourceState | undefined
        for (const s of states.values()) if (!largest || s.buffer.length > largest.buffer.length) largest = s
        if (!largest || largest.buffer.length === 0) return
        seal(largest)
      }
    }

    async function waitForRoom(): Promise<void> {
      while (sending >= maxInFlight && failure === null) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
    }

    function stateFor(r: RunningInput, source: SourceRef): SourceState {
      const key = `${r.input.name}\0${source.id}`
      let s = states.get(key)
      if (s === undefined) {
        s = {
          key,
          input: r,
          source,
          parser: parserFor(r.config, source),
          buffer: [],
          timer: null,
          position: undefined,
          sealedPosition: undefined,
          waiters: [],
          pendings: [],
          maxTs: Number.NEGATIVE_INFINITY,
          ended: false,
        }
        states.set(key, s)
      }
      // A file renamed while open keeps its identity; checkpoints name its current path.
      s.source = source
      return s
    }

    function rejectLine(
      r: RunningInput,
      counts: LineCounts,
      reason: RejectReason,
      detail: string,
      line: InputLine,
      from: SourceRef,
    ): void {
      counts.rejected.set(reason, (counts.rejected.get(reason) ?? 0) + 1)
      deadLetters.write({ reason, detail, source: from.path, offset: line.offset, sample: line.text })
      const n = (rejectionsLogged.get(reason) ?? 0) + 1
      rejectionsLogged.set(reason, n)
      if (n <= LOGGED_REJECTIONS_PER_REASON) {
        r.log.warn('A line was rejected.', { reason, detail, path: from.path, offset: line.offset })
        if (n === LOGGED_REJECTIONS_PER_REASON) {
          r.log.warn('Further rejections of this reason are counted and dead-lettered, not logged.', {
            reason,
          })
        }
      }
    }

    async function consume(r: RunningInput, batch: InputBatch): Promise<void> {
      const s = stateFor(r, batch.source)
      const counts = emptyCounts()
      const tolerance = r.config.out_of_order_tolerance_ms
      let accepted = 0
      const lines = batch.lines
      // auto-detection decides on a whole batch when it can, instead of line by line.
      s.parser.lookahead?.(lines.filter((l) => !l.reject).map((l) => l.text))
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!
        counts.read++
        if (line.reject) {
          rejectLine(r, counts, line.reject.reason, line.reject.detail, line, s.source)
          continue
        }
        const parsed = s.parser.parse(line.text)
        if (parsed.ok === 'skip') {
          counts.skipped++
          continue
        }
        if (!parsed.ok) {
          rejectLine(r, counts, parsed.reason, parsed.detail, line, s.source)
          continue
        }
        counts.parsed++
        // File lines are known by their byte offset; pushed records by a hash of themselves.
        const position: LinePosition =
          line.recordHash === undefined
            ? { sourceId: s.source.id, offset: line.offset }
            : { sourceId: `${s.source.id}\0${line.recordHash}`, offset: 0 }
        const event = normalize(parsed.record, position)
        // The contract's validator is the last guard: an event that would fail at the analyzer is
        // dead-lettered here, where the line is still at hand.
        const valid = validateAccessEvent(event)
        if (!valid.ok) {
          rejectLine(r, counts, 'invalid_event', valid.reason, line, s.source)
          continue
        }
        if (event.ts < s.maxTs - tolerance) counts.outOfOrder++
        else if (event.ts > s.maxTs) s.maxTs = event.ts
        s.buffer.push(event)
        buffered++
        accepted++
        if (s.buffer.length >= batchMax) {
          if (batch.position !== undefined)
            s.position = i + 1 < lines.length ? lines[i + 1]!.offset : batch.position
          seal(s)
          await waitForRoom()
        }
      }
      pm.add(r.input.name, counts)
      if (batch.position !== undefined) s.position = batch.position
      if (batch.settle) {
        const rejected = [...counts.rejected.values()].reduce((a, b) => a + b, 0)
        s.waiters.push({ settle: batch.settle, accepted, rejected, skipped: counts.skipped })
      }
      if (batch.ended) s.ended = true
      if (s.buffer.length === 0 || batch.ended) seal(s)
      else if (s.timer === null) s.timer = setTimeout(() => seal(s), batchWait)
      boundBuffers()
      if (s.ended) acknowledge(s)
    }

    try {
      for (const [i, inputConfig] of config.inputs.entries()) {
        const inputLog = withFields(log, { input: inputConfig.name })
        const input = createInput(inputConfig, {
          key: `inputs[${i}]`,
          log: inputLog,
          signal: stopping.signal,
          once: config.once,
          resumeOffset: (id) => checkpoints.offset(id),
          registry,
          env: deps.env ?? process.env,
          countError: (kind) => pm.inputError(inputConfig.name, kind),
        })
        running.push({ config: inputConfig, input, log: inputLog })
      }
      await Promise.all(running.map((r) => r.input.start()))
      if (config.metrics.enabled && !config.once)
        metricsServer = await startMetricsServer(config.metrics.listen, registry, health, log)
      markReady()

      // Pull from every input at once; answers are consumed in the order they arrived, and the input
      // that answered is asked again last, so a busy input cannot starve the others. No
      // Promise.race over pending pulls: every race adds a reaction to the promises still pending,
      // and those reactions would keep every batch consumed meanwhile alive (the whole file).
      type Pulled = {
        r: RunningInput
        it: AsyncIterator<InputBatch>
        next?: IteratorResult<InputBatch>
        error?: unknown
      }
      const answered: Pulled[] = []
      let pending = 0
      let arrived: (() => void) | null = null
      const signalArrival = () => {
        arrived?.()
        arrived = null
      }
      const pull = (r: RunningInput, it: AsyncIterator<InputBatch>) => {
        pending++
        it.next()
          .then(
            (next) => answered.push({ r, it, next }),
            (error: unknown) => answered.push({ r, it, error }),
          )
          .finally(() => {
            pending--
            signalArrival()
          })
      }
      delivery.signal.addEventListener('abort', signalArrival, { once: true })
      for (const r of running) pull(r, r.input.batches()[Symbol.asyncIterator]())
      while ((pending > 0 || answered.length > 0) && failure === null) {
        if (answered.length === 0) {
          await new Promise<void>((resolve) => {
            arrived = resolve
          })
          continue
        }
        const got = answered.shift()!
        if (got.error !== undefined) throw got.error
        if (got.next!.done) {
          got.r.log.debug('The input ended.')
          continue
        }
        await consume(got.r, got.next!.value)
        await waitForRoom()
        if (failure === null) pull(got.r, got.it)
      }
    } catch (err) {
      fail(err)
    } finally {
      markFailed(failure ?? new Error('the collector stopped before it started'))
      stopping.abort()
      if (failure === null) for (const s of states.values()) seal(s)
      else for (const s of states.values()) if (s.timer) clearTimeout(s.timer)
      while (sending > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      // Whatever was not acknowledged is the sender's to retry: tell the push inputs so.
      const notDelivered = failure ?? new Error('the collector stopped before these lines were delivered')
      for (const s of states.values()) {
        for (const w of [...s.pendings.flatMap((p) => p.waiters), ...s.waiters])
          w.settle({ error: notDelivered, accepted: 0, rejected: w.rejected, skipped: w.skipped })
      }
      for (const r of running) await r.input.close().catch(() => undefined)
      await metricsServer?.close()
      await deadLetters.close()
      await sink
        .close()
        .catch((err: Error) => log.warn('The sink did not close cleanly.', { error: err.message }))
    }
    if (failure) throw failure
    return pm.summary
  }

  return {
    metrics: pm.summary,
    registry,
    get inputs() {
      return running.map((r) => r.input)
    },
    get metricsAddress() {
      return metricsServer?.address
    },
    run,
    stop: () => stopping.abort(),
    health,
    ready: () => started,
  }
}

/** Creates a collector and runs it to completion. */
export function runCollector(config: CollectorConfig, deps?: CollectorDeps): Promise<CollectorMetrics> {
  return createCollector(config, deps).run()
}
