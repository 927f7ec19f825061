// recon.low_and_slow: a source probing many paths, mostly failing, slowly enough to stay under any
// rate limit. A one-sided Bernoulli CUSUM over each request's failure decides that the source
// fails far more often than an ordinary client; distinct failed paths over 1 h / 24 h / 7 d
// (HyperLogLog per hour and per day, merged) decide that it is exploring, not retrying one link.
import type { EventRow } from '../../store/event-row.js'
import { HyperLogLog, type HyperLogLogSnapshot } from '../sketch.js'
import { KeyedState, keyedDetector } from '../state.js'
import { pushSample } from '../token.js'
import { crawlerFilter } from '../traffic/crawler.js'
import { type Reported, type Source, sourceOf, worthReporting } from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import { DAY, HOUR, type LowAndSlowConfig } from './config.js'

export const LOW_AND_SLOW = 'recon.low_and_slow'

interface HourBucket {
  hour: number
  failedPaths: HyperLogLog
  requests: number
  failures: number
}

interface DayBucket {
  day: number
  failedPaths: HyperLogLog
}

interface ProbeState {
  subject: Source['subject']
  cusum: number
  firstFailure: number
  hours: HourBucket[]
  days: DayBucket[]
  samples: string[]
  reported: Reported | null
}

/** The state as JSON: sketches as their snapshots. */
type SavedProbeState = Omit<ProbeState, 'hours' | 'days'> & {
  hours: (Omit<HourBucket, 'failedPaths'> & { failedPaths: HyperLogLogSnapshot })[]
  days: (Omit<DayBucket, 'failedPaths'> & { failedPaths: HyperLogLogSnapshot })[]
}

const probeCodec = {
  save: (s: ProbeState): SavedProbeState => ({
    ...s,
    hours: s.hours.map((b) => ({ ...b, failedPaths: b.failedPaths.toJSON() })),
    days: s.days.map((b) => ({ ...b, failedPaths: b.failedPaths.toJSON() })),
  }),
  load: (s: SavedProbeState): ProbeState => ({
    ...s,
    hours: s.hours.map((b) => ({ ...b, failedPaths: HyperLogLog.fromJSON(b.failedPaths) })),
    days: s.days.map((b) => ({ ...b, failedPaths: HyperLogLog.fromJSON(b.failedPaths) })),
  }),
}

/** 128 one-byte registers once dense (9% standard error), exact while a bucket holds few paths. */
const PRECISION = 7
const sketch = () => new HyperLogLog(PRECISION)

function bucketOf<B extends { failedPaths: HyperLogLog }>(
  list: B[],
  index: number,
  key: 'hour' | 'day',
  keep: number,
  fresh: () => B,
): B {
  const last = list[list.length - 1] as (B & Record<string, number>) | undefined
  if (last && last[key] === index) return last
  const bucket = fresh()
  list.push(bucket)
  while (list.length > 0 && (list[0] as B & Record<string, number>)[key]! <= index - keep) list.shift()
  return bucket
}

function distinct(buckets: { failedPaths: HyperLogLog }[]): number {
  const union = sketch()
  for (const b of buckets) union.merge(b.failedPaths)
  return union.count()
}

export function createLowAndSlow(config: LowAndSlowConfig): DetectorInstance {
  const isCrawler = crawlerFilter('recon_low_and_slow', config)
  const sources = new KeyedState<ProbeState, SavedProbeState>(
    { maxKeys: config.max_keys, idleMs: config.idle_ms },
    probeCodec,
  )
  const failureStatuses = new Set(config.failure_statuses)
  const p0 = config.normal_failure_share
  const p1 = config.probe_failure_share
  const failStep = Math.log(p1 / p0)
  const passStep = Math.log((1 - p1) / (1 - p0))

  /** The last 24 hours of a source; the union sketches (the costly part) only when asked for. */
  function recent(state: ProbeState, hour: number) {
    const hours = state.hours.filter((b) => b.hour > hour - 24)
    const requests = hours.reduce((n, b) => n + b.requests, 0)
    const failures = hours.reduce((n, b) => n + b.failures, 0)
    const activeHours = hours.filter((b) => b.failures > 0).length
    return { hours, requests, failures, activeHours }
  }

  function onEvent(row: EventRow, ctx: DetectorContext): void {
    if (isCrawler(row)) return
    const failed = failureStatuses.has(row.status)
    const source = sourceOf(row)
    // Only a source that failed at least once is worth state: the rest cannot be probing.
    const state = failed
      ? sources.touch(source.key, row.ts, () => ({
          subject: source.subject,
          cusum: 0,
          firstFailure: row.ts,
          hours: [],
          days: [],
          samples: [],
          reported: null,
        }))
      : sources.touchIfHeld(source.key, row.ts)
    if (!state) return

    const hour = Math.floor(row.ts / HOUR)
    const day = Math.floor(row.ts / DAY)
    const hourBucket = bucketOf(state.hours, hour, 'hour', 24, () => ({
      hour,
      failedPaths: sketch(),
      requests: 0,
      failures: 0,
    }))
    hourBucket.requests++
    state.cusum = Math.max(0, state.cusum + (failed ? failStep : passStep))
    if (!failed) return
    hourBucket.failures++
    hourBucket.failedPaths.add(row.path)
    bucketOf(state.days, day, 'day', 7, () => ({ day, failedPaths: sketch() })).failedPaths.add(row.path)
    pushSample(state.samples, row.event_id)

    if (state.cusum < config.cusum_threshold) return
    const { hours, requests, failures, activeHours } = recent(state, hour)
    const share = failures / requests
    if (share < config.min_failure_share || activeHours < config.min_active_hours) return
    const h24 = distinct(hours)
    if (h24 < config.min_distinct_failed_paths) return
    const severity = h24 >= 4 * config.min_distinct_failed_paths ? 'high' : 'medium'
    if (!worthReporting(state.reported, failures, severity)) return
    state.reported = { events: failures, severity }
    ctx.emit({
      type: LOW_AND_SLOW,
      severity,
      owasp: 'API8:2023 Security Misconfiguration',
      subject: state.subject,
      first_seen: state.firstFailure,
      last_seen: row.ts,
      summary: `${h24} distinct paths failed for this source in 24 h (${Math.round(share * 100)}% of its ${requests} requests), against at most ${config.min_distinct_failed_paths} and ${Math.round(p0 * 100)}% failures for an ordinary client.`,
      observed: {
        distinct_failed_paths_1h: distinct(hours.filter((b) => b.hour === hour)),
        distinct_failed_paths_24h: h24,
        distinct_failed_paths_7d: distinct(state.days),
        requests_24h: requests,
        failures_24h: failures,
        active_hours_24h: activeHours,
        cusum: Number(state.cusum.toFixed(2)),
      },
      expected: {
        distinct_failed_paths_24h_max: config.min_distinct_failed_paths,
        failure_share: p0,
        cusum_threshold: config.cusum_threshold,
      },
      sample_event_ids: [...state.samples],
      events: failures,
    })
  }

  return keyedDetector(sources, onEvent)
}
