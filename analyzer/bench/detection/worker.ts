// One benchmark job in its own process (chdb binds one data directory per process): a fresh
// analyzer with embedded ClickHouse in a temp directory, a seed's scenario run (or the real logs)
// fed through the collector's parser and the analyzer's pipeline, then the alerts read through
// GET /api/v1/alerts and the ground truth resolved against the stored events.
// Run by detection.ts: tsx worker.ts <job.json> <result.json>
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sharedDataPath } from '@gatewatch/infra'
import { catalogueSpecs, createScenarioRun, formatterFor, type GroundTruth } from '@gatewatch/simulator'
import type { FastifyInstance } from 'fastify'
import { createAnalyzer } from '../../src/analyzer.js'
import type { StoreClient } from '../../src/store/client.js'
import { settledAlerts } from './alerts.js'
import { createBatcher, createLineReader, emptyStats, type FeedStats } from './feed.js'
import type { AlertForScoring, ResolvedTruth } from './score.js'

export type Job =
  | { kind: 'seed'; seed: number; count: number; startMs: number; days: number; users: number; batch: number }
  | { kind: 'real-logs'; files: { path: string; format: string }[]; batch: number }

export interface JobResult {
  job: Job
  api: 'present' | 'absent'
  /** Whether the API specs were imported (PUT /api/v1/specs/:service), so spec status is known. */
  specs: 'imported' | 'absent' | 'not_used'
  alerts: AlertForScoring[]
  truths: ResolvedTruth[]
  /** Ground truth as the simulator wrote it, with the event_id the collector gave each attack request. */
  groundTruth: (GroundTruth & { event_ids: string[] })[]
  benignEvents: number
  attackEvents: number
  feed: FeedStats
  ingestMs: number
}

const DAY = 86_400_000
const HMAC_KEY = 'detection-benchmark-key-0123456789'

function forScoring(
  alerts: {
    id: string
    type: string
    subject: { kind: string; id: string }
    first_seen: number
    last_seen: number
    detected_at: number
  }[],
): AlertForScoring[] {
  return alerts.map((a) => ({
    id: a.id,
    type: a.type,
    subject: { kind: a.subject.kind, id: a.subject.id },
    first_seen: a.first_seen,
    last_seen: a.last_seen,
    detected_at: a.detected_at,
  }))
}

interface StoredFacts {
  client_ip: string
  principal_fingerprint: string
  principal_subject: string
  service: string
  method: string
  route: string
}

/** The ids an alert may use for the truth's subject, from what the analyzer stored of its events. */
async function resolve(
  client: StoreClient,
  truth: GroundTruth,
  eventIds: string[],
  times: number[],
): Promise<ResolvedTruth> {
  const rows = (await (
    await client.query({
      query:
        'SELECT DISTINCT client_ip, principal_fingerprint, principal_subject, service, method, route FROM events WHERE event_id IN {ids:Array(String)}',
      query_params: { ids: eventIds },
      format: 'JSONEachRow',
    })
  ).json()) as StoredFacts[]
  const ids = new Set<string>([truth.subject.id])
  const related = new Set<string>()
  for (const r of rows) {
    related.add(r.client_ip)
    related.add(`${r.service} ${r.method} ${r.route}`)
    if (r.principal_fingerprint) related.add(r.principal_fingerprint)
    if (truth.subject.kind === 'principal') {
      if (r.principal_fingerprint) ids.add(r.principal_fingerprint)
      if (r.principal_subject) ids.add(r.principal_subject)
    }
    if (truth.subject.kind === 'endpoint') ids.add(`${r.service} ${r.method} ${r.route}`)
  }
  return {
    id: truth.id,
    type: truth.type,
    subject: { kind: truth.subject.kind, ids: [...ids] },
    related: [...related],
    start: truth.start,
    end: truth.end,
    eventTimes: times,
  }
}

/** Imports the simulated API's OpenAPI documents as an admin would; 'absent' when the analyzer has no such route. */
async function importSpecs(app: FastifyInstance, adminToken: string): Promise<'imported' | 'absent'> {
  for (const [service, spec] of Object.entries(catalogueSpecs())) {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/specs/${service}`,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify(spec),
    })
    if (res.statusCode === 404) return 'absent'
    if (res.statusCode >= 300)
      throw new Error(`PUT /api/v1/specs/${service} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
  }
  return 'imported'
}

async function runJob(job: Job): Promise<JobResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gatewatch-detection-'))
  const adminToken = randomBytes(24).toString('base64url')
  const analyzer = createAnalyzer({
    data_dir: join(dir, 'ch'),
    admin_token: adminToken,
    ingest_token: randomBytes(24).toString('base64url'),
    log_level: 'silent',
  })
  try {
    await analyzer.start({ listen: false })
    const feed = emptyStats()
    const batcher = createBatcher(analyzer.pipeline, 'bench', job.batch, feed)
    let benignEvents = 0
    let attackEvents = 0
    const groundTruth: (GroundTruth & { event_ids: string[] })[] = []
    const attackOf = new Map<string, string>()
    const attackEventsOf = new Map<string, { ids: string[]; times: number[] }>()
    let specs: JobResult['specs'] = 'not_used'
    const started = performance.now()
    if (job.kind === 'seed') {
      specs = await importSpecs(analyzer.app, adminToken)
      const run = createScenarioRun({
        seed: job.seed,
        count: job.count,
        startMs: job.startMs,
        endMs: job.startMs + job.days * DAY,
        users: job.users,
      })
      for (const t of run.truth) {
        const own = { ids: [] as string[], times: [] as number[] }
        attackEventsOf.set(t.id, own)
        groundTruth.push({ ...t, event_ids: own.ids })
        for (const r of t.request_ids) attackOf.set(r, t.id)
      }
      const format = formatterFor('nginx-json')
      const read = createLineReader('nginx-json', `simulated-seed-${job.seed}.log`, HMAC_KEY)
      for (const req of run.requests()) {
        const event = read(format(req), feed)
        if (event === null) continue
        const truthId = attackOf.get(req.requestId)
        if (truthId === undefined) benignEvents++
        else {
          attackEvents++
          const own = attackEventsOf.get(truthId)!
          own.ids.push(event.event_id)
          own.times.push(event.ts)
        }
        await batcher.add(event)
      }
    } else {
      for (const file of job.files) {
        const read = createLineReader(file.format, file.path, HMAC_KEY)
        for (const line of readFileSync(sharedDataPath(...file.path.split('/')), 'utf8').split('\n')) {
          if (line.trim() === '') continue
          const event = read(line, feed)
          if (event === null) continue
          benignEvents++
          await batcher.add(event)
        }
        await batcher.flush()
      }
    }
    await batcher.flush()
    const ingestMs = performance.now() - started
    const read = await settledAlerts(analyzer.app, adminToken)
    const truths: ResolvedTruth[] = []
    for (const t of groundTruth) {
      const own = attackEventsOf.get(t.id)!
      truths.push(await resolve(analyzer.client, t, own.ids, own.times))
    }
    return {
      job,
      api: read.api,
      specs,
      alerts: read.api === 'present' ? forScoring(read.alerts) : [],
      truths,
      groundTruth,
      benignEvents,
      attackEvents,
      feed,
      ingestMs,
    }
  } finally {
    await analyzer.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const [jobFile, resultFile] = process.argv.slice(2)
if (jobFile === undefined || resultFile === undefined) {
  console.error('usage: tsx worker.ts <job.json> <result.json>')
  process.exit(2)
}
const result = await runJob(JSON.parse(readFileSync(jobFile, 'utf8')) as Job)
writeFileSync(resultFile, JSON.stringify(result))
