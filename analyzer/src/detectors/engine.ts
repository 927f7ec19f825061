// The detection engine: runs every enabled detector over stored events (from the pipeline's
// afterStore hook), one lane per source partition, in event-time order with that partition's
// watermark; saves and restores each lane's detector state in detector_state; and turns findings
// into grouped alerts (one open alert per type and subject), skipping allowlisted traffic and
// suppressed findings. Nothing here reads the wall clock except state-save pacing and updated_at.
import { BlockList, isIP } from 'node:net'
import type { Alert } from '@gatewatch/schema'
import { alertId, higherSeverity, mergeFinding, newAlert } from '../alerts/group.js'
import type { AlertStore } from '../alerts/store.js'
import type { StoredBatch } from '../pipeline/pipeline.js'
import type { StoreClient } from '../store/client.js'
import type { EventRow } from '../store/event-row.js'
import type { DetectionConfig, DetectorsConfig, Suppression } from './config.js'
import { detectorDefinitions } from './registry.js'
import type {
  DetectorContext,
  DetectorDefinition,
  DetectorInstance,
  Finding,
  InventoryView,
} from './types.js'

export type AlertChange = 'new' | 'escalated' | 'updated'

export interface DetectionEngineDeps {
  client: StoreClient
  alerts: AlertStore
  detection: DetectionConfig
  detectors: DetectorsConfig
  definitions?: readonly DetectorDefinition<never>[]
  inventory?: InventoryView
  /** Called after an alert was stored: new, escalated (severity went up) or updated. */
  onAlert?: (alert: Alert, change: AlertChange) => Promise<void> | void
  log?: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void }
  now?: () => number
}

export interface DetectionEngine {
  afterStore(batch: StoredBatch): Promise<void>
  /** Saves the state of every lane now. */
  save(): Promise<void>
  /** Saves, then forgets, the lanes of `source` partitions this process no longer owns. */
  release(source: string, partitions: number[]): Promise<void>
  /** Saves every lane; the engine takes no batch after. */
  stop(): Promise<void>
  /** Keys held per detector over all lanes, and the lanes. */
  stats(): { lanes: number; keys: Record<string, number>; findings: number; suppressed: number }
}

interface Running {
  name: string
  instance: DetectorInstance
}

interface Lane {
  source: string
  partition: number
  detectors: Running[]
  watermark: number
  /** Watermark the detectors' onWatermark last saw. */
  notified: number
  savedAt: number
  ctx: DetectorContext
}

export class DetectionConfigError extends Error {
  override readonly name = 'DetectionConfigError'
}

const noSpec: InventoryView = { specStatus: () => 'unspecified' }
const OPEN_ALERTS_CACHED = 10_000
const SECOND = 1000

function blockListOf(cidrs: string[], key: string): BlockList {
  const list = new BlockList()
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/')
    const family = isIP(address ?? '')
    const prefix = Number(bits ?? (family === 6 ? 128 : 32))
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      throw new DetectionConfigError(`${key}: '${cidr}' is not a CIDR such as 10.0.0.0/8 or 2001:db8::/32`)
    }
    list.addSubnet(address!, prefix, family === 6 ? 'ipv6' : 'ipv4')
  }
  return list
}

const inList = (list: BlockList, ip: string) => {
  const family = isIP(ip)
  return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4')
}

const routeMatcher = (patterns: string[]) => {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')))
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1))
  return (route: string) => exact.has(route) || prefixes.some((p) => route.startsWith(p))
}

interface CompiledSuppression {
  matches(finding: Finding): boolean
}

function compileSuppression(rule: Suppression, index: number): CompiledSuppression {
  const key = `detection.suppressions[${index}]`
  const family = rule.type.endsWith('.*') ? rule.type.slice(0, -1) : undefined
  const cidr = rule.cidr ? blockListOf([rule.cidr], `${key}.cidr`) : undefined
  const until = rule.until ? Date.parse(rule.until) : Number.POSITIVE_INFINITY
  return {
    matches(f) {
      if (family ? !f.type.startsWith(family) : f.type !== rule.type) return false
      if (f.last_seen > until) return false
      if (rule.subject && f.subject.id !== rule.subject && f.subject.label !== rule.subject) return false
      if (rule.route && !(f.subject.kind === 'endpoint' && f.subject.id.endsWith(` ${rule.route}`)))
        return false
      if (cidr && !(f.subject.kind === 'ip' && inList(cidr, f.subject.id))) return false
      return true
    },
  }
}

