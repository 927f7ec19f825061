// Produces events to the `gatewatch.access.v1` topic with kafkajs: one `send` per batch (a record
// batch per partition in one Produce request per broker; one message per send is ~10x slower, see
// collector/bench/ship.ts), zstd by default, `acks: -1` (all in-sync replicas), idempotent producer
// (no duplicates from the client's own retries). Key = principal fingerprint, else client IP, so
// one principal's traffic stays in one partition. TLS and SASL (PLAIN, SCRAM-SHA-256/512) come from
// the sink config; the password is read from the environment or a file and never logged.
import { ACCESS_TOPIC, type AccessEvent } from '@gatewatch/schema'
import {
  CompressionTypes,
  Kafka,
  type KafkaConfig,
  logLevel,
  type Message,
  type Producer,
  type SASLOptions,
} from 'kafkajs'
import { Registry } from 'prom-client'
import type { Logger } from '../../log.js'
import { type BackoffPolicy, backoffMs, DEFAULT_BACKOFF, pause } from '../backoff.js'
import { sinkMetrics } from '../metrics.js'
import type { TlsOptions } from '../security.js'
import { FatalSinkError, type Sink, type SinkContext } from '../types.js'
import { registerZstdCodec, zstdBytes } from './codecs.js'
import { KeyHashPartitioner } from './partitioner.js'

export type KafkaCompression = 'zstd' | 'gzip' | 'none'

export interface KafkaSaslOptions {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'
  username: string
  password: string
}

export interface KafkaSinkOptions {
  /** `host:port` of the bootstrap brokers. */
  brokers: string[]
  clientId: string
  requestTimeoutMs: number
  /** Attempts of a batch after the first, each after a backoff wait. */
  maxRetries: number
  backoff?: BackoffPolicy
  compression?: KafkaCompression
  /** TLS to the brokers; absent: plaintext. */
  tls?: TlsOptions
  sasl?: KafkaSaslOptions
  topic?: string
}

const CODECS: Record<KafkaCompression, CompressionTypes> = {
  zstd: CompressionTypes.ZSTD,
  gzip: CompressionTypes.GZIP,
  none: CompressionTypes.None,
}

/** Parses `kafka://host:port[,host:port]` into broker addresses. */
export function kafkaBrokers(url: string): string[] {
  const rest = url.replace(/^kafka:\/\//, '').replace(/\/.*$/, '')
  const brokers = rest.split(',').filter((b) => b.length > 0)
  if (brokers.length === 0) throw new Error(`sink url "${url}" names no broker; expected kafka://HOST:PORT`)
  return brokers
}

/** kafkajs logs through our logger, as sentences with its message as a field. */
function kafkaLogCreator(log: Logger) {
  return () =>
    ({ level, log: entry }: { level: number; log: { message: string } }) => {
      const fields = { component: 'kafkajs', detail: entry.message }
      if (level === logLevel.ERROR) log.error('The Kafka client reported an error.', fields)
      else if (level === logLevel.WARN) log.warn('The Kafka client reported a warning.', fields)
    }
}

export function messageKey(event: AccessEvent): string {
  return event.principal.fingerprint ?? event.client_ip
}

/** The kafkajs client settings of a sink: brokers, timeouts, TLS and SASL. */
export function kafkaClientConfig(options: KafkaSinkOptions, log: Logger): KafkaConfig {
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: options.brokers,
    requestTimeout: options.requestTimeoutMs,
    connectionTimeout: Math.min(options.requestTimeoutMs, 10_000),
    // kafkajs retries a request a few times on its own (the idempotent producer needs that); the
    // sink's loop around it does the long, counted, jittered retries.
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(log),
  }
  if (options.tls) config.ssl = { ...options.tls }
  if (options.sasl) {
    config.sasl = {
      mechanism: options.sasl.mechanism,
      username: options.sasl.username,
      password: options.sasl.password,
    } as SASLOptions
  }
  return config
}

