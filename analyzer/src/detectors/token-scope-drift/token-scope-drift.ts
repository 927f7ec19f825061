// token.scope_drift: an established credential calling endpoints it never called — a stolen
// token being explored with, or a client doing more than it was built for. Sensitive endpoints
// (admin, export, keys...) alert on their first call; others when several appear within a window.
// New endpoints join the history after `learn_after_ms`, so a released feature stops alerting.
import { KeyedState } from '../state.js'
import { API2, credentialOf, principalSubject } from '../token.js'
import { endpointOf } from '../traffic/source.js'
import type { DetectorInstance } from '../types.js'
import type { TokenScopeDriftConfig } from './config.js'

export const TYPE = 'token.scope_drift'

interface NewEndpoint {
  endpoint: string
  first: number
  sample: string
  sensitive: boolean
  status: number
}

interface EndpointHistory {
  first: number
  requests: number
  endpoints: string[]
  fresh: NewEndpoint[]
}

export function createTokenScopeDrift(config: TokenScopeDriftConfig): DetectorInstance {
  const state = new KeyedState<EndpointHistory>({ maxKeys: config.max_keys, idleMs: config.idle_ms })
  const fragments = config.sensitive_routes.map((f) => f.toLowerCase())
  const isSensitive = (route: string) => {
    const lower = route.toLowerCase()
    return fragments.some((f) => lower.includes(f))
  }

  return {
    onEvent(row, ctx) {
      const key = credentialOf(row)
      if (!key) return
      const h = state.touch(key, row.ts, () => ({ first: row.ts, requests: 0, endpoints: [], fresh: [] }))
      h.requests++
      const endpoint = endpointOf(row)
      // Endpoints first called long enough ago are history now.
      while (h.fresh.length && h.fresh[0]!.first <= row.ts - config.learn_after_ms) {
        const learned = h.fresh.shift()!
        if (h.endpoints.length < config.max_endpoints) h.endpoints.push(learned.endpoint)
      }
      if (h.endpoints.includes(endpoint)) return
      const established = h.requests > config.min_requests && row.ts - h.first >= config.min_age_ms
      if (!established) {
        if (h.endpoints.length < config.max_endpoints) h.endpoints.push(endpoint)
        return
      }
      if (h.endpoints.length >= config.max_endpoints) return
      if (h.fresh.some((f) => f.endpoint === endpoint)) return
      const sensitive = isSensitive(row.route)
      h.fresh.push({ endpoint, first: row.ts, sample: row.event_id, sensitive, status: row.status })
      if (h.fresh.length > config.max_endpoints) h.fresh.shift()
      const recent = h.fresh.filter((f) => f.first > row.ts - config.window_ms)
      const sensitiveCount = recent.filter((f) => f.sensitive).length
      if (sensitiveCount === 0 && recent.length < config.min_new_endpoints) return
      const listed = recent
        .slice(-5)
        .map((f) => `${f.endpoint.slice(f.endpoint.indexOf(' ') + 1)} (${f.status})`)
        .join(', ')
      const sample = h.endpoints.slice(0, 3).map((e) => e.slice(e.indexOf(' ') + 1))
      ctx.emit({
        type: TYPE,
        severity: sensitiveCount > 0 ? 'high' : 'medium',
        owasp: API2,
        subject: principalSubject(row),
        first_seen: recent[0]!.first,
        last_seen: row.ts,
        summary:
          `A credential${row.principal_subject ? ` of ${row.principal_subject}` : ''} that called ${h.endpoints.length} endpoint(s) ` +
          `in ${h.requests - recent.length} requests (${sample.join(', ')}) called ${recent.length} new one(s), ` +
          `${sensitiveCount} sensitive: ${listed}.`,
        observed: { new_endpoints: recent.length, sensitive: sensitiveCount, endpoints: listed },
        expected: { known_endpoints: h.endpoints.length, new_endpoints: 0 },
        sample_event_ids: recent.slice(-20).map((f) => f.sample),
        events: recent.length,
      })
    },
    onWatermark(ctx) {
      state.evictIdle(ctx.watermark)
    },
    snapshot: () => state.snapshot(),
    restore: (saved) => state.restore(saved),
    size: () => state.size,
  }
}
