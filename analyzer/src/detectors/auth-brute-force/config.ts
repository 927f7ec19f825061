// Config of auth.brute_force: the login endpoints, how many failures against one user name from
// one source, the window and the state bounds.
import Type, { type Static } from 'typebox'
import { LoginFields } from '../traffic/login.js'

export const BruteForceConfig = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'Run auth.brute_force.' }),
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
    max_keys: Type.Integer({
      minimum: 1,
      default: 20_000,
      description: '(client IP, user name) pairs held at most; the least recently seen is evicted first.',
    }),
  },
  {
    additionalProperties: false,
    description: 'auth.brute_force: many failed logins for one user name from one source.',
  },
)
export type BruteForceConfig = Static<typeof BruteForceConfig>
