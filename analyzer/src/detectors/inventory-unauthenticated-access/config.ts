// Config of inventory.unauthenticated_access: a normally authenticated endpoint answering 2xx
// without credentials.
import Type, { type Static } from 'typebox'
import { enabledField } from '../fields.js'

export const UnauthenticatedAccessConfig = Type.Object(
  {
    enabled: enabledField(),
    min_calls: Type.Integer({
      minimum: 1,
      default: 200,
      description: 'Successful calls an endpoint needs in its history before it is judged.',
    }),
    warmup_hours: Type.Number({
      minimum: 0,
      default: 1,
      description: 'Event time between an endpoint\u2019s first call and its first judgement.',
    }),
    min_auth_share: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.99,
      description:
        'Share of its successful calls that carried credentials for an endpoint to count as authenticated.',
    }),
    high_after: Type.Integer({
      minimum: 1,
      default: 5,
      description:
        'Unauthenticated 2xx answers after which the alert is high (the bypass repeats), else medium.',
    }),
    max_endpoints: Type.Integer({
      minimum: 1,
      default: 10000,
      description:
        'Endpoints whose authentication share is held; the least recently called is dropped first.',
    }),
    idle_days: Type.Number({
      exclusiveMinimum: 0,
      default: 30,
      description: 'An endpoint without calls for this many days (event time) is forgotten.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description:
      'inventory.unauthenticated_access (API2/API5): 2xx without credentials on an endpoint that normally requires them.',
  },
)
export type UnauthenticatedAccessConfig = Static<typeof UnauthenticatedAccessConfig>
