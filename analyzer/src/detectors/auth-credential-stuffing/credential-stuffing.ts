// auth.credential_stuffing: failed logins across many identities. Per client IP: one source
// failing for many user names or credentials. Per login endpoint: failures spread over many IPs
// (a distributed stuffing run), far above the endpoint's usual failures per window (EWMA).
// Events are partitioned by principal, so the endpoint view is this partition's share of traffic.
import type { AlertSubject, Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { KeyedState } from '../state.js'
import { pushSample } from '../token.js'
import { loginMatcher } from '../traffic/login.js'
import {
  type Buckets,
  endpointOf,
  ewma,
  newBuckets,
  type Reported,
  rollBuckets,
  worthReporting,
} from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import type { CredentialStuffingConfig } from './config.js'

export const CREDENTIAL_STUFFING = 'auth.credential_stuffing'
const owasp = 'API2:2023 Broken Authentication' as const
/** Weight of the latest closed window in an endpoint's failure baseline. */
const BASELINE_ALPHA = 0.3

interface Window {
  attempts: number
  failures: number
  ok: number
  /** Identities (source view) or client IPs (endpoint view), capped. */
  distinct: string[]
  first: number
}

interface Tracked {
  subject: AlertSubject
  buckets: Buckets<Window>
  /** EWMA of failures per closed window (endpoint view), null until one closed. */
  baseline: number | null
  samples: string[]
  reported: Reported | null
}

const fresh = (): Window => ({
  attempts: 0,
  failures: 0,
  ok: 0,
  distinct: [],
  first: Number.POSITIVE_INFINITY,
})

export function createCredentialStuffing(config: CredentialStuffingConfig): DetectorInstance {
  const attemptOf = loginMatcher('auth_credential_stuffing', config)
  const width = config.window_ms
  const sources = new KeyedState<Tracked>({ maxKeys: config.max_keys, idleMs: 2 * width })
  const endpoints = new KeyedState<Tracked>({ maxKeys: config.max_keys, idleMs: 7 * 24 * 3_600_000 })

  /** Adds one attempt to `tracked`; returns the window totals (current and previous bucket). */
  function count(
    tracked: Tracked,
    row: EventRow,
    failed: boolean,
    succeeded: boolean,
    distinct: string,
    cap: number,
  ) {
    const closed = rollBuckets(tracked.buckets, row.ts, width, fresh)
    if (closed) {
      tracked.baseline = ewma(tracked.baseline, closed.failures, BASELINE_ALPHA)
      if (!tracked.buckets.previous) {
        tracked.reported = null
        tracked.samples = []
      }
    }
    const { current, previous } = tracked.buckets
    current.attempts++
    current.first = Math.min(current.first, row.ts)
    if (failed) {
      current.failures++
      pushSample(tracked.samples, row.event_id)
      if (distinct && current.distinct.length < cap && !current.distinct.includes(distinct))
        current.distinct.push(distinct)
    }
    if (succeeded) current.ok++
    return {
      attempts: current.attempts + (previous?.attempts ?? 0),
      failures: current.failures + (previous?.failures ?? 0),
      ok: current.ok + (previous?.ok ?? 0),
      distinct: previous
        ? new Set([...previous.distinct, ...current.distinct]).size
        : current.distinct.length,
      first: Math.min(current.first, previous?.first ?? Number.POSITIVE_INFINITY),
    }
  }

  function report(
    ctx: DetectorContext,
    tracked: Tracked,
    row: EventRow,
    severity: Severity,
    totals: ReturnType<typeof count>,
    summary: string,
    observed: Record<string, number | string>,
    expected: Record<string, number | string>,
  ): void {
    if (!worthReporting(tracked.reported, totals.failures, severity)) return
    tracked.reported = { events: totals.failures, severity }
    ctx.emit({
      type: CREDENTIAL_STUFFING,
      severity,
      owasp,
      subject: tracked.subject,
      first_seen: totals.first,
      last_seen: row.ts,
      summary,
      observed,
      expected,
      sample_event_ids: [...tracked.samples],
      events: totals.failures,
    })
  }

  function onEvent(row: EventRow, ctx: DetectorContext): void {
    const attempt = attemptOf(row)
    if (!attempt) return
    const { failed, succeeded } = attempt

    const source = sources.touch(row.client_ip, row.ts, () => ({
      subject: { kind: 'ip', id: row.client_ip },
      buckets: newBuckets(row.ts, width, fresh),
      baseline: null,
      samples: [],
      reported: null,
    }))
    const bySource = count(
      source,
      row,
      failed,
      succeeded,
      attempt.username || attempt.credential,
      4 * config.min_identities,
    )
    if (bySource.failures >= config.min_source_failures && bySource.distinct >= config.min_identities) {
      // a success among many failed identities: one of the stuffed credentials worked
      const severity: Severity = bySource.ok > 0 ? 'high' : 'medium'
      report(
        ctx,
        source,
        row,
        severity,
        bySource,
        `${bySource.failures} failed logins for ${bySource.distinct} different identities from this IP in one window (${bySource.ok} succeeded), against at most ${config.min_source_failures - 1} for ordinary clients.`,
        {
          failures: bySource.failures,
          identities: bySource.distinct,
          attempts: bySource.attempts,
          succeeded: bySource.ok,
        },
        { failures_max: config.min_source_failures - 1, identities_max: config.min_identities - 1 },
      )
    }

    const endpointId = endpointOf(row)
    const endpoint = endpoints.touch(endpointId, row.ts, () => ({
      subject: { kind: 'endpoint', id: endpointId },
      buckets: newBuckets(row.ts, width, fresh),
      baseline: null,
      samples: [],
      reported: null,
    }))
    const byEndpoint = count(endpoint, row, failed, succeeded, row.client_ip, 4 * config.min_endpoint_ips)
    const usual = endpoint.baseline === null ? 0 : config.baseline_factor * endpoint.baseline
    const share = byEndpoint.failures / byEndpoint.attempts
    if (
      byEndpoint.failures >= Math.max(config.min_endpoint_failures, usual) &&
      byEndpoint.distinct >= config.min_endpoint_ips &&
      share >= config.min_endpoint_failure_share
    ) {
      const severity: Severity = byEndpoint.failures >= 4 * config.min_endpoint_failures ? 'high' : 'medium'
      report(
        ctx,
        endpoint,
        row,
        severity,
        byEndpoint,
        `${byEndpoint.failures} failed logins from ${byEndpoint.distinct} IPs on ${endpointId} in one window (${Math.round(share * 100)}% of attempts), against a usual ${endpoint.baseline?.toFixed(1) ?? 'unknown'} per window.`,
        {
          failures: byEndpoint.failures,
          distinct_ips: byEndpoint.distinct,
          attempts: byEndpoint.attempts,
          failure_share: Number(share.toFixed(3)),
        },
        {
          failures_max: Math.max(config.min_endpoint_failures, Math.ceil(usual)),
          baseline_failures: endpoint.baseline === null ? 'none' : Number(endpoint.baseline.toFixed(2)),
        },
      )
    }
  }

  return {
    onEvent,
    onWatermark: (ctx) => {
      sources.evictIdle(ctx.watermark)
      endpoints.evictIdle(ctx.watermark)
    },
    snapshot: () => ({ sources: sources.snapshot(), endpoints: endpoints.snapshot() }),
    restore: (state) => {
      const s = (state ?? {}) as { sources?: unknown; endpoints?: unknown }
      sources.restore(s.sources)
      endpoints.restore(s.endpoints)
    },
    size: () => sources.size + endpoints.size,
  }
}
