// Composes one analyzer: store client, migrations, pipeline, HTTP app and the Kafka source, with
// start and stop in the right order (stop: no new input, finish batches in flight, close the store).
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { DEFAULT_DASHBOARD_DIR } from './api/dashboard.js'
import { createServer, listen } from './api/server.js'
import { type AnalyzerConfig, type AnalyzerConfigInput, parseConfig } from './config.js'
import { type AnalyzerMetrics, createMetrics } from './metrics.js'
import { createPipeline, type Pipeline } from './pipeline/pipeline.js'
import { createKafkaSource, type KafkaSource } from './sources/kafka/index.js'
import { createStoreClient, type StoreClient } from './store/client.js'
import { migrate } from './store/migrate.js'
import { applyRetention } from './store/retention.js'
import { repairInterruptedWrites } from './store/rollup-repair.js'
import { createStoreWriter } from './store/writer.js'

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version

export interface Analyzer {
  /** The fastify instance (ready after start); tests call `app.inject()`. */
  app: FastifyInstance
  client: StoreClient
  pipeline: Pipeline
  metrics: AnalyzerMetrics
  config: AnalyzerConfig
  adminToken: string
  ingestToken: string
  /** Which tokens were generated because the config had none (print them once). */
  generated: { adminToken: boolean; ingestToken: boolean }
  /** Migrates the store, readies the app, listens (unless `listen: false`) and starts Kafka. */
  start(options?: { listen?: boolean }): Promise<{ url?: string }>
  /** Graceful stop: Kafka batch finished and committed, HTTP requests in flight answered, store closed. */
  stop(): Promise<void>
}

const newToken = () => randomBytes(24).toString('base64url')

export function createAnalyzer(input: AnalyzerConfig | AnalyzerConfigInput = {}): Analyzer {
  const config = parseConfig(input)
  const adminToken = config.admin_token ?? newToken()
  const ingestToken = config.ingest_token ?? newToken()
  const metrics = createMetrics()
  const client = createStoreClient({ dataDir: config.data_dir, url: config.clickhouse_url })
  const writer = createStoreWriter(client, metrics.insert)
  const pipeline = createPipeline({
    writer,
    maxEventBytes: config.ingest.max_event_bytes,
    allowedLatenessMs: config.ingest.allowed_lateness_seconds * 1000,
    observer: metrics.pipeline,
  })
  const app = createServer({
    client,
    pipeline,
    registry: metrics.registry,
    adminToken,
    ingestToken,
    maxBodyBytes: config.ingest.max_body_bytes,
    dashboardDir: config.dashboard_dir ?? DEFAULT_DASHBOARD_DIR,
    version: VERSION,
    logLevel: config.log_level,
  })
  let kafka: KafkaSource | undefined
  let stopped: Promise<void> | undefined

  return {
    app,
    client,
    pipeline,
    metrics,
    config,
    adminToken,
    ingestToken,
    generated: { adminToken: !config.admin_token, ingestToken: !config.ingest_token },
    async start(options = {}) {
      await migrate(client)
      await applyRetention(client, config.retention_days)
      const repaired = await repairInterruptedWrites(client)
      if (repaired.length > 0) {
        app.log.warn(
          { days: repaired.map((d) => new Date(d).toISOString().slice(0, 10)) },
          'A previous run stopped in the middle of an insert; the rollups of the days it touched were rebuilt from events.',
        )
      }
      await app.ready()
      const url = options.listen === false ? undefined : await listen(app, config.host, config.port)
      if (config.kafka) {
        kafka = createKafkaSource(config.kafka, {
          pipeline,
          log: app.log,
          onLag: (topic, partition, lag) =>
            metrics.kafkaLag.set({ topic, partition: String(partition) }, lag),
        })
        await kafka.start()
      }
      return url === undefined ? {} : { url }
    },
    stop() {
      stopped ??= (async () => {
        await kafka?.stop()
        await app.close()
        await client.close()
      })()
      return stopped
    },
  }
}
