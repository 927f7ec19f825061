// token.new_network: an established credential (past its warm-up) suddenly used from an AS it
// never used; worse from a new country, worst from a new country with a new client. Networks a
// credential keeps using long enough become known, and a credential that roams over many
// networks by design (a mobile fleet, a CI runner pool) is not judged.
import type { Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { KeyedState } from '../state.js'
import { API2, credentialOf, describeNetwork, networkOf, principalSubject, pushSample } from '../token.js'
import type { DetectorInstance } from '../types.js'
import type { TokenNewNetworkConfig } from './config.js'

export const TYPE = 'token.new_network'
const MAX_PENDING = 8
const MAX_AGENTS = 16
const MAX_COUNTRIES = 16

interface PendingNetwork {
  requests: number
  first: number
  samples: string[]
}

interface CredentialHistory {
  first: number
  requests: number
  networks: string[]
  countries: string[]
  agents: string[]
  /** Networks first used after the warm-up, by network. */
  pending: Record<string, PendingNetwork>
}

const clientOf = (row: EventRow) => row.ua_family || row.user_agent.slice(0, 64)

function addBounded(list: string[], value: string, max: number): void {
  if (value && list.length < max && !list.includes(value)) list.push(value)
}

export function createTokenNewNetwork(config: TokenNewNetworkConfig): DetectorInstance {
  const state = new KeyedState<CredentialHistory>({ maxKeys: config.max_keys, idleMs: config.idle_ms })

  function learn(h: CredentialHistory, network: string, row: EventRow): void {
    addBounded(h.networks, network, config.max_networks)
    addBounded(h.countries, row.country, MAX_COUNTRIES)
    addBounded(h.agents, clientOf(row), MAX_AGENTS)
  }

  return {
    onEvent(row, ctx) {
      const key = credentialOf(row)
      if (!key) return
      const h = state.touch(key, row.ts, () => ({
        first: row.ts,
        requests: 0,
        networks: [],
        countries: [],
        agents: [],
        pending: {},
      }))
      h.requests++
      const network = networkOf(row)
      const established = h.requests > config.min_requests && row.ts - h.first >= config.min_age_ms
      const roaming = h.networks.length >= config.max_networks
      if (!established || roaming || h.networks.includes(network)) {
        if (!roaming || h.networks.includes(network)) learn(h, network, row)
        return
      }
      let pending = h.pending[network]
      if (!pending) {
        const names = Object.keys(h.pending)
        if (names.length >= MAX_PENDING) delete h.pending[names[0]!]
        pending = { requests: 0, first: row.ts, samples: [] }
        h.pending[network] = pending
      }
      pending.requests++
      pushSample(pending.samples, row.event_id)
      if (pending.requests >= config.learn_after_requests) {
        delete h.pending[network]
        learn(h, network, row)
      }
      if (pending.requests < config.confirm_requests) return
      const newCountry = row.country !== '' && h.countries.length > 0 && !h.countries.includes(row.country)
      const newClient = !h.agents.includes(clientOf(row))
      const severity: Severity = newCountry
        ? newClient
          ? 'critical'
          : 'high'
        : newClient
          ? 'high'
          : 'medium'
      const what = [newCountry && 'a country', newClient && 'a client'].filter(Boolean)
      const who = row.principal_subject ? `Credential of ${row.principal_subject}` : 'A credential'
      ctx.emit({
        type: TYPE,
        severity,
        owasp: API2,
        subject: principalSubject(row),
        first_seen: pending.first,
        last_seen: row.ts,
        summary:
          `${who} known on ${h.networks.length} network(s) (${h.networks.slice(0, 3).join(', ')}) over ` +
          `${h.requests - pending.requests} requests made ${pending.requests} requests from ${describeNetwork(row)}, ` +
          `a network${what.length ? ` and ${what.join(' and ')}` : ''} it never used.`,
        observed: {
          network,
          country: row.country,
          as_org: row.as_org,
          client: clientOf(row),
          requests_from_network: pending.requests,
        },
        expected: {
          known_networks: h.networks.join(', '),
          known_countries: h.countries.join(', '),
          known_clients: h.agents.slice(0, 5).join(', '),
          history_requests: h.requests - pending.requests,
        },
        sample_event_ids: [...pending.samples],
        events: pending.requests,
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
