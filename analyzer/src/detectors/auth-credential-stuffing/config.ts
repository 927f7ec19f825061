// Config of auth.credential_stuffing: the login endpoints, the per-source and per-endpoint
// thresholds, the window and the state bounds.
import Type, { type Static } from 'typebox'
import { enabledField, maxKeysField } from '../fields.js'
import { LoginFields } from '../traffic/login.js'

export const CredentialStuffingConfig = Type.Object(
  {
    enabled: enabledField(),
    ...LoginFields,
    window_ms: Type.Integer({
      minimum: 60_000,
      default: 600_000,
      description: 'Width of the event-time window (ms); counts cover one to two widths.',
    }),
    min_source_failures: Type.Integer({
      minimum: 1,
      default: 10,
      description:
        'Failed logins from one client IP in the window, at least, across min_identities identities.',
    }),
    min_identities: Type.Integer({
      minimum: 2,
      default: 5,
      description: 'Distinct user names or credential fingerprints those failures used, at least.',
    }),
    min_endpoint_failures: Type.Integer({
      minimum: 1,
      default: 40,
      description: 'Failed logins on one endpoint in the window for the distributed (many-IP) finding.',
    }),
    min_endpoint_ips: Type.Integer({
      minimum: 2,
      default: 15,
      description: 'Distinct client IPs among those failures, at least.',
    }),
    min_endpoint_failure_share: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.5,
      description: 'Share of the endpoint’s login attempts that failed in the window, at least.',
    }),
    baseline_factor: Type.Number({
      minimum: 1,
      default: 3,
      description:
        'Endpoint failures must also exceed this multiple of its usual failures per window (EWMA).',
    }),
    max_keys: maxKeysField(20_000),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'auth.credential_stuffing: failed logins across many identities, from one IP or from many.',
  },
)
export type CredentialStuffingConfig = Static<typeof CredentialStuffingConfig>