/** Errors retrying cannot fix: a refused login, an unauthorized topic. */
function isFatal(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? ''
  const type = (err as { type?: string })?.type ?? ''
  return (
    name === 'KafkaJSSASLAuthenticationError' ||
    type === 'TOPIC_AUTHORIZATION_FAILED' ||
    type === 'CLUSTER_AUTHORIZATION_FAILED' ||
    type === 'SASL_AUTHENTICATION_FAILED'
  )
}

export function createKafkaSink(options: KafkaSinkOptions, ctx: SinkContext): Sink {
  const topic = options.topic ?? ACCESS_TOPIC
  const compression = CODECS[options.compression ?? 'zstd']
  if (compression === CompressionTypes.ZSTD) registerZstdCodec()
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const metrics = sinkMetrics(ctx.registry ?? new Registry())
  const labels = { sink: 'kafka' }
  const kafka = new Kafka(kafkaClientConfig(options, ctx.log))
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: KeyHashPartitioner,
  })
  // Compressed bytes come from the zstd codec's counters (kafkajs reports no request sizes).
  let reported = { input: zstdBytes.input, output: zstdBytes.output }
  function reportCompression(): void {
    if (compression !== CompressionTypes.ZSTD) return
    const input = zstdBytes.input - reported.input
    const output = zstdBytes.output - reported.output
    reported = { input: zstdBytes.input, output: zstdBytes.output }
    if (output > 0) {
      metrics.bytes.inc({ ...labels, stage: 'compressed' }, output)
      metrics.compressionRatio.set(labels, input / output)
    }
  }
  let connected: Promise<void> | null = null
  let closed = false

  function connect(): Promise<void> {
    // A failed connect is forgotten, so the next attempt dials again instead of reusing the failure.
    connected ??= producer.connect().catch((err: unknown) => {
      connected = null
      throw err
    })
    return connected
  }

  async function send(events: AccessEvent[]): Promise<void> {
    const started = performance.now()
    const messages: Message[] = new Array(events.length)
    let bytes = 0
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!
      // A string value: kafkajs writes it straight into the record, without a Buffer of its own.
      const value = JSON.stringify(e)
      bytes += Buffer.byteLength(value)
      messages[i] = { key: messageKey(e), value, timestamp: String(e.ts) }
    }
    metrics.bytes.inc({ ...labels, stage: 'uncompressed' }, bytes)
    for (let retry = 0; ; retry++) {
      try {
        await connect()
        await producer.send({ topic, acks: -1, timeout: options.requestTimeoutMs, compression, messages })
        reportCompression()
        metrics.batches.inc({ ...labels, outcome: 'sent' })
        metrics.events.inc(labels, events.length)
        metrics.sendSeconds.observe(labels, (performance.now() - started) / 1000)
        return
      } catch (err) {
        const detail = (err as Error).message
        if (isFatal(err)) {
          metrics.batches.inc({ ...labels, outcome: 'failed' })
          throw new FatalSinkError(
            `the Kafka brokers refused the collector (${detail}): check sink.sasl (user, mechanism, password) and the topic ACLs for ${topic}`,
          )
        }
        if (retry >= options.maxRetries || closed || ctx.signal?.aborted) {
          metrics.batches.inc({ ...labels, outcome: 'failed' })
          throw new Error(
            `giving up on a batch of ${events.length} events to Kafka after ${retry + 1} attempts: ${detail}`,
          )
        }
        const wait = backoffMs(retry, backoff)
        metrics.retries.inc(labels)
        ctx.log.warn('A batch was not delivered to Kafka; retrying.', {
          failure: detail,
          retry: retry + 1,
          wait_ms: wait,
        })
        await pause(wait, ctx.signal)
      }
    }
  }

  return {
    kind: 'kafka',
    send,
    async close() {
      closed = true
      if (connected) await producer.disconnect()
    },
  }
}
