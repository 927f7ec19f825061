// Ingest and storage benchmarks, each printing one JSON line of figures:
//   steps    decode → validate → route template alone (no insert), the baseline of the run;
//   pipeline the whole HTTP-style path, batch by batch, each acknowledged after its insert
//            (dedupe check included);
//   kafka    a real broker (infra's startKafka): N events produced, then consumed by the Kafka
//            source into embedded ClickHouse with templating on; events/s of wall time and events
//            per CPU-second of this process (its JS thread plus chdb's threads = "per core");
//   storage  bytes per stored event after compression (system.parts), events and rollups;
//   format   the insert format on the same rows: JSONEachRow and JSONCompactEachRow through
//            client.insert, RowBinary through client.exec with a stream (the writer's format), and
//            RowBinary read by the engine from a file (its parse cost without the client);
//   floor    what the parts we build on cost per event before any work of ours: kafkajs fetching
//            and decoding the topic with a consumer that does nothing else, the engine inserting
//            pre-encoded RowBinary (schema, materialized views and indexes as migrated), and the
//            dedupe check; their sum bounds events per CPU-second from above.
// Run: pnpm --filter @gatewatch/analyzer exec tsx bench/ingest.ts [events] [batch] [--no-kafka]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createTopic, startKafka } from '@gatewatch/infra'
import type { AccessEvent } from '@gatewatch/schema'
import { countEvents } from '../src/inventory/endpoints.js'
import { createPipeline, type RawRecord } from '../src/pipeline/pipeline.js'
import { createKafkaSource } from '../src/sources/kafka/index.js'
import { createStoreClient, type StoreClient } from '../src/store/client.js'
import { storedEventIds } from '../src/store/dedupe.js'
import { EVENT_COLUMNS, toCompactRow, toEventRow } from '../src/store/event-row.js'
import { migrate } from '../src/store/migrate.js'
import { encodeRowBinary } from '../src/store/row-binary.js'
import { createStoreWriter } from '../src/store/writer.js'
import { connectKafka, type KafkaTestClient, waitFor } from '../src/testing/kafka.js'

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const total = Number(args[0] ?? 200_000)
const batchSize = Number(args[1] ?? 10_000)
const withKafka = !process.argv.includes('--no-kafka')
const paths = [
  '/v1/orders/{n}',
  '/v1/users/{n}/cart',
  '/v2/products/{hex}',
  '/api/v1/health',
  '/users/me',
  '/login',
]
const methods = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']

function event(i: number, salt = ''): AccessEvent {
  const hex = (i * 2654435761).toString(16).padStart(8, '0').slice(-12)
  return {
    v: 1,
    event_id: `${salt}${(BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32)}`.slice(
      -32,
    ),
    ts: 1_768_478_400_000 + i * 10,
    collector: 'bench',
    service: `svc-${i % 4}`,
    host: 'api.bench.test',
    method: methods[i % methods.length]!,
    path: paths[i % paths.length]!.replace('{n}', String(i % 5000)).replace('{hex}', hex),
    query: i % 3 === 0 ? 'page=2&sort=asc' : '',
    status: i % 20 === 0 ? 500 : i % 7 === 0 ? 404 : 200,
    latency_ms: (i % 250) + 0.5,
    request_bytes: 120,
    response_bytes: 2048,
    client_ip: `198.51.100.${i % 250}`,
    forwarded_for: [],
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
    principal:
      i % 2 === 0
        ? {
            kind: 'jwt',
            fingerprint: 'aabbccddeeff0011',
            subject: `user-${i % 1000}`,
            scopes: ['orders:read'],
          }
        : { kind: 'none' },
  }
}

const rate = (n: number, s: number) => Math.round(n / s)

/** Wall seconds and CPU seconds of this process (its JS thread and chdb's threads) spent in `run`. */
async function measure(run: () => Promise<void>): Promise<{ seconds: number; cpuSeconds: number }> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  await run()
  const used = process.cpuUsage(cpu)
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 }
}

const throughput = (events: number, m: { seconds: number; cpuSeconds: number }) => ({
  events_per_s: rate(events, m.seconds),
  events_per_cpu_s: rate(events, m.cpuSeconds),
  seconds: Number(m.seconds.toFixed(2)),
  cpu_seconds: Number(m.cpuSeconds.toFixed(2)),
})
const print = (bench: string, figures: Record<string, unknown>) =>
  console.log(JSON.stringify({ bench, ...figures }))
