// bola.enumeration: one principal walking the object ids of one route — far more distinct ids in
// a window than its own EWMA baseline, with 403/404 answers mixed in (objects that are not its
// own) or, for a walk that never fails, sequential ids (n, n+1, ...) all answered 2xx.
import type { Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { memo2 } from '../memo.js'
import { KeyedState, keyedDetector } from '../state.js'
import { pushSample } from '../token.js'
import {
  type Buckets,
  endpointOf,
  ewma,
  newBuckets,
  type Reported,
  rollBuckets,
  type Source,
  sourceOf,
  worthReporting,
} from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import type { BolaEnumerationConfig } from './config.js'
import { objectId } from './object-id.js'

export const BOLA_ENUMERATION = 'bola.enumeration'
const walkKey = memo2((source: string, endpoint: string) => `${source} ${endpoint}`)

interface Window {
  ids: string[]
  requests: number
  ok: number
  denied: number
  first: number
}

interface WalkState {
  subject: Source['subject']
  endpoint: string
  buckets: Buckets<Window>
  /** EWMA of distinct ids per closed window, null until one closed. */
  baseline: number | null
  samples: string[]
  reported: Reported | null
}

/** Share of numeric ids (last id segment) whose neighbour n-1 or n+1 was also requested. */
function sequentialShare(ids: string[]): number {
  const numbers = ids.map((id) => id.slice(id.lastIndexOf('/') + 1)).filter((n) => /^\d{1,15}$/.test(n))
  if (numbers.length === 0) return 0
  const set = new Set(numbers.map(Number))
  let neighboured = 0
  for (const n of set) if (set.has(n - 1) || set.has(n + 1)) neighboured++
  return neighboured / set.size
}

export function createBolaEnumeration(config: BolaEnumerationConfig): DetectorInstance {
  const width = config.window_ms
  const cap = 4 * Math.max(config.min_distinct_ids, config.sequential_min_distinct_ids)
  const walks = new KeyedState<WalkState>({ maxKeys: config.max_keys, idleMs: config.idle_ms })
  const fresh = (): Window => ({ ids: [], requests: 0, ok: 0, denied: 0, first: Number.POSITIVE_INFINITY })

  function onEvent(row: EventRow, ctx: DetectorContext): void {
    if (!row.principal_fingerprint && !config.include_anonymous) return
    const id = objectId(row.route, row.path)
    if (id === null) return
    const source = sourceOf(row)
    const endpoint = endpointOf(row)
    const walk = walks.touch(walkKey(source.key, endpoint), row.ts, () => ({
      subject: source.subject,
      endpoint,
      buckets: newBuckets(row.ts, width, fresh),
      baseline: null,
      samples: [],
      reported: null,
    }))
    const closed = rollBuckets(walk.buckets, row.ts, width, fresh)
    if (closed) {
      const count = closed.ids.length
      walk.baseline = ewma(walk.baseline, count, config.baseline_alpha)
      if (!walk.buckets.previous) {
        walk.samples = []
        walk.reported = null
      }
    }
    const { current, previous } = walk.buckets
    current.requests++
    current.first = Math.min(current.first, row.ts)
    if (row.status >= 200 && row.status < 300) current.ok++
    if (row.status === 403 || row.status === 404) current.denied++
    if (current.ids.length < cap && !current.ids.includes(id)) current.ids.push(id)
    pushSample(walk.samples, row.event_id)

    const baselineGate = walk.baseline === null ? 0 : config.baseline_factor * walk.baseline
    const gate = Math.max(config.min_distinct_ids, baselineGate)
    // Most walks are far below the gate: the union of both windows is built only when it could pass.
    if (current.ids.length + (previous?.ids.length ?? 0) < gate) return
    const ids = previous ? [...new Set([...previous.ids, ...current.ids])] : current.ids
    if (ids.length < gate) return
    const requests = current.requests + (previous?.requests ?? 0)
    const ok = current.ok + (previous?.ok ?? 0)
    const denied = current.denied + (previous?.denied ?? 0)
    const deniedShare = denied / requests
    const sequential = sequentialShare(ids)
    const failingWalk = deniedShare >= config.min_failure_share
    const leakingWalk =
      denied === 0 &&
      ids.length >= config.sequential_min_distinct_ids &&
      sequential >= config.sequential_share
    if (!failingWalk && !leakingWalk) return
    const severity: Severity =
      leakingWalk || (ok > 0 && sequential >= config.sequential_share) ? 'high' : 'medium'
    if (!worthReporting(walk.reported, ids.length, severity)) return
    walk.reported = { events: ids.length, severity }
    const usual = walk.baseline === null ? 'no baseline yet' : `usually ${walk.baseline.toFixed(1)}`
    ctx.emit({
      type: BOLA_ENUMERATION,
      severity,
      owasp: 'API1:2023 Broken Object Level Authorization',
      subject: walk.subject,
      first_seen: Math.min(current.first, previous?.first ?? Number.POSITIVE_INFINITY),
      last_seen: row.ts,
      summary: `${ids.length} distinct ids of ${walk.endpoint} in one window (${usual}, alert above ${Math.max(config.min_distinct_ids, Math.ceil(baselineGate))}), ${Math.round(deniedShare * 100)}% answered 403/404, ${Math.round(sequential * 100)}% sequential.`,
      observed: {
        distinct_ids: ids.length,
        requests,
        ok,
        denied,
        denied_share: Number(deniedShare.toFixed(3)),
        sequential_share: Number(sequential.toFixed(3)),
        endpoint: walk.endpoint,
      },
      expected: {
        distinct_ids_max: Math.max(config.min_distinct_ids, Math.ceil(baselineGate)),
        baseline_distinct_ids: walk.baseline === null ? 'none' : Number(walk.baseline.toFixed(2)),
      },
      sample_event_ids: [...walk.samples],
      events: requests,
    })
  }

  return keyedDetector(walks, onEvent)
}
