// The Kafka source under faults, against a real broker and real embedded ClickHouse: a second
// analyzer joining and leaving the group mid-stream, an insert that succeeded but was never
// acknowledged, a store that hangs then fails, an analyzer process killed with SIGKILL and
// restarted, and event-time lateness that survives a restart and replays exactly as it ran live.
// Each case checks what an operator would: committed offsets, raw rows = distinct ids (nothing
// inserted twice), the rollups' totals equal to them (no materialized view double counted), and
// the dead letters by reason.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createTopic, type KafkaBroker, startKafka } from '@gatewatch/infra'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listEndpoints } from '../../inventory/endpoints.js'
import { Templater } from '../../inventory/templater.js'
import { createPipeline, type PipelineDeps } from '../../pipeline/pipeline.js'
import { createStoreClient, type StoreClient } from '../../store/client.js'
import { migrate } from '../../store/migrate.js'
import { createStoreWriter, type StoreWriter } from '../../store/writer.js'
import {
  connectKafka,
  exactCounts,
  type KafkaTestClient,
  makeEvent,
  type StoreCounts,
  storeCounts,
  T0,
  tempDir,
  waitFor,
} from '../../testing/index.js'
import type { KafkaConfig } from './config.js'
import { createKafkaSource, decodeOffsetMetadata } from './kafka-source.js'

const PARTITIONS = 4
const dir = tempDir()
let broker: KafkaBroker
let kt: KafkaTestClient
let client: StoreClient
const children: ChildProcess[] = []
const silent = { info() {}, warn() {}, error() {} }

beforeAll(async () => {
  broker = await startKafka({ numPartitions: PARTITIONS })
  kt = await connectKafka(broker.brokers)
  client = createStoreClient({ dataDir: join(dir.path, 'ch') })
  await migrate(client)
})

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  await kt?.close()
  await client?.close()
  await broker?.stop()
  dir.remove()
})

// Every table a test empties: the events, the dead letters and every rollup their views feed.
const ROLLED_UP_TABLES = [
  'events',
  'dead_letters',
  'endpoint_minute',
  'endpoint_day',
  'endpoint_total',
  'principal_hour',
  'principal_day',
  'principal_total',
  'ip_hour',
]

beforeEach(async () => {
  for (const table of ROLLED_UP_TABLES) {
    await client.command({ query: `TRUNCATE TABLE ${table}` })
  }
})

function kafkaConfig(topic: string, group: string, overrides: Partial<KafkaConfig> = {}): KafkaConfig {
  return {
    brokers: [broker.brokers],
    topic,
    group_id: group,
    client_id: `test-${group}`,
    from_beginning: true,
    // Small fetches: many batches, so rebalances and kills land mid-stream.
    max_bytes: 32 * 1024,
    max_in_flight_batches: 2,
    ...overrides,
  }
}

/** One analyzer's consuming half (its own pipeline and writer) on the shared store. */
function consumer(
  topic: string,
  group: string,
  options: { writer?: StoreWriter; pipeline?: Partial<PipelineDeps>; kafka?: Partial<KafkaConfig> } = {},
) {
  const stats = { stored: 0, duplicates: 0, batches: 0 }
  const pipeline = createPipeline({
    writer: options.writer ?? createStoreWriter(client),
    maxEventBytes: 64 * 1024,
    observer: {
      batch(_source, r) {
        stats.batches++
        stats.stored += r.accepted - r.duplicates
        stats.duplicates += r.duplicates
      },
    },
    ...options.pipeline,
  })
  const source = createKafkaSource(kafkaConfig(topic, group, options.kafka), {
    pipeline,
    log: silent,
    backoffMs: () => 200,
  })
  return { source, stats, pipeline }
}

/** `n` events (half with a credential) as JSON, ids unique to `prefix`. */
function events(prefix: string, n: number, ts = (i: number) => T0 + i * 100): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify(
      makeEvent(`${prefix}-${i}`, {
        ts: ts(i),
        path: `/v1/orders/${i % 50}`,
        client_ip: `198.51.100.${i % 200}`,
        principal:
          i % 2
            ? { kind: 'none' }
            : { kind: 'api_key', fingerprint: `ab${String(i % 40).padStart(14, '0')}` },
      }),
    ),
  )
}

/** Every 500th record replaced by malformed JSON: `bad` of them. */
function withBad(values: string[]): { stream: string[]; bad: number } {
  const stream = values.map((v, i) => (i % 500 === 250 ? `{"broken": ${i}` : v))
  return { stream, bad: values.filter((_, i) => i % 500 === 250).length }
}

