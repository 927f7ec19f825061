import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

export const TokenExpiredAcceptedConfig = Type.Object(
  {
    enabled: enabledField(),
    max_keys: maxKeysField(),
    idle_ms: idleField(),
    leeway_ms: Type.Integer({
      minimum: 0,
      default: 60_000,
      description: 'Clock skew allowed past a JWT `exp` before an accepted request counts (ms).',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'token.expired_accepted: a JWT past its exp, or signed with alg none, answered 2xx.',
  },
)
export type TokenExpiredAcceptedConfig = Static<typeof TokenExpiredAcceptedConfig>
