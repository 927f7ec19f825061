import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

const HOUR = 60 * 60 * 1000

export const TokenNewNetworkConfig = Type.Object(
  {
    enabled: enabledField(),
    max_keys: maxKeysField(),
    idle_ms: idleField(30 * 24 * HOUR),
    min_requests: Type.Integer({
      minimum: 1,
      default: 50,
      description: 'Requests a credential makes before its networks count as known (warm-up).',
    }),
    min_age_ms: Type.Integer({
      minimum: 0,
      default: 2 * HOUR,
      description: 'Event time (ms) between a credential’s first request and the end of its warm-up.',
    }),
    confirm_requests: Type.Integer({
      minimum: 1,
      default: 3,
      description: 'Requests from one new network before alerting (one stray request is not enough).',
    }),
    learn_after_requests: Type.Integer({
      minimum: 1,
      default: 500,
      description:
        'Requests from a new network after which it becomes one of the credential’s known networks.',
    }),
    max_networks: Type.Integer({
      minimum: 1,
      default: 16,
      description:
        'Known networks kept per credential; a credential that used more roams by design and is not judged.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'token.new_network: an established credential from a network it never used.',
  },
)
export type TokenNewNetworkConfig = Static<typeof TokenNewNetworkConfig>
