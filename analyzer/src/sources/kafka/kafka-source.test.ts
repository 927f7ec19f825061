// The Kafka source against a real broker (infra's startKafka) and a real embedded ClickHouse:
// 10,000 events plus invalid ones consumed exactly, offsets committed only after the insert, no
// progress while ClickHouse fails, and a restarted consumer that stores nothing twice.
import { createTopic, type KafkaBroker, startKafka } from '@gatewatch/infra'
import { ACCESS_TOPIC } from '@gatewatch/schema'
import { CompressionTypes } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Analyzer, createAnalyzer } from '../../analyzer.js'
import { countEvents } from '../../inventory/endpoints.js'
import {
  ADMIN_TOKEN,
  connectKafka,
  INGEST_TOKEN,
  type KafkaTestClient,
  makeEvent,
  T0,
  tempDir,
  waitFor,
} from '../../testing/index.js'

const GROUP = 'gatewatch-analyzer-test'
const PARTITIONS = 4
const dir = tempDir()
let broker: KafkaBroker
let kt: KafkaTestClient
let analyzer: Analyzer | undefined

const invalid: (string | Buffer)[] = [
  '{"v":1,"event_id":', // malformed JSON
  Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff, 0x00]), // binary
  JSON.stringify({ hello: 'kafka' }), // JSON, not an AccessEvent
  JSON.stringify({ ...makeEvent('bad-status'), status: 'ok' }), // wrong type
  JSON.stringify(makeEvent('huge', { user_agent: 'x'.repeat(70_000) })), // over max_event_bytes
]

function startAnalyzer(): Promise<Analyzer> {
  const a = createAnalyzer({
    data_dir: dir.path,
    admin_token: ADMIN_TOKEN,
    ingest_token: INGEST_TOKEN,
    log_level: 'silent',
    kafka: { brokers: [broker.brokers], group_id: GROUP },
  })
  return a.start({ listen: false }).then(() => a)
}

const produce = (values: (string | Buffer)[]) => kt.produce(ACCESS_TOPIC, values)

async function rawCount(table: string): Promise<number> {
  const rs = await analyzer!.client.query({
    query: `SELECT count() AS n FROM ${table}`,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ n: number }>())[0]!.n
}

const committed = () => kt.committed(GROUP, ACCESS_TOPIC)

beforeAll(async () => {
  broker = await startKafka({ numPartitions: PARTITIONS })
  await createTopic(broker.brokers, ACCESS_TOPIC, PARTITIONS)
  kt = await connectKafka(broker.brokers)
})

afterAll(async () => {
  await analyzer?.stop()
  await kt?.close()
  await broker?.stop()
  dir.remove()
})

describe('Kafka source', () => {
  it('stores 10,000 events exactly, dead-letters the invalid ones, and commits every offset', async () => {
    const events = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify(makeEvent(`k-${i}`, { ts: T0 + i, path: `/v1/orders/${i}` })),
    )
    // Invalid records spread through the stream, not only at the end.
    const stream = [...events]
    invalid.forEach((bad, i) => {
      stream.splice((i + 1) * 1500, 0, bad as string)
    })
    await produce(stream)
    analyzer = await startAnalyzer()
    await waitFor('all offsets committed', async () => (await committed()) === stream.length)
    expect(await countEvents(analyzer.client)).toBe(10_000)
    expect(await rawCount('events')).toBe(10_000)
    const reasons = await (
      await analyzer.client.query({
        query: 'SELECT reason, count() AS n FROM dead_letters GROUP BY reason ORDER BY reason',
        format: 'JSONEachRow',
      })
    ).json<{ reason: string; n: number }>()
    expect(reasons).toEqual([
      { reason: 'event_too_large', n: 1 },
      { reason: 'invalid_event', n: 2 },
      { reason: 'invalid_json', n: 1 },
      { reason: 'invalid_utf8', n: 1 },
    ])
    const metrics = await analyzer.metrics.registry.getSingleMetricAsString('gatewatch_events_ingested_total')
    expect(metrics).toContain('gatewatch_events_ingested_total{source="kafka"} 10000')
  })

  it('holds the offsets while ClickHouse fails and stores the batch once it is back', async () => {
    const before = await committed()
    await analyzer!.client.command({ query: 'DETACH TABLE events' })
    await produce(Array.from({ length: 100 }, (_, i) => JSON.stringify(makeEvent(`outage-${i}`))))
    // Several failed attempts with backoff; nothing may be committed meanwhile.
    await new Promise((r) => setTimeout(r, 4000))
    expect(await committed()).toBe(before)
    const failures = await analyzer!.metrics.registry.getSingleMetricAsString(
      'gatewatch_insert_batches_total',
    )
    expect(failures).toMatch(/gatewatch_insert_batches_total\{table="events",outcome="error"\} [1-9]/)
    await analyzer!.client.command({ query: 'ATTACH TABLE events' })
    await waitFor('the held batch to be committed', async () => (await committed()) === before + 100)
    expect(await rawCount('events')).toBe(10_100)
  })

  it('after a graceful stop and restart, stores only what is new', async () => {
    await analyzer!.stop()
    analyzer = undefined
    await produce(Array.from({ length: 50 }, (_, i) => JSON.stringify(makeEvent(`after-restart-${i}`))))
    analyzer = await startAnalyzer()
    const total = 10_000 + invalid.length + 100 + 50
    await waitFor('the new events to be committed', async () => (await committed()) === total)
    // Raw rows, no FINAL: nothing from before the restart was inserted a second time.
    expect(await rawCount('events')).toBe(10_150)
    expect(await rawCount('dead_letters')).toBe(invalid.length)
  })

  it('stores zstd-compressed batches, as collectors send them', async () => {
    // The zstd codec is the one kafka-source.ts registers (kafkajs has only gzip built in).
    await kt.producer.send({
      topic: ACCESS_TOPIC,
      compression: CompressionTypes.ZSTD,
      messages: Array.from({ length: 100 }, (_, i) => ({
        key: `zstd-${i % 7}`,
        value: JSON.stringify(makeEvent(`zstd-${i}`)),
      })),
    })
    const total = 10_000 + invalid.length + 100 + 50 + 100
    await waitFor('the zstd batch to be committed', async () => (await committed()) === total)
    expect(await rawCount('events')).toBe(10_250)
    expect(await rawCount('dead_letters')).toBe(invalid.length)
  })
})
