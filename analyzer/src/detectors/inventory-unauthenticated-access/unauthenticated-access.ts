// inventory.unauthenticated_access: an endpoint whose successful calls nearly all carry
// credentials (after warm-up) answering 2xx to a request that carried none (principal_kind
// 'none'): a missing auth check, a misrouted gateway rule or a bypass. Flagged answers are kept
// out of the endpoint's share, so an attacker repeating the bypass cannot make it look normal;
// public endpoints (health checks, catalogues) never reach the share and stay silent. 401/403
// answers without credentials are the check working and are not counted at all.
import type { OwaspCategory } from '@gatewatch/schema'
import { KeyedState } from '../state.js'
import { isSuccess, pushSample } from '../token.js'
import { endpointOf } from '../traffic/source.js'
import type { DetectorInstance } from '../types.js'
import { formatSources, n } from '../volume-rate/minute-sources.js'
import type { UnauthenticatedAccessConfig } from './config.js'

export const UNAUTHENTICATED_ACCESS = 'inventory.unauthenticated_access'
const DAY = 86_400_000
/** Counts are halved past this many calls, so the share follows a change of policy within weeks. */
const HALVE_AT = 100_000
const MAX_IPS = 20

interface AuthShare {
  authenticated: number
  total: number
  firstTs: number
  flagged: number
  flaggedFirst: number
  flaggedLast: number
  emitted: number
  ips: Record<string, number>
  samples: string[]
}

/** API5 when the endpoint is a write or admin function, else API2 (authentication not enforced). */
function owaspOf(method: string, route: string): OwaspCategory {
  const functionLevel = (method !== 'GET' && method !== 'HEAD') || /\/admin(\/|$)/.test(route)
  return functionLevel ? 'API5:2023 Broken Function Level Authorization' : 'API2:2023 Broken Authentication'
}

export function createUnauthenticatedAccess(config: UnauthenticatedAccessConfig): DetectorInstance {
  const endpoints = new KeyedState<AuthShare>({
    maxKeys: config.max_endpoints,
    idleMs: config.idle_days * DAY,
  })
  const warmupMs = config.warmup_hours * 3_600_000
  let evictedAt = Number.NEGATIVE_INFINITY

  return {
    onEvent(e, ctx) {
      if (!isSuccess(e.status)) return
      const endpoint = endpointOf(e)
      const s = endpoints.touch(endpoint, e.ts, () => ({
        authenticated: 0,
        total: 0,
        firstTs: e.ts,
        flagged: 0,
        flaggedFirst: 0,
        flaggedLast: 0,
        emitted: 0,
        ips: {},
        samples: [],
      }))
      const anonymous = e.principal_kind === 'none'
      const share = s.total > 0 ? s.authenticated / s.total : 0
      const warm = s.total >= config.min_calls && e.ts - s.firstTs >= warmupMs
      if (!(anonymous && warm && share >= config.min_auth_share)) {
        s.total++
        if (!anonymous) s.authenticated++
        if (s.total > HALVE_AT) {
          s.total /= 2
          s.authenticated /= 2
        }
        return
      }
      s.flagged++
      if (s.flagged === 1) s.flaggedFirst = e.ts
      s.flaggedLast = Math.max(s.flaggedLast, e.ts)
      const seen = s.ips[e.client_ip]
      if (seen !== undefined) s.ips[e.client_ip] = seen + 1
      else if (Object.keys(s.ips).length < MAX_IPS) s.ips[e.client_ip] = 1
      pushSample(s.samples, e.event_id)
      const severity = s.flagged >= config.high_after ? 'high' : 'medium'
      // first answer, every doubling, and the step to high
      if (s.flagged < 2 * s.emitted && s.flagged !== config.high_after) return
      s.emitted = s.flagged
      const pct = (100 * share).toFixed(1)
      ctx.emit({
        type: UNAUTHENTICATED_ACCESS,
        severity,
        owasp: owaspOf(e.method, e.route),
        subject: { kind: 'endpoint', id: endpoint },
        first_seen: s.flaggedFirst,
        last_seen: s.flaggedLast,
        summary:
          `${endpoint} answered ${n(s.flagged)} request${s.flagged === 1 ? '' : 's'} with 2xx and no credentials, ` +
          `where ${pct}% of its ${n(s.total)} successful calls carried credentials.`,
        observed: {
          unauthenticated_2xx: s.flagged,
          client_ips: formatSources(Object.entries(s.ips).sort((a, b) => b[1] - a[1])),
          last_status: e.status,
        },
        expected: {
          authenticated_share: Number(share.toFixed(4)),
          min_auth_share: config.min_auth_share,
          successful_calls: Math.round(s.total),
        },
        sample_event_ids: [...s.samples],
        events: s.flagged,
      })
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