const truncate = async (client: StoreClient) => {
  for (const t of [
    'events',
    'dead_letters',
    'endpoint_minute',
    'principal_hour',
    'ip_hour',
    'ingest_batches',
  ]) {
    await client.command({ query: `TRUNCATE TABLE ${t}` })
  }
}

async function storageFigures(client: StoreClient, events: number) {
  await client.command({ query: 'OPTIMIZE TABLE events FINAL' })
  const parts = await (
    await client.query({
      query: `SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS compressed, sum(data_uncompressed_bytes) AS uncompressed
              FROM system.parts WHERE active AND database = currentDatabase()
                AND table IN ('events', 'endpoint_minute', 'principal_hour', 'ip_hour')
              GROUP BY table ORDER BY table`,
      format: 'JSONEachRow',
    })
  ).json<{ table: string; rows: number; compressed: number; uncompressed: number }>()
  const ev = parts.find((p) => p.table === 'events')!
  const rollups = parts.filter((p) => p.table !== 'events').reduce((n, p) => n + p.compressed, 0)
  print('storage', {
    events,
    events_bytes_per_event: Number((ev.compressed / ev.rows).toFixed(1)),
    events_uncompressed_bytes_per_event: Number((ev.uncompressed / ev.rows).toFixed(1)),
    compression_ratio: Number((ev.uncompressed / ev.compressed).toFixed(1)),
    rollups_bytes_per_event: Number((rollups / events).toFixed(1)),
  })
}

/** The events columns the writer sets, as a file() structure (`name Type, ...`). */
async function eventStructure(client: StoreClient): Promise<string> {
  const types = await (
    await client.query({
      query: "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'events'",
      format: 'JSONEachRow',
    })
  ).json<{ name: string; type: string }>()
  return EVENT_COLUMNS.map(([c]) => `${c} ${types.find((t) => t.name === c)!.type}`).join(', ')
}

/** The engine reads a RowBinary file of event rows into events itself (no client, no encoding). */
const insertFromFile = (client: StoreClient, file: string, structure: string) =>
  client.command({
    query: `INSERT INTO events (${EVENT_COLUMNS.map(([c]) => c).join(', ')}) SELECT * FROM file({file:String}, 'RowBinary', {structure:String})`,
    query_params: { file, structure },
  })

async function formatFigures(client: StoreClient) {
  const rows = Array.from({ length: batchSize }, (_, i) => toEventRow(event(i, 'f'), '/v1/orders/{id}'))
  const names = EVENT_COLUMNS.map(([c]) => c) as [string, ...string[]]
  const columns = names.join(', ')
  const n = Math.max(1, Math.floor(total / batchSize / 2))
  /** Rows per second of wall and of CPU over `n` inserts of the rows (encoding included). */
  const timed = async (insert: () => Promise<unknown>) => {
    await truncate(client)
    try {
      const m = await measure(async () => {
        for (let r = 0; r < n; r++) await insert()
      })
      const stored = await countEvents(client)
      return {
        rows_per_s: rate(n * batchSize, m.seconds),
        rows_per_cpu_s: rate(n * batchSize, m.cpuSeconds),
        stored,
      }
    } catch (err) {
      return { failed: (err as Error).message.split('\n')[0]!.slice(0, 160) }
    }
  }
  // The engine's RowBinary parse without the client: the encoded rows written to a file and read
  // with file() (embedded only; what RowBinary would cost if the client could send it to chdb).
  const structure = await eventStructure(client)
  const file = join(dir, 'rows.bin')
  print('format', {
    rows_per_insert: batchSize,
    inserts: n,
    json_each_row: await timed(() => client.insert({ table: 'events', values: rows, format: 'JSONEachRow' })),
    json_compact_each_row: await timed(() =>
      client.insert({
        table: 'events',
        columns: names,
        values: rows.map(toCompactRow),
        format: 'JSONCompactEachRow',
      }),
    ),
    row_binary_exec_stream: await timed(() =>
      client.exec({
        query: `INSERT INTO events (${columns}) FORMAT RowBinary`,
        values: Readable.from([encodeRowBinary(rows)]),
      }),
    ),
    row_binary_from_file: await timed(async () => {
      writeFileSync(file, encodeRowBinary(rows))
      await insertFromFile(client, file, structure)
    }),
  })
}

