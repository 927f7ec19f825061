// Delivery metrics on the process's prom-client registry (SinkContext.registry). Labels are few
// and fixed: the sink kind and an outcome. Counted per batch, never per event in a hot loop.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

export interface SinkMetrics {
  readonly registry: Registry
  batches: Counter<'sink' | 'outcome'>
  events: Counter<'sink'>
  retries: Counter<'sink'>
  sendSeconds: Histogram<'sink'>
  /** Bytes of the records before compression and of the requests that carried them. */
  bytes: Counter<'sink' | 'stage'>
  compressionRatio: Gauge<'sink'>
}

export interface SpoolMetrics {
  bytes: Gauge
  batches: Gauge
  full: Gauge
  fullTotal: Counter
  written: Counter
  drained: Counter
  corrupt: Counter
}

/** Returns the metric already registered under that name (a second sink on one registry), or makes it. */
function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make()
}

export function sinkMetrics(registry: Registry): SinkMetrics {
  const registers = [registry]
  return {
    registry,
    batches: once(
      registry,
      'gatewatch_collector_sink_batches_total',
      () =>
        new Counter({
          name: 'gatewatch_collector_sink_batches_total',
          help: 'Batches handed to the destination, by sink and outcome (sent: acknowledged; failed: given up after the retries).',
          labelNames: ['sink', 'outcome'] as const,
          registers,
        }),
    ),
    events: once(
      registry,
      'gatewatch_collector_sink_events_total',
      () =>
        new Counter({
          name: 'gatewatch_collector_sink_events_total',
          help: 'Events the destination acknowledged, by sink.',
          labelNames: ['sink'] as const,
          registers,
        }),
    ),
    retries: once(
      registry,
      'gatewatch_collector_sink_retries_total',
      () =>
        new Counter({
          name: 'gatewatch_collector_sink_retries_total',
          help: 'Delivery attempts repeated after a retryable failure, by sink.',
          labelNames: ['sink'] as const,
          registers,
        }),
    ),
    sendSeconds: once(
      registry,
      'gatewatch_collector_sink_send_duration_seconds',
      () =>
        new Histogram({
          name: 'gatewatch_collector_sink_send_duration_seconds',
          help: 'Time from handing a batch to the destination until it acknowledged it, retries included.',
          labelNames: ['sink'] as const,
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers,
        }),
    ),
    bytes: once(
      registry,
      'gatewatch_collector_sink_bytes_total',
      () =>
        new Counter({
          name: 'gatewatch_collector_sink_bytes_total',
          help: 'Bytes of the serialized events (stage=uncompressed) and after compression (stage=compressed; http sends uncompressed), by sink.',
          labelNames: ['sink', 'stage'] as const,
          registers,
        }),
    ),
    compressionRatio: once(
      registry,
      'gatewatch_collector_sink_compression_ratio',
      () =>
        new Gauge({
          name: 'gatewatch_collector_sink_compression_ratio',
          help: 'Record-batch bytes before per after compression in the last batch (higher is better), by sink.',
          labelNames: ['sink'] as const,
          registers,
        }),
    ),
  }
}

export function spoolMetrics(registry: Registry): SpoolMetrics {
  const registers = [registry]
  const gauge = (name: string, help: string) =>
    once(registry, name, () => new Gauge({ name, help, registers }))
  const counter = (name: string, help: string) =>
    once(registry, name, () => new Counter({ name, help, registers }))
  return {
    bytes: gauge('gatewatch_collector_spool_bytes', 'Bytes of the disk spool’s segment files.'),
    batches: gauge(
      'gatewatch_collector_spool_batches',
      'Batches in the disk spool not yet acknowledged by the sink.',
    ),
    full: gauge(
      'gatewatch_collector_spool_full',
      '1 while the disk spool is full and reading is paused, else 0.',
    ),
    fullTotal: counter('gatewatch_collector_spool_full_total', 'Times the disk spool became full.'),
    written: counter('gatewatch_collector_spool_written_batches_total', 'Batches written to the disk spool.'),
    drained: counter(
      'gatewatch_collector_spool_drained_batches_total',
      'Spooled batches the sink acknowledged (then removed from the spool).',
    ),
    corrupt: counter(
      'gatewatch_collector_spool_corrupt_records_total',
      'Spool records found torn or failing their checksum and skipped. A torn tail left by a crash during a write was never acknowledged, so its lines are read again from the log.',
    ),
  }
}
