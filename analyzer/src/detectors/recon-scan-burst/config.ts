// Config of recon.scan_burst: the window, how many distinct paths and what share of misses (404 and
// its stand-ins 401/403/405/410) make a scan, and the state bounds.
import Type, { type Static } from 'typebox'
import { enabledField, maxKeysField } from '../fields.js'
import { crawlerFields } from '../traffic/crawler.js'

export const SCAN_BURST_DEFAULTS = {
  windowMs: 5 * 60_000,
  minDistinctPaths: 40,
  minNotFoundShare: 0.6,
  // A scanner's misses: not found, and the answers a gateway gives instead of 404 for paths it
  // guards or methods it refuses. 400 and 429 are left out: they say the request was malformed or
  // throttled, not that the path was guessed wrong.
  missStatuses: [401, 403, 404, 405, 410],
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
      description: 'Share of those requests answered with a miss status (see miss_statuses), at least.',
    }),
    miss_statuses: Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), {
      default: [...SCAN_BURST_DEFAULTS.missStatuses],
      description: 'HTTP statuses that count as a scanner missing a path: 404 and its stand-ins.',
    }),
    ...crawlerFields(false),
    max_keys: maxKeysField(SCAN_BURST_DEFAULTS.maxKeys),
  },
  {
    additionalProperties: false,
    default: {},
    description: 'recon.scan_burst: many distinct paths, mostly missed (404 or a stand-in), in minutes.',
  },
)
export type ScanBurstConfig = Static<typeof ScanBurstConfig>
