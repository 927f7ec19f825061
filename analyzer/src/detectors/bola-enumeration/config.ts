// Config of bola.enumeration: the window, the distinct-id gate and its baseline, what makes a walk
// (failures mixed in, or sequential ids) and the state bounds.
import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

export const BolaEnumerationConfig = Type.Object(
  {
    enabled: enabledField(),
    window_ms: Type.Integer({
      minimum: 60_000,
      default: 3_600_000,
      description:
        'Width of the event-time window (ms) in which distinct ids are counted; counts cover one to two widths.',
    }),
    min_distinct_ids: Type.Integer({
      minimum: 2,
      default: 15,
      description: 'Distinct object ids of one route one principal must touch in the window, at least.',
    }),
    baseline_factor: Type.Number({
      minimum: 1,
      default: 3,
      description:
        'Distinct ids must also exceed this multiple of the principal’s usual count per window (EWMA).',
    }),
    baseline_alpha: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.3,
      description: 'Weight of the latest closed window in the EWMA baseline.',
    }),
    min_failure_share: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.2,
      description:
        'Share of 403/404 answers that makes a walk (objects that are not the caller’s, or do not exist).',
    }),
    sequential_min_distinct_ids: Type.Integer({
      minimum: 2,
      default: 40,
      description:
        'Distinct ids for a walk that never fails: neighbours (n±1) all answered 2xx (a leaking BOLA).',
    }),
    sequential_share: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.8,
      description: 'Share of numeric ids with a neighbour also requested, for the never-failing walk.',
    }),
    include_anonymous: Type.Boolean({
      default: false,
      description:
        'Also watch callers without a credential (keyed by client IP); object authorization needs a caller.',
    }),
    max_keys: maxKeysField(20_000),
    idle_ms: idleField(7 * 24 * 3_600_000),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'bola.enumeration: one principal walking the object ids of a route.',
  },
)
export type BolaEnumerationConfig = Static<typeof BolaEnumerationConfig>
