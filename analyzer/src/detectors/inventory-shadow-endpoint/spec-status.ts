// What inventory.shadow_endpoint and inventory.zombie_in_use share: traffic on endpoints whose
// spec status (ctx.inventory) is the one watched, counted per endpoint (calls, 2xx answers, calls
// without credentials, distinct callers in a HyperLogLog) and reported as one alert per endpoint,
// emitted on the first call and again at every doubling or when the severity rises.
import type { OwaspCategory, Severity } from '@gatewatch/schema'
import Type from 'typebox'
import type { EventRow } from '../../store/event-row.js'
import { HyperLogLog, type HyperLogLogSnapshot } from '../sketch.js'
import { KeyedState } from '../state.js'
import { isSuccess, pushSample } from '../token.js'
import { endpointOf } from '../traffic/source.js'
import type { DetectorContext, DetectorInstance, InventoryView } from '../types.js'
import { n } from '../volume-rate/minute-sources.js'

const DAY = 86_400_000

export const specStatusFields = {
  max_endpoints: Type.Integer({
    minimum: 1,
    default: 10000,
    description: 'Endpoints counted at once; the least recently called is dropped first.',
  }),
  idle_days: Type.Number({
    exclusiveMinimum: 0,
    default: 30,
    description:
      'An endpoint without calls for this many days (event time) is forgotten (and may alert again).',
  }),
}

export interface EndpointUse {
  calls: number
  ok: number
  unauthenticated: number
  /** 2xx answers to callers without credentials. */
  unauthenticatedOk: number
  callers: HyperLogLog
  firstTs: number
  lastTs: number
  emittedCalls: number
  emittedSeverity: Severity | ''
  samples: string[]
}

type SavedUse = Omit<EndpointUse, 'callers'> & { callers: HyperLogLogSnapshot }

export interface SpecStatusOptions {
  status: ReturnType<InventoryView['specStatus']>
  type: string
  owasp: OwaspCategory
  maxEndpoints: number
  idleDays: number
  /** Responses that say the endpoint does not exist are not use of it. */
  counts(e: EventRow): boolean
  /** Whether the endpoint's use so far is worth an alert (default: any counted call). */
  reportable?(use: EndpointUse): boolean
  severity(use: EndpointUse): Severity
  summary(endpoint: string, use: EndpointUse): string
}

const callerKey = (e: EventRow) => e.principal_fingerprint || e.client_ip

export function createSpecStatusDetector(o: SpecStatusOptions): DetectorInstance {
  const endpoints = new KeyedState<EndpointUse, SavedUse>(
    { maxKeys: o.maxEndpoints, idleMs: o.idleDays * DAY },
    {
      save: (u) => ({ ...u, callers: u.callers.toJSON() }),
      load: (s) => ({ ...s, callers: HyperLogLog.fromJSON(s.callers) }),
    },
  )
  let evictedAt = Number.NEGATIVE_INFINITY

  function report(endpoint: string, use: EndpointUse, ctx: DetectorContext): void {
    if (o.reportable && !o.reportable(use)) return
    const severity = o.severity(use)
    if (use.calls < 2 * use.emittedCalls && severity === use.emittedSeverity) return
    use.emittedCalls = use.calls
    use.emittedSeverity = severity
    ctx.emit({
      type: o.type,
      severity,
      owasp: o.owasp,
      subject: { kind: 'endpoint', id: endpoint },
      first_seen: use.firstTs,
      last_seen: use.lastTs,
      summary: o.summary(endpoint, use),
      observed: {
        calls: use.calls,
        success_2xx: use.ok,
        without_credentials: use.unauthenticated,
        distinct_callers: use.callers.count(),
      },
      expected: {
        spec_status: o.status === 'zombie' ? 'documented (not deprecated)' : 'documented',
        calls: 0,
      },
      sample_event_ids: [...use.samples],
      events: use.calls,
    })
  }

  return {
    onEvent(e, ctx) {
      if (!o.counts(e) || ctx.inventory.specStatus(e.service, e.method, e.route) !== o.status) return
      const endpoint = endpointOf(e)
      const use = endpoints.touch(endpoint, e.ts, () => ({
        calls: 0,
        ok: 0,
        unauthenticated: 0,
        unauthenticatedOk: 0,
        callers: new HyperLogLog(8),
        firstTs: e.ts,
        lastTs: e.ts,
        emittedCalls: 0,
        emittedSeverity: '',
        samples: [],
      }))
      use.calls++
      if (isSuccess(e.status)) use.ok++
      if (e.principal_kind === 'none') {
        use.unauthenticated++
        if (isSuccess(e.status)) use.unauthenticatedOk++
      }
      use.callers.add(callerKey(e))
      use.lastTs = Math.max(use.lastTs, e.ts)
      pushSample(use.samples, e.event_id)
      report(endpoint, use, ctx)
    },
    onWatermark(ctx) {
      if (ctx.watermark - evictedAt < DAY / 24) return
      evictedAt = ctx.watermark
      endpoints.evictIdle(ctx.watermark)
    },
    snapshot: () => endpoints.snapshot(),
    restore: (state) => endpoints.restore(state),
    size: () => endpoints.size,
  }
}

/** "12 calls (10 answered 2xx, 3 without credentials) from 4 callers since 2026-01-15T12:00". */
export const describeUse = (u: EndpointUse): string =>
  `${n(u.calls)} call${u.calls === 1 ? '' : 's'} (${n(u.ok)} answered 2xx, ${n(u.unauthenticated)} without credentials) ` +
  `from ${n(u.callers.count())} caller${u.callers.count() === 1 ? '' : 's'} since ${new Date(u.firstTs).toISOString().slice(0, 16)} UTC`
