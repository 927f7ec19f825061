// Detection cost, in one run on one embedded ClickHouse: the same traffic (many credentials, real
// public IPs so enrichment finds countries and ASNs) through the whole pipeline with detection off
// and with every detector on, alternated three times, best of each, one batch after the other; then
// through a real broker and the Kafka source (the analyzer's ingest path), alternated twice; then
// the detector state memory for 100,000 credentials (heap after GC) and the size of its saved
// snapshot.
// Run: node --expose-gc --import tsx analyzer/bench/detect.ts [events=100000] [batch=10000] [principals=100000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTopic, startKafka } from '@gatewatch/infra'
import type { AccessEvent } from '@gatewatch/schema'
import Value from 'typebox/value'
import { createAlertStore } from '../src/alerts/store.js'
import { DetectionConfig, DetectorsConfig } from '../src/detectors/config.js'
import { createDetectionEngine } from '../src/detectors/engine.js'
import { detectorDefinitions } from '../src/detectors/registry.js'
import { detectorConfig } from '../src/detectors/testing.js'
import type { DetectorContext } from '../src/detectors/types.js'
import { createEnricher } from '../src/enrich/enricher.js'
import { createPipeline, type RawRecord } from '../src/pipeline/pipeline.js'
import { createKafkaSource } from '../src/sources/kafka/index.js'
import { createStoreClient } from '../src/store/client.js'
import { toEventRow } from '../src/store/event-row.js'
import { migrate } from '../src/store/migrate.js'
import { createStoreWriter } from '../src/store/writer.js'
import { connectKafka, waitFor } from '../src/testing/kafka.js'

const total = Number(process.argv[2] ?? 100_000)
const batchSize = Number(process.argv[3] ?? 10_000)
const principals = Number(process.argv[4] ?? 100_000)
const START = Date.UTC(2026, 10, 2)
// Public networks of several countries and providers.
const networks = [
  '81.2.69.',
  '8.8.8.',
  '1.1.1.',
  '185.199.108.',
  '151.101.1.',
  '104.16.0.',
  '77.88.55.',
  '200.160.2.',
]
const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'python-requests/2.32.3',
  'okhttp/4.12.0',
]
const routes = [
  '/v1/orders/{n}',
  '/v1/users/{n}/cart',
  '/v2/products/{n}',
  '/v1/admin/export',
  '/users/me',
  '/login',
]

function event(i: number, run: number): AccessEvent {
  const p = (i * 7919) % 5000
  return {
    v: 1,
    event_id: (BigInt(i + run * 10_000_000) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32),
    ts: START + i * 50,
    collector: 'bench',
    service: `svc-${i % 4}`,
    host: 'api.bench.test',
    method: i % 5 === 0 ? 'POST' : 'GET',
    path: routes[(i + p) % routes.length]!.replace('{n}', String(i % 5000)),
    query: '',
    status: i % 20 === 0 ? 500 : i % 7 === 0 ? 404 : 200,
    latency_ms: (i % 250) + 0.5,
    request_bytes: 120,
    response_bytes: 2048 + (i % 64) * 100,
    client_ip: `${networks[(p + (i % 97 === 0 ? 3 : 0)) % networks.length]}${(i % 250) + 1}`,
    forwarded_for: [],
    user_agent: agents[p % agents.length]!,
    principal:
      i % 10 === 0
        ? { kind: 'none' }
        : {
            kind: 'jwt',
            fingerprint: p.toString(16).padStart(16, '0'),
            subject: `user-${p}`,
            exp: Math.floor((START + i * 50) / 1000) + (i % 1000 === 1 ? -3600 : 3600),
            alg: 'RS256',
          },
  }
}

const records = (run: number): RawRecord[] =>
  Array.from({ length: total }, (_, i) => ({
    bytes: Buffer.from(JSON.stringify(event(i, run))),
    origin: `bench ${i}`,
  }))