const expected = (stream: string[], bad: number): StoreCounts => {
  const good = stream.length - bad
  // Even indexes carry a credential; a bad one replaced an even index (i % 500 == 250).
  const withPrincipal = stream.filter((v, i) => i % 2 === 0 && !v.startsWith('{"broken"')).length
  return exactCounts(good, withPrincipal, bad ? { invalid_json: bad } : {})
}

describe('Kafka source under faults', () => {
  it('counts exactly while a second analyzer joins the group mid-stream and leaves again', async () => {
    const topic = 'faults.rebalance'
    await createTopic(broker.brokers, topic, PARTITIONS)
    const { stream, bad } = withBad(events('rebalance', 20_000))
    const first = consumer(topic, 'g-rebalance')
    const second = consumer(topic, 'g-rebalance')
    await kt.produce(topic, stream.slice(0, 6000))
    await first.source.start()
    await waitFor('the first analyzer to store some', async () => first.stats.stored > 1000)
    await second.source.start() // joins: the partitions are shared out again mid-stream
    await kt.produce(topic, stream.slice(6000, 14_000))
    await waitFor('the second analyzer to take partitions', async () => second.stats.stored > 1000)
    await second.source.stop() // leaves: its partitions go back to the first
    await kt.produce(topic, stream.slice(14_000))
    await waitFor(
      'every offset committed',
      async () => (await kt.committed('g-rebalance', topic)) === stream.length,
    )
    await first.source.stop()
    expect(await storeCounts(client)).toEqual(expected(stream, bad))
    expect(first.stats.stored + second.stats.stored).toBe(stream.length - bad)
  })

  it('stores a batch once when its insert succeeded but the offset was never committed', async () => {
    const topic = 'faults.lost-ack'
    await createTopic(broker.brokers, topic, PARTITIONS)
    const { stream, bad } = withBad(events('lost-ack', 3000))
    const real = createStoreWriter(client)
    let lost = 0
    // Every third write is stored and then reported failed, like a crash between insert and commit.
    const writer: StoreWriter = {
      async write(batch) {
        const written = await real.write(batch)
        if (++lost % 3 === 1) throw new Error('connection reset after the insert')
        return written
      },
    }
    const c = consumer(topic, 'g-lost-ack', { writer })
    await kt.produce(topic, stream)
    await c.source.start()
    await waitFor(
      'every offset committed',
      async () => (await kt.committed('g-lost-ack', topic)) === stream.length,
    )
    await c.source.stop()
    expect(c.stats.duplicates).toBeGreaterThan(0) // the retries did meet stored events
    expect(await storeCounts(client)).toEqual(expected(stream, bad))
  })

  it('commits nothing while the store hangs and then fails, and stores everything once it is back', async () => {
    const topic = 'faults.hang'
    await createTopic(broker.brokers, topic, PARTITIONS)
    const releases: (() => void)[] = []
    let hanging = true
    let hung = 0
    // The store client as seen by the writer: inserts hang until released, then fail (a timeout).
    const hangingClient = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === 'insert' && hanging) {
          return async () => {
            hung++
            await new Promise<void>((resolve) => releases.push(resolve))
            throw new Error('insert timed out')
          }
        }
        return Reflect.get(target, prop, receiver)
      },
    }) as StoreClient
    const c = consumer(topic, 'g-hang', { writer: createStoreWriter(hangingClient) })
    const { stream, bad } = withBad(events('hang', 2000))
    await kt.produce(topic, stream)
    await c.source.start()
    await waitFor('an insert to hang', async () => hung > 0)
    await new Promise((r) => setTimeout(r, 5000))
    expect(await kt.committed('g-hang', topic)).toBe(0)
    expect((await storeCounts(client)).raw).toBe(0)
    hanging = false
    for (const release of releases) release()
    await waitFor(
      'every offset committed',
      async () => (await kt.committed('g-hang', topic)) === stream.length,
    )
    await c.source.stop()
    expect(await storeCounts(client)).toEqual(expected(stream, bad))
  })

  it('keeps the watermark across a restart (offset metadata) and replays exactly as it ran live', async () => {
    const topic = 'faults.late'
    await createTopic(broker.brokers, topic, 1)
    const lateness = { allowedLatenessMs: 60_000 }
    const at = (seconds: number, seed: string) => JSON.stringify(makeEvent(seed, { ts: T0 + seconds * 1000 }))
    const live = consumer(topic, 'g-late', { pipeline: lateness })
    await live.source.start()
    // Live: small sends, each committed before the next, so the batches are small.
    const sends = [
      Array.from({ length: 101 }, (_, s) => at(s, `late-${s}`)), // 0..100 s
      [at(30, 'late-30-again'), at(50, 'ok-50')], // watermark 40 s: 30 is too late, 50 is on time
    ]
    let sent = 0
    for (const values of sends) {
      await kt.produce(topic, values)
      sent += values.length
      await waitFor('the send committed', async () => (await kt.committed('g-late', topic)) === sent)
    }
    await live.source.stop()
    const [metadata] = (await kt.committedMetadata('g-late', topic)).values()
    expect(decodeOffsetMetadata(metadata)).toBe(T0 + 100_000)
    // A fresh process: the watermark comes back from the committed offset, not from memory.
    const restarted = consumer(topic, 'g-late', { pipeline: lateness })
    await restarted.source.start()
    await kt.produce(topic, [at(20, 'after-restart-20'), at(45, 'after-restart-45')])
    sent += 2
    await waitFor('the restart committed', async () => (await kt.committed('g-late', topic)) === sent)
    await restarted.source.stop()
    const liveCounts = await storeCounts(client)
    expect(liveCounts.raw).toBe(103)
    expect(liveCounts.deadLetters).toEqual({ too_late: 2 })
    const liveInventory = await listEndpoints(client, new Templater(), {
      sort: 'route',
      order: 'asc',
      limit: 100,
      offset: 0,
    })

    // Replay: the whole log into an empty store by a new group, in big batches, as fast as it goes.
    for (const table of ROLLED_UP_TABLES) {
      await client.command({ query: `TRUNCATE TABLE ${table}` })
    }
    const replay = consumer(topic, 'g-late-replay', {
      pipeline: lateness,
      kafka: { max_bytes: 8 * 1024 * 1024 },
    })
    await replay.source.start()
    await waitFor('the replay committed', async () => (await kt.committed('g-late-replay', topic)) === sent)
    await replay.source.stop()
    expect(replay.stats.batches).toBeLessThan(live.stats.batches + restarted.stats.batches)
    expect(await storeCounts(client)).toEqual(liveCounts)
    expect(
      await listEndpoints(client, new Templater(), { sort: 'route', order: 'asc', limit: 100, offset: 0 }),
    ).toEqual(liveInventory)
  })
})

