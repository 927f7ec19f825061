// Kafka source: a consumer group on the AccessEvent topic. A batch's offsets are committed only
// after its insert into ClickHouse succeeded; while ClickHouse fails the partition waits and
// retries with backoff (nothing is skipped, nothing committed); bad records become dead letters
// and count as handled. At most `max_in_flight_batches` partitions' batches run at once.
//
// Each commit carries the partition's latest event time in the offset metadata, so the next owner
// of the partition (after a rebalance or a restart) resumes the same event-time watermark and
// decides lateness exactly as this one would have.

import { compress as zstdCompress, decompress as zstdDecompress } from '@mongodb-js/zstd'
import type { FastifyBaseLogger } from 'fastify'
import kafkajs, { type Admin, type Consumer, type EachBatchPayload, Kafka, logLevel } from 'kafkajs'
import type { Pipeline, RawRecord } from '../../pipeline/pipeline.js'
import { NO_WATERMARK } from '../../pipeline/watermark.js'
import type { KafkaConfig } from './config.js'

export interface KafkaSourceDeps {
  pipeline: Pipeline
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  onLag?: (topic: string, partition: number, lag: number) => void
  /** Called after each rebalance with the partitions this member now owns (detection releases the rest). */
  onAssignment?: (partitions: number[]) => Promise<void> | void
  /** Backoff after the n-th failed insert, ms. */
  backoffMs?: (attempt: number) => number
}

export interface KafkaSource {
  start(): Promise<void>
  /** Finishes the batch in flight (stored and committed, or left uncommitted), then disconnects. */
  stop(): Promise<void>
}

// Collectors compress with zstd (collector/src/sinks/kafka/codecs.ts); kafkajs has only gzip built in.
kafkajs.CompressionCodecs[kafkajs.CompressionTypes.ZSTD] = () => ({
  compress: (e: { buffer: Buffer }) => zstdCompress(e.buffer, 3),
  decompress: zstdDecompress,
})
const EMPTY = new Uint8Array(0)
const SOURCE = 'kafka'
const defaultBackoff = (attempt: number) => Math.min(5_000, 100 * 2 ** Math.min(attempt, 10))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Offset metadata, versioned: `{"v":1,"max_ts":<ms>}` (max_ts absent before the first event). */
export function encodeOffsetMetadata(maxEventTs: number): string {
  return JSON.stringify(Number.isFinite(maxEventTs) ? { v: 1, max_ts: maxEventTs } : { v: 1 })
}

export function decodeOffsetMetadata(metadata: string | null | undefined): number {
  try {
    const m = JSON.parse(metadata ?? '') as { v?: unknown; max_ts?: unknown }
    return m.v === 1 && typeof m.max_ts === 'number' ? m.max_ts : NO_WATERMARK
  } catch {
    return NO_WATERMARK
  }
}

export function createKafkaSource(config: KafkaConfig, deps: KafkaSourceDeps): KafkaSource {
  const kafka = new Kafka({
    clientId: config.client_id,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const msg = `Kafka client: ${entry.log.message}`
      if (entry.level <= logLevel.ERROR) deps.log.error({ kafka: entry.namespace }, msg)
      else deps.log.warn({ kafka: entry.namespace }, msg)
    },
    retry: { retries: 10, initialRetryTime: 300 },
  })
  const backoff = deps.backoffMs ?? defaultBackoff
  const { watermarks } = deps.pipeline
  let consumer: Consumer | undefined
  let admin: Admin | undefined
  /** Partitions whose watermark was read from the group's committed metadata since the last join. */
  let seeded = new Set<number>()

  /** After a (re)join, take each partition's latest event time from what its last owner committed. */
  async function seedWatermark(topic: string, partition: number): Promise<void> {
    if (seeded.has(partition)) return
    const [offsets] = await admin!.fetchOffsets({ groupId: config.group_id, topics: [topic] })
    for (const p of offsets?.partitions ?? []) {
      if (seeded.has(p.partition)) continue
      watermarks.seed(SOURCE, p.partition, decodeOffsetMetadata(p.metadata))
      seeded.add(p.partition)
    }
    if (!seeded.has(partition)) {
      watermarks.seed(SOURCE, partition, NO_WATERMARK)
      seeded.add(partition)
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload
    if (batch.isEmpty()) return
    const records: RawRecord[] = batch.messages.map((m) => ({
      bytes: m.value ?? EMPTY,
      origin: `kafka:${batch.topic}/${batch.partition}@${m.offset}`,
    }))
    for (let attempt = 1; ; attempt++) {
      // Stopping or rebalanced away: leave the batch uncommitted; its next owner reads it again.
      if (!payload.isRunning() || payload.isStale()) return
      try {
        await seedWatermark(batch.topic, batch.partition)
        await deps.pipeline.processBatch(SOURCE, records, { partition: batch.partition, uniqueOrigins: true })
        break
      } catch (err) {
        const wait = backoff(attempt)
        deps.log.warn(
          { err, topic: batch.topic, partition: batch.partition, attempt, retry_in_ms: wait },
          'Storing a Kafka batch failed; the partition waits and retries, offsets stay uncommitted.',
        )
        await sleep(wait)
        await payload.heartbeat().catch(() => {})
      }
    }
    const last = batch.lastOffset()
    payload.resolveOffset(last)
    await payload.commitOffsetsIfNecessary({
      topics: [
        {
          topic: batch.topic,
          partitions: [
            {
              partition: batch.partition,
              offset: (BigInt(last) + 1n).toString(),
              metadata: encodeOffsetMetadata(watermarks.maxEventTs(SOURCE, batch.partition)),
            } as { partition: number; offset: string },
          ],
        },
      ],
    })
    deps.onLag?.(batch.topic, batch.partition, Number(batch.offsetLag()))
    await payload.heartbeat()
  }

  return {
    async start() {
      admin = kafka.admin()
      await admin.connect()
      // One partition's batch may fill the whole fetch: bigger batches, fewer inserts (each insert
      // has a fixed cost in ClickHouse: parts, the dedupe check, the rollups' views).
      consumer = kafka.consumer({
        groupId: config.group_id,
        maxBytes: config.max_bytes,
        maxBytesPerPartition: config.max_bytes,
      })
      // A new assignment may bring partitions another analyzer moved forward: read their watermarks again.
      consumer.on(consumer.events.GROUP_JOIN, () => {
        seeded = new Set()
        watermarks.forget(SOURCE)
      })
      await consumer.connect()
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        const partitions = event.payload.memberAssignment[config.topic] ?? []
        Promise.resolve(deps.onAssignment?.(partitions)).catch((err) =>
          deps.log.error({ err }, 'Handling a Kafka partition assignment failed.'),
        )
      })
      await consumer.subscribe({ topics: [config.topic], fromBeginning: config.from_beginning })
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: config.max_in_flight_batches,
        eachBatch,
      })
      deps.log.info({ topic: config.topic, group_id: config.group_id }, 'Kafka consumer started.')
    },
    async stop() {
      if (!consumer) return
      const c = consumer
      consumer = undefined
      // disconnect() stops fetching, waits for the batch in flight, leaves the group.
      await c.disconnect()
      await admin?.disconnect()
      admin = undefined
    },
  }
}
