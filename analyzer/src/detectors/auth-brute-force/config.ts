// Config of auth.brute_force: the login endpoints, how many failures against one user name from
// one source, the window and the state bounds.
import Type, { type Static } from 'typebox'
import { enabledField, maxKeysField } from '../fields.js'
import { LoginFields } from '../traffic/login.js'

export const BruteForceConfig = Type.Object(
  {
    enabled: enabledField(),
    ...LoginFields,
    window_ms: Type.Integer({
      minimum: 60_000,
      default: 900_000,
      description: 'Width of the event-time window (ms); counts cover one to two widths.',
    }),
    min_failures: Type.Integer({
      minimum: 2,
      default: 10,
      description:
        'Failed logins for one user name (or one unnamed form login) from one client IP, at least.',
    }),
    max_keys: maxKeysField(20_000),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'auth.brute_force: many failed logins for one user name from one source.',
  },
)
export type BruteForceConfig = Static<typeof BruteForceConfig>
