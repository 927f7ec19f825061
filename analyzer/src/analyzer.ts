// Composes one analyzer: store client, migrations, pipeline, HTTP app and the Kafka source, with
// start and stop in the right order (stop: no new input, finish batches in flight, close the store).
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { createAlertStore } from './alerts/store.js'
import { DEFAULT_DASHBOARD_DIR } from './api/dashboard.js'
import { createServer, listen } from './api/server.js'
import { type AnalyzerConfig, type AnalyzerConfigInput, parseConfig } from './config.js'
import type { DetectorsConfig } from './detectors/config.js'
import { createDetectionEngine, type DetectionEngine } from './detectors/engine.js'
import { createEnricher, type Enricher } from './enrich/enricher.js'
import { createInventory, type Inventory } from './inventory/inventory.js'
import { type AnalyzerMetrics, createMetrics, registerDetectionMetrics } from './metrics.js'
import { createPipeline, type Pipeline } from './pipeline/pipeline.js'
import { createKafkaSource, type KafkaSource } from './sources/kafka/index.js'
import { createStoreClient, type StoreClient } from './store/client.js'
import { migrate } from './store/migrate.js'
import { applyRetention } from './store/retention.js'
import { repairInterruptedWrites } from './store/rollup-repair.js'
import { createStoreWriter } from './store/writer.js'
import { createWebhookOutbox, type WebhookOutbox } from './webhooks/outbox.js'

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version

export interface Analyzer {
  /** The fastify instance (ready after start); tests call `app.inject()`. */
  app: FastifyInstance
  client: StoreClient
  pipeline: Pipeline
  /** Templater, learned templates, specs and the InventoryView for detectors. */
  inventory: Inventory
  metrics: AnalyzerMetrics
  /** The detection engine fed by the pipeline's afterStore hook (undefined when detection is off). */
  detection: DetectionEngine | undefined
  /** The webhook outbox (undefined without receivers). */
  webhooks: WebhookOutbox | undefined
  config: AnalyzerConfig
  adminToken: string
  ingestToken: string
  /** Which tokens were generated because the config had none (print them once). */
  generated: { adminToken: boolean; ingestToken: boolean }
  /** Migrates the store, readies the app, listens (unless `listen: false`) and starts Kafka. */
  start(options?: { listen?: boolean }): Promise<{ url?: string }>
  /** Reads the enrichment IP tables again (SIGHUP); the old ones stay if the new ones are broken. */
  reloadEnrichment(): { ranges: number }
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
  const inventory = createInventory({
    client,
    options: {
      learnThreshold: config.templates.learn_threshold,
      maxPrefixes: config.templates.max_prefixes,
      keepShare: config.templates.keep_share,
    },
    onError: (err) => app.log.error({ err }, 'Could not store a learned route template.'),
  })
  const alerts = createAlertStore(client)
  const webhooks: WebhookOutbox | undefined =
    config.webhooks.receivers.length > 0
      ? createWebhookOutbox(client, config.webhooks, { warn: (obj, msg) => app.log.warn(obj, msg) })
      : undefined
  let countAlert: (type: string, change: string) => void = () => {}
  const detection = config.detection.enabled
    ? createDetectionEngine({
        client,
        alerts,
        inventory: inventory.view,
        detection: config.detection,
        detectors: config.detectors as DetectorsConfig,
        onAlert: (alert, change) => {
          countAlert(alert.type, change)
          if (webhooks && change !== 'updated') {
            return webhooks.enqueue(alert, change === 'new' ? 'alert.new' : 'alert.escalated')
          }
        },
      })
    : undefined
  if (detection) countAlert = registerDetectionMetrics(metrics.registry, detection.stats)
  // Loaded in start(): the tables take a few seconds to read.
  let enricher: Enricher | undefined
  const pipeline = createPipeline({
    templater: inventory.templater,
    writer,
    enrich: (row) => (enricher ? enricher.enrich(row) : row),
    maxEventBytes: config.ingest.max_event_bytes,
    allowedLatenessMs: config.ingest.allowed_lateness_seconds * 1000,
    observer: metrics.pipeline,
    ...(detection ? { afterStore: detection.afterStore } : {}),
  })
  const app = createServer({
    client,
    alerts,
    pipeline,
    inventory,
    registry: metrics.registry,
    adminToken,
    ingestToken,
    maxBodyBytes: config.ingest.max_body_bytes,
    dashboardDir: config.dashboard_dir ?? DEFAULT_DASHBOARD_DIR,
    version: VERSION,
    logLevel: config.log_level,
  })
  let kafka: KafkaSource | undefined
  let assigned = new Set<number>()
  let stopped: Promise<void> | undefined

  return {
    app,
    client,
    pipeline,
    inventory,
    metrics,
    detection,
    webhooks,
    config,
    adminToken,
    ingestToken,
    generated: { adminToken: !config.admin_token, ingestToken: !config.ingest_token },
    reloadEnrichment() {
      if (!enricher) return { ranges: 0 }
      return enricher.reload()
    },
    async start(options = {}) {
      if (config.enrichment.enabled) {
        enricher ??= createEnricher({
          asnDir: config.enrichment.asn_dir,
          countryDir: config.enrichment.country_dir,
        })
      }
      await migrate(client)
      await applyRetention(client, config.retention_days)
      const repaired = await repairInterruptedWrites(client)
      if (repaired.length > 0) {
        app.log.warn(
          { days: repaired.map((d) => new Date(d).toISOString().slice(0, 10)) },
          'A previous run stopped in the middle of an insert; the rollups of the days it touched were rebuilt from events.',
        )
      }
      await inventory.load()
      await app.ready()
      webhooks?.start()
      const url = options.listen === false ? undefined : await listen(app, config.host, config.port)
      if (config.kafka) {
        kafka = createKafkaSource(config.kafka, {
          pipeline,
          log: app.log,
          onLag: (topic, partition, lag) =>
            metrics.kafkaLag.set({ topic, partition: String(partition) }, lag),
          // Detector state of partitions moved to another analyzer is saved and dropped here.
          onAssignment: async (partitions) => {
            const owned = new Set(partitions)
            const revoked = [...assigned].filter((p) => !owned.has(p))
            assigned = owned
            if (revoked.length) await detection?.release('kafka', revoked)
          },
        })
        await kafka.start()
      }
      return url === undefined ? {} : { url }
    },
    stop() {
      stopped ??= (async () => {
        await kafka?.stop()
        await app.close()
        await inventory.flush()
        // After the last batch (Kafka stopped, HTTP requests answered), before the store closes.
        await detection?.stop()
        await webhooks?.stop()
        await client.close()
      })()
      return stopped
    },
  }
}
