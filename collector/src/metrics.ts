// The collector's telemetry: one prom-client Registry per process (sinks register their own
// metrics on it through SinkContext.registry), counters with few, fixed labels (input name,
// rejection reason, error kind) incremented once per batch rather than per line, the --once
// summary, and the HTTP server for /metrics and /healthz. prom-client is the Node client the
// Prometheus project lists and the analyzer already uses; its text format is what scrapers read.
import { createServer, type Server } from 'node:http'
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import { boundAddress, parseListen } from './inputs/listen.js'
import type { Logger } from './log.js'
import type { RejectReason } from './parsers/types.js'

/** The figures printed by --once and --dry-run, summed over all inputs. */
export interface CollectorMetrics {
  lines_read: number
  parsed: number
  /** Lines the parser passed over on purpose (directives, comments): not errors. */
  skipped: number
  rejected: Partial<Record<RejectReason, number>>
  /** Events whose time went back more than the input's tolerance within their source; still shipped. */
  out_of_order: number
  shipped: number
  batches: number
}

export function createMetrics(): CollectorMetrics {
  return { lines_read: 0, parsed: 0, skipped: 0, rejected: {}, out_of_order: 0, shipped: 0, batches: 0 }
}

/** The process's registry; `defaultMetrics` adds process CPU, memory and event-loop figures. */
export function createRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry()
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'gatewatch_collector_' })
  return registry
}

/** A counter on `registry`, shared by everything that asks for the same name (two HTTP inputs). */
export function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]) {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  )
}

/** What one input batch came to, counted by the pipeline and added to the metrics in one step. */
export interface LineCounts {
  read: number
  parsed: number
  skipped: number
  outOfOrder: number
  rejected: Map<RejectReason, number>
}

export const emptyCounts = (): LineCounts => ({
  read: 0,
  parsed: 0,
  skipped: 0,
  outOfOrder: 0,
  rejected: new Map(),
})

export interface FileLag {
  input: string
  path: string
  bytes: number
}

export class PipelineMetrics {
  readonly summary = createMetrics()
  private readonly linesRead: Counter<'input'>
  private readonly linesParsed: Counter<'input'>
  private readonly linesSkipped: Counter<'input'>
  private readonly linesRejected: Counter<'input' | 'reason'>
  private readonly outOfOrder: Counter<'input'>
  private readonly eventsShipped: Counter<'input'>
  private readonly batches: Counter<'input'>
  private readonly inputErrors: Counter<'input' | 'kind'>
  private readonly inFlight: Gauge
  /** Set by the pipeline: each open file's size minus its acknowledged offset. */
  lag: () => FileLag[] = () => []

  constructor(registry: Registry) {
    const c = (name: string, help: string) =>
      counter(registry, `gatewatch_collector_${name}`, help, ['input'])
    this.linesRead = c('lines_read_total', 'Lines (or pushed records) read by an input.')
    this.linesParsed = c('lines_parsed_total', 'Lines the parser turned into a record.')
    this.linesSkipped = c(
      'lines_skipped_total',
      'Lines the parser skipped on purpose (directives, comments).',
    )
    this.outOfOrder = c(
      'lines_out_of_order_total',
      'Events whose time went back more than the tolerance within their source (still shipped).',
    )
    this.eventsShipped = c('events_shipped_total', 'Events the sink acknowledged.')
    this.batches = c('batches_total', 'Batches the sink acknowledged.')
    this.linesRejected = counter(
      registry,
      'gatewatch_collector_lines_rejected_total',
      'Lines rejected and dead-lettered, by reason.',
      ['input', 'reason'],
    )
    this.inputErrors = counter(
      registry,
      'gatewatch_collector_input_errors_total',
      'Problems of an input other than a rejected line (read errors, bad frames, dropped datagrams), by kind.',
      ['input', 'kind'],
    )
    this.inFlight = new Gauge({
      name: 'gatewatch_collector_batches_in_flight',
      help: 'Batches sent to the sink and not yet acknowledged.',
      registers: [registry],
    })
    const lagOf = () => this.lag()
    new Gauge({
      name: 'gatewatch_collector_checkpoint_lag_bytes',
      help: 'Bytes of an open file not yet acknowledged by the sink (file size minus checkpointed offset).',
      labelNames: ['input', 'path'],
      registers: [registry],
      collect() {
        this.reset()
        for (const l of lagOf()) this.set({ input: l.input, path: l.path }, l.bytes)
      },
    })
  }

  /** Adds one input batch's counts. */
  add(input: string, n: LineCounts): void {
    const s = this.summary
    s.lines_read += n.read
    s.parsed += n.parsed
    s.skipped += n.skipped
    s.out_of_order += n.outOfOrder
    if (n.read) this.linesRead.inc({ input }, n.read)
    if (n.parsed) this.linesParsed.inc({ input }, n.parsed)
    if (n.skipped) this.linesSkipped.inc({ input }, n.skipped)
    if (n.outOfOrder) this.outOfOrder.inc({ input }, n.outOfOrder)
    for (const [reason, count] of n.rejected) {
      s.rejected[reason] = (s.rejected[reason] ?? 0) + count
      this.linesRejected.inc({ input, reason }, count)
    }
  }

  acknowledged(input: string, events: number): void {
    this.summary.shipped += events
    this.summary.batches++
    this.eventsShipped.inc({ input }, events)
    this.batches.inc({ input })
  }

  setInFlight(n: number): void {
    this.inFlight.set(n)
  }

  inputError(input: string, kind: string): void {
    this.inputErrors.inc({ input, kind })
  }
}

export interface Health {
  ok: boolean
  reason?: string
}

export interface MetricsServer {
  /** HOST:PORT it listens on. */
  address: string
  close(): Promise<void>
}

/** Serves GET /metrics (Prometheus text format) and GET /healthz (200, or 503 with the reason). */
export async function startMetricsServer(
  listen: string,
  registry: Registry,
  health: () => Health,
  log: Logger,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end()
      return
    }
    if (path === '/healthz') {
      const h = health()
      res
        .writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(h.ok ? { status: 'ok' } : { status: 'unhealthy', reason: h.reason }))
      return
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: Error) => {
          log.warn('Collecting metrics failed.', { error: err.message })
          res.writeHead(500).end()
        },
      )
      return
    }
    res.writeHead(404).end()
  })
  const { host, port } = parseListen(listen)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`metrics.listen ${listen}: cannot listen (${err.code ?? err.message})`)),
    )
    server.listen(port, host, resolve)
  })
  const address = boundAddress(server)
  log.info('Serving metrics and health.', { address, paths: ['/metrics', '/healthz'] })
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