const dir = mkdtempSync(join(tmpdir(), 'gatewatch-bench-detect-'))
const client = createStoreClient({ dataDir: dir })
const rate = (n: number, s: number) => Math.round(n / s)
try {
  await migrate(client)
  const enricher = createEnricher()
  const writer = createStoreWriter(client)
  const detection = Value.Default(DetectionConfig, {}) as DetectionConfig
  const detectors = Value.Default(DetectorsConfig, {}) as Parameters<
    typeof createDetectionEngine
  >[0]['detectors']
  /** The enriched pipeline, with every detector behind it when `mode` is on. */
  const pipelineFor = (mode: 'off' | 'on') => {
    const engine =
      mode === 'on'
        ? createDetectionEngine({ client, alerts: createAlertStore(client), detection, detectors })
        : undefined
    const pipeline = createPipeline({
      writer,
      maxEventBytes: 64 * 1024,
      enrich: enricher.enrich,
      ...(engine ? { afterStore: engine.afterStore } : {}),
    })
    return { engine, pipeline }
  }
  const runs: Record<'off' | 'on', number[]> = { off: [], on: [] }
  let run = 0
  let alerts = 0
  // Three pairs; the first of each kind also warms the JIT, so the best of each is compared.
  for (const mode of ['off', 'on', 'off', 'on', 'off', 'on'] as const) {
    const input = records(++run)
    const { engine, pipeline } = pipelineFor(mode)
    const started = performance.now()
    let accepted = 0
    for (let i = 0; i < total; i += batchSize) {
      accepted += (await pipeline.processBatch(`bench-${run}`, input.slice(i, i + batchSize))).accepted
    }
    if (accepted !== total) throw new Error(`run ${run}: ${accepted} of ${total} events accepted`)
    const seconds = (performance.now() - started) / 1000
    runs[mode].push(rate(total, seconds))
    if (engine) {
      alerts = engine.stats().findings
      await engine.stop()
    }
  }
  const off = Math.max(...runs.off)
  const on = Math.max(...runs.on)

  // The same through the analyzer's own ingest path: a real broker (4 partitions, events keyed by
  // credential, else client IP, as the collector keys them) and the Kafka source with two
  // partitions' batches in flight, so one partition's detection runs while another's insert does.
  const kafkaRuns: Record<'off' | 'on', number[]> = { off: [], on: [] }
  const broker = await startKafka({ numPartitions: 4 })
  const kt = await connectKafka(broker.brokers)
  try {
    for (const mode of ['off', 'on', 'off', 'on'] as const) {
      const r = ++run
      const topic = `bench.detect.${r}`
      await createTopic(broker.brokers, topic, 4)
      await kt.produce(
        topic,
        records(r).map((x) => Buffer.from(x.bytes)),
        (i) => {
          const e = event(i, r)
          return e.principal.fingerprint ?? e.client_ip
        },
      )
      const { engine, pipeline } = pipelineFor(mode)
      const group = `bench-detect-${r}`
      const source = createKafkaSource(
        {
          brokers: [broker.brokers],
          topic,
          group_id: group,
          client_id: 'bench',
          from_beginning: true,
          max_bytes: 8 * 1024 * 1024,
          max_in_flight_batches: 2,
        },
        { pipeline, log: { info() {}, warn: console.warn, error: console.error } },
      )
      const started = performance.now()
      await source.start()
      await waitFor(
        'the bench topic consumed',
        async () => (await kt.committed(group, topic)) === total,
        600_000,
      )
      kafkaRuns[mode].push(rate(total, (performance.now() - started) / 1000))
      await source.stop()
      await engine?.stop()
    }
  } finally {
    await kt.close()
    await broker.stop()
  }
  const kafkaOff = Math.max(...kafkaRuns.off)
  const kafkaOn = Math.max(...kafkaRuns.on)

  // State memory: every detector fed 3 requests of each of `principals` credentials.
  const gc = (globalThis as { gc?: () => void }).gc
  const instances = detectorDefinitions.map((d) => d.create(detectorConfig(d) as never))
  const ctx: DetectorContext & { watermark: number } = {
    watermark: 0,
    emit: () => {},
    inventory: { specStatus: () => 'unspecified' },
  }
  for (let i = 0; i < principals * 3; i++) {
    const e = event(i, 99)
    const row = enricher.enrich(
      toEventRow(
        {
          ...e,
          principal: {
            kind: 'jwt',
            fingerprint: (i % principals).toString(16).padStart(16, '0'),
            subject: `u${i % principals}`,
          },
        },
        e.path,
      ),
    )
    row.ts = START + Math.floor(i / principals) * 60_000 + (i % principals)
    ctx.watermark = row.ts
    for (const instance of instances) instance.onEvent(row, ctx)
  }
  gc?.()
  const withState = process.memoryUsage().heapUsed
  const snapshotBytes = instances.reduce((n, i) => n + JSON.stringify(i.snapshot()).length, 0)
  const keys = instances.reduce((n, i) => n + i.size(), 0)
  gc?.()
  // Measured as what the heap gives back when each detector's state is dropped, so other garbage
  // does not count.
  const perDetector: Record<string, number> = {}
  let held = process.memoryUsage().heapUsed
  for (let d = 0; d < detectorDefinitions.length; d++) {
    instances[d] = undefined as never
    gc?.()
    const now = process.memoryUsage().heapUsed
    perDetector[detectorDefinitions[d]!.name] = Number(((held - now) / 1024 / 1024).toFixed(1))
    held = now
  }
  const bytes = withState - held
  console.log(
    JSON.stringify({
      events: total,
      batch: batchSize,
      detectors: detectorDefinitions.length,
      ingest_events_per_s_detection_off: runs.off,
      ingest_events_per_s_detection_on: runs.on,
      best_off: off,
      best_on: on,
      ingest_drop_percent: Number((((off - on) / off) * 100).toFixed(1)),
      ingest_drop_percent_by_pair: runs.on.map((v, i) =>
        Number((((runs.off[i]! - v) / runs.off[i]!) * 100).toFixed(1)),
      ),
      findings_in_last_on_run: alerts,
      kafka_ingest_events_per_s_detection_off: kafkaRuns.off,
      kafka_ingest_events_per_s_detection_on: kafkaRuns.on,
      kafka_ingest_drop_percent: Number((((kafkaOff - kafkaOn) / kafkaOff) * 100).toFixed(1)),
      state_principals: principals,
      state_keys: keys,
      state_heap_mb: Number((bytes / 1024 / 1024).toFixed(1)),
      state_heap_mb_by_detector: perDetector,
      state_snapshot_mb: Number((snapshotBytes / 1024 / 1024).toFixed(1)),
      gc_exposed: gc !== undefined,
    }),
  )
} finally {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
}
