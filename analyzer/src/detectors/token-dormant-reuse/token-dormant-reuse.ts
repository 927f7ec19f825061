// token.dormant_reuse: a credential that was used, then silent for longer than `dormant_ms` of
// event time, is used again — a leaked old key or a departed user's token. Worse when the reuse
// comes from a network the credential did not use before its silence.
import { KeyedState } from '../state.js'
import { API2, credentialOf, describeNetwork, networkOf, principalSubject } from '../token.js'
import type { DetectorInstance } from '../types.js'
import type { TokenDormantReuseConfig } from './config.js'

export const TYPE = 'token.dormant_reuse'
const MAX_NETWORKS = 8
const DAY = 24 * 60 * 60 * 1000

interface Usage {
  requests: number
  networks: string[]
}

export function createTokenDormantReuse(config: TokenDormantReuseConfig): DetectorInstance {
  if (config.idle_ms <= config.dormant_ms) {
    throw new Error(
      `detectors.token_dormant_reuse: idle_ms (${config.idle_ms}) must be above dormant_ms (${config.dormant_ms}), or silent credentials are forgotten before they count as dormant`,
    )
  }
  const state = new KeyedState<Usage>({ maxKeys: config.max_keys, idleMs: config.idle_ms })

  return {
    onEvent(row, ctx) {
      const key = credentialOf(row)
      if (!key) return
      const lastSeen = state.lastSeen(key)
      const usage = state.touch(key, row.ts, () => ({ requests: 0, networks: [] }))
      const network = networkOf(row)
      const silence = lastSeen === undefined ? 0 : row.ts - lastSeen
      if (silence >= config.dormant_ms && usage.requests >= config.min_prior_requests) {
        const newNetwork = !usage.networks.includes(network)
        const days = Math.floor(silence / DAY)
        ctx.emit({
          type: TYPE,
          severity: newNetwork ? 'high' : 'medium',
          owasp: API2,
          subject: principalSubject(row),
          first_seen: row.ts,
          last_seen: row.ts,
          summary:
            `A credential${row.principal_subject ? ` of ${row.principal_subject}` : ''} silent for ${days} days ` +
            `(after ${usage.requests} requests) was used again from ${describeNetwork(row)}` +
            `${newNetwork ? ', a network it never used' : ''}; credentials unused for ${Math.round(config.dormant_ms / DAY)} days are expected to stay unused.`,
          observed: { silent_days: days, network, previous_requests: usage.requests },
          expected: {
            max_silent_days: Math.round(config.dormant_ms / DAY),
            known_networks: usage.networks.join(', '),
          },
          sample_event_ids: [row.event_id],
          events: 1,
        })
      }
      usage.requests++
      if (usage.networks.length < MAX_NETWORKS && !usage.networks.includes(network))
        usage.networks.push(network)
    },
    onWatermark(ctx) {
      state.evictIdle(ctx.watermark)
    },
    snapshot: () => state.snapshot(),
    restore: (saved) => state.restore(saved),
    size: () => state.size,
  }
}
