// recon.scan_burst: a source touching many distinct paths within minutes, most of them answered
// 404 or a stand-in (401, 403, 405, 410: gateways often answer a guarded or unknown path with one of
// these) — a directory or endpoint scanner. Distinct paths are exact (a set per window bucket, capped
// at four times the threshold, where the finding is already high).
import type { Severity } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { KeyedState, keyedDetector } from '../state.js'
import { pushSample } from '../token.js'
import { crawlerFilter } from '../traffic/crawler.js'
import {
  type Buckets,
  newBuckets,
  type Reported,
  rollBuckets,
  type Source,
  sourceOf,
  worthReporting,
} from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import type { ScanBurstConfig } from './config.js'

export const SCAN_BURST = 'recon.scan_burst'

interface Window {
  paths: string[]
  requests: number
  notFound: number
  first: number
}

interface ScanState {
  subject: Source['subject']
  buckets: Buckets<Window>
  samples: string[]
  reported: Reported | null
}

export function createScanBurst(config: ScanBurstConfig): DetectorInstance {
  const isCrawler = crawlerFilter('recon_scan_burst', config)
  const width = config.window_ms
  const cap = 4 * config.min_distinct_paths
  const misses = new Set(config.miss_statuses)
  const sources = new KeyedState<ScanState>({ maxKeys: config.max_keys, idleMs: 2 * width })
  const fresh = (): Window => ({ paths: [], requests: 0, notFound: 0, first: Number.POSITIVE_INFINITY })

  function onEvent(row: EventRow, ctx: DetectorContext): void {
    if (isCrawler(row)) return
    const source = sourceOf(row)
    // A source is tracked from its first 4xx: one that never fails cannot be scanning for misses,
    // and most sources never cost a key.
    const clientError = row.status >= 400 && row.status < 500
    const state = clientError
      ? sources.touch(source.key, row.ts, () => ({
          subject: source.subject,
          buckets: newBuckets(row.ts, width, fresh),
          samples: [],
          reported: null,
        }))
      : sources.touchIfHeld(source.key, row.ts)
    if (!state) return
    if (rollBuckets(state.buckets, row.ts, width, fresh) && !state.buckets.previous) {
      state.samples = []
      state.reported = null
    }
    const { current, previous } = state.buckets
    current.requests++
    current.first = Math.min(current.first, row.ts)
    if (misses.has(row.status)) {
      current.notFound++
      pushSample(state.samples, row.event_id)
    }
    if (current.paths.length < cap && !current.paths.includes(row.path)) current.paths.push(row.path)

    // Most sources are far below the threshold: both windows' paths are compared only when they could pass.
    if (current.paths.length + (previous?.paths.length ?? 0) < config.min_distinct_paths) return
    const earlier = previous?.paths.filter((p) => !current.paths.includes(p)).length ?? 0
    const paths = current.paths.length + earlier
    if (paths < config.min_distinct_paths) return
    const requests = current.requests + (previous?.requests ?? 0)
    const notFound = current.notFound + (previous?.notFound ?? 0)
    const share = notFound / requests
    if (share < config.min_not_found_share) return
    const severity: Severity = paths >= cap ? 'high' : 'medium'
    if (!worthReporting(state.reported, requests, severity)) return
    state.reported = { events: requests, severity }
    const minutes = Math.round(width / 60_000)
    ctx.emit({
      type: SCAN_BURST,
      severity,
      owasp: 'API8:2023 Security Misconfiguration',
      subject: state.subject,
      first_seen: Math.min(current.first, previous?.first ?? Number.POSITIVE_INFINITY),
      last_seen: row.ts,
      summary: `${paths} distinct paths in ${minutes}–${2 * minutes} min from this source, ${Math.round(share * 100)}% missed (${config.miss_statuses.join('/')}), against fewer than ${config.min_distinct_paths} paths for an ordinary client.`,
      observed: {
        distinct_paths: paths,
        requests,
        not_found: notFound,
        not_found_share: Number(share.toFixed(3)),
      },
      expected: {
        distinct_paths_max: config.min_distinct_paths,
        not_found_share_max: config.min_not_found_share,
      },
      sample_event_ids: [...state.samples],
      events: requests,
    })
  }

  return keyedDetector(sources, onEvent)
}
