// Produces events to the `gatewatch.access.v1` topic with kafkajs: one send per batch, gzip,
// acks from all in-sync replicas, idempotent producer (no duplicates from producer retries).
// Key = principal fingerprint, else client IP, so one principal's traffic stays in one partition.
import { ACCESS_TOPIC, type AccessEvent } from '@gatewatch/schema'
import { CompressionTypes, Kafka, logLevel, type Producer } from 'kafkajs'
import type { Logger } from '../../log.js'
import type { Sink, SinkContext } from '../types.js'

export interface KafkaSinkOptions {
  /** `host:port` of the bootstrap brokers. */
  brokers: string[]
  clientId: string
  requestTimeoutMs: number
  maxRetries: number
  topic?: string
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

export function createKafkaSink(options: KafkaSinkOptions, ctx: SinkContext): Sink {
  const topic = options.topic ?? ACCESS_TOPIC
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    requestTimeout: options.requestTimeoutMs,
    retry: { retries: options.maxRetries, maxRetryTime: 30_000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(ctx.log),
  })
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
  let connected: Promise<void> | null = null

  return {
    kind: 'kafka',
    async send(events) {
      connected ??= producer.connect()
      await connected
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: events.map((e) => ({
          key: messageKey(e),
          value: JSON.stringify(e),
          timestamp: String(e.ts),
        })),
      })
    },
    async close() {
      if (connected) await producer.disconnect()
    },
  }
}
