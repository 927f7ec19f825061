// Config of recon.low_and_slow: what counts as a failed probe, the sequential test's hypotheses
// and threshold, the distinct-path gate and the state bounds.
import Type, { type Static } from 'typebox'
import { enabledField, idleField, maxKeysField } from '../fields.js'
import { crawlerFields } from '../traffic/crawler.js'

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

export const LOW_AND_SLOW_DEFAULTS = {
  failureStatuses: [400, 401, 403, 404, 405],
  normalFailureShare: 0.1,
  probeFailureShare: 0.5,
  cusumThreshold: 7,
  minDistinctFailedPaths: 25,
  minFailureShare: 0.5,
  minActiveHours: 2,
  maxKeys: 10_000,
  idleMs: 7 * DAY,
} as const

export const LowAndSlowConfig = Type.Object(
  {
    enabled: enabledField(),
    failure_statuses: Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), {
      default: [...LOW_AND_SLOW_DEFAULTS.failureStatuses],
      description: 'Statuses that count as a failed probe (429 is left out: it is the rate limit talking).',
    }),
    normal_failure_share: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      default: LOW_AND_SLOW_DEFAULTS.normalFailureShare,
      description: 'H0 of the CUSUM test: the share of failed requests of an ordinary client.',
    }),
    probe_failure_share: Type.Number({
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      default: LOW_AND_SLOW_DEFAULTS.probeFailureShare,
      description:
        'H1 of the CUSUM test: the share of failed requests of a prober; above normal_failure_share.',
    }),
    cusum_threshold: Type.Number({
      exclusiveMinimum: 0,
      default: LOW_AND_SLOW_DEFAULTS.cusumThreshold,
      description: 'Log-likelihood ratio at which the CUSUM decides for H1 (7 ≈ ln 1000, odds of 1000 to 1).',
    }),
    min_distinct_failed_paths: Type.Integer({
      minimum: 1,
      default: LOW_AND_SLOW_DEFAULTS.minDistinctFailedPaths,
      description: 'Distinct paths that failed within 24 h before a source counts as probing.',
    }),
    min_failure_share: Type.Number({
      minimum: 0,
      maximum: 1,
      default: LOW_AND_SLOW_DEFAULTS.minFailureShare,
      description: 'Share of the source’s requests over 24 h that failed, at least.',
    }),
    min_active_hours: Type.Integer({
      minimum: 1,
      maximum: 24,
      default: LOW_AND_SLOW_DEFAULTS.minActiveHours,
      description:
        'Clock hours of the last 24 with failures, at least: a scan packed into one hour is recon.scan_burst, not slow.',
    }),
    ...crawlerFields(true),
    max_keys: maxKeysField(LOW_AND_SLOW_DEFAULTS.maxKeys),
    idle_ms: idleField(LOW_AND_SLOW_DEFAULTS.idleMs),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'recon.low_and_slow: slow probing of many paths that fail.',
  },
)
export type LowAndSlowConfig = Static<typeof LowAndSlowConfig>
