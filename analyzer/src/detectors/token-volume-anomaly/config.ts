import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'

const MINUTE = 60_000

export const TokenVolumeAnomalyConfig = Type.Object(
  {
    enabled: enabledField(),
    max_keys: maxKeysField(),
    idle_ms: idleField(),
    window_ms: Type.Integer({
      minimum: 1000,
      default: 5 * MINUTE,
      description:
        'Tumbling event-time window (ms) whose requests and response bytes are compared with the baseline.',
    }),
    warmup_windows: Type.Integer({
      minimum: 1,
      default: 12,
      description: 'Active windows a credential needs before its baseline may accuse.',
    }),
    warmup_ms: Type.Integer({
      minimum: 0,
      default: 2 * 60 * MINUTE,
      description: 'Event time (ms) from a credential’s first window to the end of its warm-up.',
    }),
    threshold: Type.Number({
      exclusiveMinimum: 0,
      default: 6,
      description: 'Robust standard deviations above the baseline a window must reach.',
    }),
    min_ratio: Type.Number({
      minimum: 1,
      default: 4,
      description: 'How many times the baseline a window must also reach (keeps small baselines quiet).',
    }),
    min_requests: Type.Integer({
      minimum: 1,
      default: 100,
      description: 'Fewest requests in a window that can be a request-volume anomaly.',
    }),
    min_bytes: Type.Integer({
      minimum: 1,
      default: 10 * 1024 * 1024,
      description: 'Fewest response bytes in a window that can be a data-volume anomaly.',
    }),
  },
  {
    additionalProperties: false,
    default: {},
    description:
      'token.volume_anomaly: a credential’s requests or response bytes far above its own baseline.',
  },
)
export type TokenVolumeAnomalyConfig = Static<typeof TokenVolumeAnomalyConfig>