export function createDetectionEngine(deps: DetectionEngineDeps): DetectionEngine {
  const now = deps.now ?? Date.now
  const definitions = deps.definitions ?? detectorDefinitions
  const enabled = definitions.filter(
    (d) => (deps.detectors[d.name] as { enabled?: boolean } | undefined)?.enabled !== false,
  )
  // Fail at start, naming the key, rather than on the first event.
  for (const d of enabled) d.create(deps.detectors[d.name] as never)
  const allowCidrs = blockListOf(deps.detection.allowlist.cidrs, 'detection.allowlist.cidrs')
  const allowPrincipals = new Set(deps.detection.allowlist.principals)
  const allowRoute = routeMatcher(deps.detection.allowlist.routes)
  const suppressions = deps.detection.suppressions.map(compileSuppression)
  const lanes = new Map<string, Lane>()
  const loading = new Map<string, Promise<Lane>>()
  const openAlerts = new Map<string, Alert>()
  let pending: Finding[] = []
  let findings = 0
  let suppressed = 0
  let stopped = false
  let chain: Promise<unknown> = Promise.resolve()

  // A BlockList check parses the address on every call (about 1 µs an event): skipped when empty.
  const anyAllowCidr = deps.detection.allowlist.cidrs.length > 0
  const allowlisted = (row: EventRow) =>
    (anyAllowCidr && inList(allowCidrs, row.client_ip)) ||
    (allowPrincipals.size > 0 &&
      (allowPrincipals.has(row.principal_fingerprint) || allowPrincipals.has(row.principal_subject))) ||
    allowRoute(row.route)

  async function openLane(source: string, partition: number): Promise<Lane> {
    const lane: Lane = {
      source,
      partition,
      detectors: enabled.map((d) => ({ name: d.name, instance: d.create(deps.detectors[d.name] as never) })),
      watermark: Number.NEGATIVE_INFINITY,
      notified: Number.NEGATIVE_INFINITY,
      savedAt: now(),
      ctx: undefined as unknown as DetectorContext,
    }
    lane.ctx = {
      get watermark() {
        return lane.watermark
      },
      emit: (finding) => pending.push(finding),
      inventory: deps.inventory ?? noSpec,
    }
    const result = await deps.client.query({
      query: `SELECT detector, watermark, state FROM detector_state FINAL
              WHERE source = {source:String} AND partition = {partition:Int32}`,
      query_params: { source, partition },
      format: 'JSONEachRow',
    })
    const saved = new Map(
      (await result.json<{ detector: string; watermark: number; state: string }>()).map((r) => [
        r.detector,
        r,
      ]),
    )
    for (const running of lane.detectors) {
      const row = saved.get(running.name)
      if (!row) continue
      try {
        running.instance.restore(JSON.parse(row.state))
        lane.watermark = Math.max(lane.watermark, row.watermark)
      } catch (err) {
        deps.log?.warn(
          { err, detector: running.name, source, partition },
          'Saved detector state could not be restored; the detector starts learning afresh.',
        )
      }
    }
    return lane
  }

  async function laneOf(source: string, partition: number): Promise<Lane> {
    const key = `${source}/${partition}`
    const lane = lanes.get(key)
    if (lane) return lane
    let opening = loading.get(key)
    if (!opening) {
      opening = openLane(source, partition)
      loading.set(key, opening)
    }
    try {
      const opened = await opening
      lanes.set(key, opened)
      return opened
    } finally {
      loading.delete(key)
    }
  }

  async function saveLane(lane: Lane): Promise<void> {
    const version = Date.now() * 1000
    const values = lane.detectors.map((d) => ({
      detector: d.name,
      source: lane.source,
      partition: lane.partition,
      watermark: Number.isFinite(lane.watermark) ? lane.watermark : 0,
      state: JSON.stringify(d.instance.snapshot()),
      version,
    }))
    if (values.length) await deps.client.insert({ table: 'detector_state', values, format: 'JSONEachRow' })
    lane.savedAt = now()
  }

  async function raise(batchFindings: Finding[]): Promise<void> {
    const kept = batchFindings.filter((f) => !suppressions.some((s) => s.matches(f)))
    suppressed += batchFindings.length - kept.length
    if (kept.length === 0) return
    const ids = [...new Set(kept.map((f) => alertId(f.type, f.subject)))]
    const missing = ids.filter((id) => !openAlerts.has(id))
    for (const [id, alert] of await deps.alerts.load(missing)) openAlerts.set(id, alert)
    const changed = new Map<string, { alert: Alert; change: AlertChange }>()
    const at = now()
    for (const f of kept) {
      const id = alertId(f.type, f.subject)
      const before = openAlerts.get(id)
      const after = before ? mergeFinding(before, f, at) : newAlert(f, at)
      const earlier = changed.get(id)?.change
      const change: AlertChange =
        earlier === 'new' || !before || before.status !== 'open'
          ? 'new'
          : earlier === 'escalated' || higherSeverity(before.severity, after.severity) !== before.severity
            ? 'escalated'
            : 'updated'
      openAlerts.delete(id)
      openAlerts.set(id, after)
      changed.set(id, { alert: after, change })
    }
    while (openAlerts.size > OPEN_ALERTS_CACHED) openAlerts.delete(openAlerts.keys().next().value!)
    await deps.alerts.save([...changed.values()].map((c) => c.alert))
    for (const { alert, change } of changed.values()) await deps.onAlert?.(alert, change)
  }

  function notify(lane: Lane): void {
    lane.notified = lane.watermark
    for (const d of lane.detectors) d.instance.onWatermark?.(lane.ctx)
  }

  async function process(batch: StoredBatch): Promise<void> {
    const lane = await laneOf(batch.source, batch.partition)
    const running = lane.detectors
    for (const row of batch.events) {
      if (row.ts > lane.watermark) {
        lane.watermark = row.ts
        // onWatermark runs when the watermark enters a new second of event time (so always on the
        // first event of a new minute, where the minute windows close), not on every event: 20
        // detectors called per event cost more than the detection itself. Idle eviction is then
        // at most a second late; the end of the batch catches up below.
        if (Math.floor(row.ts / SECOND) > Math.floor(lane.notified / SECOND)) notify(lane)
      }
      if (allowlisted(row)) continue
      for (const d of running) d.instance.onEvent(row, lane.ctx)
    }
    if (batch.watermark > lane.watermark) lane.watermark = batch.watermark
    if (lane.watermark > lane.notified) notify(lane)
    const batchFindings = pending
    pending = []
    findings += batchFindings.length
    await raise(batchFindings)
    if (now() - lane.savedAt >= deps.detection.save_interval_ms) await saveLane(lane)
  }

  /** Batches of all partitions pass one at a time: detectors are synchronous and share `pending`. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const next = chain.then(task, task)
    chain = next.catch(() => {})
    return next
  }

  return {
    afterStore(batch) {
      if (stopped) return Promise.reject(new Error('the detection engine is stopped'))
      if (enabled.length === 0 || batch.events.length === 0) return Promise.resolve()
      return serial(() => process(batch))
    },
    save: () =>
      serial(async () => {
        for (const lane of lanes.values()) await saveLane(lane)
      }),
    release: (source, partitions) =>
      serial(async () => {
        for (const partition of partitions) {
          const key = `${source}/${partition}`
          const lane = lanes.get(key)
          if (!lane) continue
          await saveLane(lane)
          lanes.delete(key)
        }
      }),
    async stop() {
      if (stopped) return
      await serial(async () => {
        for (const lane of lanes.values()) await saveLane(lane)
      })
      stopped = true
    },
    stats() {
      const keys: Record<string, number> = {}
      for (const lane of lanes.values()) {
        for (const d of lane.detectors) keys[d.name] = (keys[d.name] ?? 0) + d.instance.size()
      }
      return { lanes: lanes.size, keys, findings, suppressed }
    },
  }
}
