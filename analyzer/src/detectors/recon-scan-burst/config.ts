// Config of recon.scan_burst: the window, how many distinct paths and what share of 404s make a
// scan, and the state bounds.
import Type, { type Static } from 'typebox'
import { enabledField, maxKeysField } from '../fields.js'
import { crawlerFields } from '../traffic/crawler.js'

export const SCAN_BURST_DEFAULTS = {
  windowMs: 5 * 60_000,
  minDistinctPaths: 40,
  minNotFoundShare: 0.6,
  maxKeys: 10_000,
} as const

export const ScanBurstConfig = Type.Object(
  {
    enabled: enabledField(),
    window_ms: Type.Integer({
      minimum: 1000,
      default: SCAN_BURST_DEFAULTS.windowMs,
      description: 'Width of the event-time window (ms); counts cover one to two widths.',
    }),
    min_distinct_paths: Type.Integer({
      minimum: 2,
      default: SCAN_BURST_DEFAULTS.minDistinctPaths,
      description: 'Distinct paths one source must touch within the window.',
    }),
    min_not_found_share: Type.Number({
      minimum: 0,
      maximum: 1,
      default: SCAN_BURST_DEFAULTS.minNotFoundShare,
      description: 'Share of those requests answered 404, at least.',
    }),
    ...crawlerFields(false),
    max_keys: maxKeysField(SCAN_BURST_DEFAULTS.maxKeys),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'recon.scan_burst: many distinct paths, mostly 404, in minutes.',
  },
)
export type ScanBurstConfig = Static<typeof ScanBurstConfig>
