import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

const MINUTE = 60_000

export const TokenConcurrentNetworksConfig = Type.Object(
  {
    enabled: enabledField(),
    max_keys: maxKeysField(),
    idle_ms: idleField(60 * MINUTE),
    window_ms: Type.Integer({
      minimum: 1000,
      default: 5 * MINUTE,
      description: 'Event-time window (ms) in which activity from several networks counts as at once.',
    }),
    max_networks: Type.Integer({
      minimum: 2,
      default: 3,
      description: 'Networks active within window_ms from which one credential is suspicious.',
    }),
    travel_window_ms: Type.Integer({
      minimum: 1000,
      default: 30 * MINUTE,
      description: 'Requests from two countries closer together than this (ms) count as impossible travel.',
    }),
    min_requests_per_network: Type.Integer({
      minimum: 1,
      default: 2,
      description: 'Requests from a network inside the window before it counts as active there.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description:
      'token.concurrent_networks: one credential active from several networks at once, or impossible travel.',
  },
)
export type TokenConcurrentNetworksConfig = Static<typeof TokenConcurrentNetworksConfig>