describe('an analyzer process killed mid-stream', () => {
  const bin = new URL('../../../bin/gatewatch-analyzer.js', import.meta.url).pathname
  const counts = new URL('../../store/fixtures/counts.ts', import.meta.url).pathname
  const dataDir = join(dir.path, 'killed')

  function startChild(configFile: string): ChildProcess {
    const env = { ...process.env }
    for (const k of Object.keys(env)) if (k.startsWith('GATEWATCH_') || k === 'CLICKHOUSE_URL') delete env[k]
    const child = spawn(process.execPath, [bin, '--config', configFile, '--port', '0'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    children.push(child)
    return child
  }

  it('stores every event exactly once after SIGKILL and a restart on the same data directory', async () => {
    const topic = 'faults.kill'
    const group = 'g-kill'
    await createTopic(broker.brokers, topic, PARTITIONS)
    const configFile = join(dir.path, 'killed.yaml')
    writeFileSync(
      configFile,
      JSON.stringify({
        data_dir: dataDir,
        log_level: 'error',
        admin_token: 'admin-token-for-kill-test-0123',
        kafka: { brokers: [broker.brokers], topic, group_id: group, max_bytes: 256 * 1024 },
      }),
    )
    const { stream, bad } = withBad(events('kill', 30_000))
    await kt.produce(topic, stream.slice(0, 10_000))
    const first = startChild(configFile)
    const producing = kt.produce(topic, stream.slice(10_000))
    await waitFor('some offsets committed', async () => (await kt.committed(group, topic)) >= 8000)
    first.kill('SIGKILL')
    await once(first, 'exit')
    await producing
    const before = await kt.committed(group, topic)
    expect(before).toBeLessThan(stream.length) // killed mid-stream
    const second = startChild(configFile)
    await waitFor('every offset committed', async () => (await kt.committed(group, topic)) === stream.length)
    second.kill('SIGTERM')
    await once(second, 'exit')
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', counts, dataDir])
    expect(JSON.parse(stdout)).toEqual(expected(stream, bad))
  }, 300_000)
})
