// Prometheus metrics of one analyzer. Each analyzer has its own registry (tests run several in
// one process); labels are few and fixed: a source, a reason code, a table, an outcome.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { PipelineObserver } from './pipeline/pipeline.js'
import type { InsertObserver } from './store/writer.js'

export interface AnalyzerMetrics {
  registry: Registry
  pipeline: PipelineObserver
  insert: InsertObserver
  kafkaLag: Gauge<'topic' | 'partition'>
}

export function createMetrics(): AnalyzerMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'gatewatch_analyzer_' })
  const ingested = new Counter({
    name: 'gatewatch_events_ingested_total',
    help: 'Events stored, by source (redelivered events already stored are not counted again).',
    labelNames: ['source'] as const,
    registers: [registry],
  })
  const duplicates = new Counter({
    name: 'gatewatch_events_duplicate_total',
    help: 'Valid events not stored again because their event_id was already stored, by source.',
    labelNames: ['source'] as const,
    registers: [registry],
  })
  const afterStoreFailures = new Counter({
    name: 'gatewatch_after_store_failures_total',
    help: 'Stored batches whose afterStore hook (the detection engine) threw, by source.',
    labelNames: ['source'] as const,
    registers: [registry],
  })
  const rejected = new Counter({
    name: 'gatewatch_events_rejected_total',
    help: 'Records dead-lettered, by source and reason code.',
    labelNames: ['source', 'reason'] as const,
    registers: [registry],
  })
  const batches = new Counter({
    name: 'gatewatch_insert_batches_total',
    help: 'ClickHouse insert batches, by table and outcome.',
    labelNames: ['table', 'outcome'] as const,
    registers: [registry],
  })
  const insertSeconds = new Histogram({
    name: 'gatewatch_insert_duration_seconds',
    help: 'Time of one ClickHouse insert batch.',
    labelNames: ['table'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const kafkaLag = new Gauge({
    name: 'gatewatch_kafka_consumer_lag',
    help: 'Messages behind the high watermark after the last consumed batch, by partition.',
    labelNames: ['topic', 'partition'] as const,
    registers: [registry],
  })
  return {
    registry,
    kafkaLag,
    pipeline: {
      batch(source, result) {
        const stored = result.accepted - result.duplicates
        if (stored > 0) ingested.inc({ source }, stored)
        if (result.duplicates > 0) duplicates.inc({ source }, result.duplicates)
        for (const [reason, n] of Object.entries(result.rejectedByReason)) rejected.inc({ source, reason }, n)
      },
      afterStoreFailed(source) {
        afterStoreFailures.inc({ source })
      },
    },
    insert(table, _rows, seconds, ok) {
      batches.inc({ table, outcome: ok ? 'ok' : 'error' })
      insertSeconds.observe({ table }, seconds)
    },
  }
}

// ── detection (detect) ──
/** Alerts stored by type and change (new, escalated, updated), and detector state keys held. */
export function registerDetectionMetrics(
  registry: Registry,
  stats: () => { keys: Record<string, number>; suppressed: number },
): (type: string, change: string) => void {
  const alerts = new Counter({
    name: 'gatewatch_alerts_total',
    help: 'Alert writes, by alert type and change (new, escalated, updated).',
    labelNames: ['type', 'change'] as const,
    registers: [registry],
  })
  new Gauge({
    name: 'gatewatch_detector_state_keys',
    help: 'Keys (credentials, IPs, endpoints) held in detector state, by detector.',
    labelNames: ['detector'] as const,
    registers: [registry],
    collect() {
      for (const [detector, n] of Object.entries(stats().keys)) this.set({ detector }, n)
    },
  })
  new Gauge({
    name: 'gatewatch_findings_suppressed',
    help: 'Findings dropped by suppression rules since start.',
    registers: [registry],
    collect() {
      this.set(stats().suppressed)
    },
  })
  return (type, change) => alerts.inc({ type, change })
}
// ── end detection ──