/** CPU µs per event of kafkajs alone: a consumer group that fetches and decodes the topic, nothing else. */
async function consumeOnly(kt: KafkaTestClient, topic: string): Promise<number> {
  const consumer = kt.kafka.consumer({ groupId: 'bench-floor', maxBytes: 8 * 1024 * 1024 })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  let seen = 0
  const m = await measure(
    () =>
      new Promise<void>((done, fail) => {
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              seen += batch.messages.length
              if (seen >= total) done()
            },
          })
          .catch(fail)
      }),
  )
  await consumer.disconnect()
  return (m.cpuSeconds * 1e6) / seen
}
let consumeOnlyMicros: number | undefined

/**
 * The floor: what kafkajs, the engine's insert and the dedupe check cost per event with nothing of
 * ours around them. The engine part inserts one pre-encoded RowBinary file (no encoding, no client)
 * into the migrated schema; the dedupe check asks for ids that are all stored.
 */
async function floorFigures(client: StoreClient) {
  const rows = Array.from({ length: batchSize }, (_, i) => toEventRow(event(i, 'l'), '/v1/orders/{id}'))
  const structure = await eventStructure(client)
  const file = join(dir, 'floor.bin')
  writeFileSync(file, encodeRowBinary(rows))
  const n = Math.max(1, Math.floor(total / batchSize / 2))
  await truncate(client)
  const insert = await measure(async () => {
    for (let r = 0; r < n; r++) await insertFromFile(client, file, structure)
  })
  const dedupe = await measure(async () => {
    for (let r = 0; r < n; r++) await storedEventIds(client, rows)
  })
  const perEvent = (m: { cpuSeconds: number }) => Number(((m.cpuSeconds * 1e6) / (n * batchSize)).toFixed(2))
  const parts = {
    kafkajs_consume_us: consumeOnlyMicros === undefined ? null : Number(consumeOnlyMicros.toFixed(2)),
    engine_insert_us: perEvent(insert),
    dedupe_check_us: perEvent(dedupe),
  }
  const sum = Object.values(parts).reduce<number>((a, b) => a + (b ?? 0), 0)
  print('floor', { ...parts, sum_us: Number(sum.toFixed(2)), at_most_events_per_cpu_s: rate(1e6, sum) })
}

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bench-'))
const client = createStoreClient({ dataDir: dir })
try {
  await migrate(client)
  const records: RawRecord[] = Array.from({ length: total }, (_, i) => ({
    bytes: Buffer.from(JSON.stringify(event(i))),
    origin: `bench line ${i + 1}`,
  }))
  const pipeline = createPipeline({ writer: createStoreWriter(client), maxEventBytes: 64 * 1024 })

  const started = performance.now()
  for (let i = 0; i < total; i += batchSize) pipeline.prepare('bench', records.slice(i, i + batchSize))
  print('steps', {
    events: total,
    batch: batchSize,
    events_per_s: rate(total, (performance.now() - started) / 1000),
  })

  const whole = await measure(async () => {
    for (let i = 0; i < total; i += batchSize)
      await pipeline.processBatch('bench', records.slice(i, i + batchSize))
  })
  const stored = await countEvents(client)
  if (stored !== total) throw new Error(`stored ${stored} events, expected ${total}`)
  print('pipeline', { events: total, batch: batchSize, ...throughput(total, whole) })
  await storageFigures(client, total)

  if (withKafka) {
    await truncate(client)
    const broker = await startKafka({ numPartitions: 4 })
    const topic = 'bench.access'
    await createTopic(broker.brokers, topic, 4)
    const kt = await connectKafka(broker.brokers)
    try {
      await kt.produce(
        topic,
        records.map((r) => Buffer.from(r.bytes)),
        (i) => `principal-${i % 997}`,
      )
      const kafkaPipeline = createPipeline({ writer: createStoreWriter(client), maxEventBytes: 64 * 1024 })
      const source = createKafkaSource(
        {
          brokers: [broker.brokers],
          topic,
          group_id: 'bench',
          client_id: 'bench',
          from_beginning: true,
          max_bytes: 8 * 1024 * 1024,
          max_in_flight_batches: 2,
        },
        { pipeline: kafkaPipeline, log: { info() {}, warn: console.warn, error: console.error } },
      )
      const consumed = await measure(async () => {
        await source.start()
        await waitFor(
          'the bench topic consumed',
          async () => (await kt.committed('bench', topic)) === total,
          600_000,
        )
      })
      await source.stop()
      print('kafka', { events: total, stored: await countEvents(client), ...throughput(total, consumed) })
      consumeOnlyMicros = await consumeOnly(kt, topic)
    } finally {
      await kt.close()
      await broker.stop()
    }
  }
  await formatFigures(client)
  await floorFigures(client)
} finally {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
}
