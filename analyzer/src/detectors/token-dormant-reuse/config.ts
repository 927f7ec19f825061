import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

const DAY = 24 * 60 * 60 * 1000

export const TokenDormantReuseConfig = Type.Object(
  {
    enabled: enabledField(),
    max_keys: maxKeysField(),
    idle_ms: idleField(180 * DAY),
    dormant_ms: Type.Integer({
      minimum: 60_000,
      default: 30 * DAY,
      description:
        'Silence (event time, ms) after which a credential used again counts as dormant reuse; below idle_ms.',
    }),
    min_prior_requests: Type.Integer({
      minimum: 1,
      default: 10,
      description: 'Requests a credential must have made before its silence for the reuse to matter.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'token.dormant_reuse: a credential silent for a long time used again.',
  },
)
export type TokenDormantReuseConfig = Static<typeof TokenDormantReuseConfig>
