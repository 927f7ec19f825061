import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

const HOUR = 60 * 60 * 1000

export const DEFAULT_SENSITIVE_ROUTES = [
  'admin',
  'internal',
  'debug',
  'export',
  'config',
  'secret',
  'keys',
  'token',
  'billing',
  'payment',
  'users',
]

export const TokenScopeDriftConfig = Type.Object(
  {
    enabled: enabledField(),
    max_keys: maxKeysField(),
    idle_ms: idleField(30 * 24 * HOUR),
    min_requests: Type.Integer({
      minimum: 1,
      default: 100,
      description: 'Requests a credential makes before its endpoints count as its history (warm-up).',
    }),
    min_age_ms: Type.Integer({
      minimum: 0,
      default: 24 * HOUR,
      description: 'Event time (ms) from a credential’s first request to the end of its warm-up.',
    }),
    min_new_endpoints: Type.Integer({
      minimum: 1,
      default: 3,
      description:
        'New, not sensitive endpoints within window_ms before alerting (a sensitive one alerts alone).',
    }),
    window_ms: Type.Integer({
      minimum: 1000,
      default: HOUR,
      description: 'Event-time window (ms) in which new endpoints are counted together.',
    }),
    learn_after_ms: Type.Integer({
      minimum: 1000,
      default: 7 * 24 * HOUR,
      description: 'Event time (ms) after its first call when a new endpoint joins the credential’s history.',
    }),
    max_endpoints: Type.Integer({
      minimum: 1,
      default: 128,
      description:
        'Endpoints remembered per credential; a credential that calls more is broad by design and not judged.',
    }),
    sensitive_routes: Type.Array(
      Type.String({ minLength: 1, description: 'A route fragment, matched case-insensitively.' }),
      {
        default: DEFAULT_SENSITIVE_ROUTES,
        description:
          'Route fragments that make an endpoint sensitive (alerted on first call, high severity).',
      },
    ),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'token.scope_drift: an established credential calling endpoints outside its history.',
  },
)
export type TokenScopeDriftConfig = Static<typeof TokenScopeDriftConfig>
