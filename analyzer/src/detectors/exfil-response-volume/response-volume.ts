// exfil.response_volume: a principal (or, without credentials, an IP) receiving far more response
// bytes in a minute than its own EWMA, its own remembered peak and the population p99 (so a job that
// is always large is expected), or one response far larger than its endpoint usually returns (a bulk
// list endpoint asked for a huge page). Responses without a size count as zero bytes.

import type { AlertSubject } from '@gatewatch/schema'
import type { EventRow } from '../../store/event-row.js'
import { ewmaStep } from '../baseline.js'
import { memo1 } from '../memo.js'
import { KeyedState } from '../state.js'
import { endpointOf, methodRouteOf } from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
import { callerLabel, callerOf } from '../volume-rate/caller.js'
import { type Expectation, MINUTE, MinuteRate, type Series } from '../volume-rate/minute-rate.js'
import {
  addSource,
  formatSources,
  type MinuteSources,
  minuteLabel,
  minuteSourcesCodec,
  n,
  newMinuteSources,
  resetMinuteSources,
  topSources,
} from '../volume-rate/minute-sources.js'
import { PopulationHistogram, sourceExpectation } from '../volume-rate/population.js'
import type { ResponseVolumeConfig } from './config.js'

export const RESPONSE_VOLUME = 'exfil.response_volume'
const OWASP = 'API3:2023 Broken Object Property Level Authorization'
const MIN_LOG_STD = 0.5
const PAGE_ALPHA = 0.02
const PAGE_PARAMS = ['limit', 'per_page', 'page_size', 'pageSize', 'size', 'count', 'max', 'top', '$top']

/** The minute's sources, and who the minute's bytes went to (with its label, for the alert). */
type Minute = MinuteSources & { subject?: AlertSubject }

interface Sizes {
  n: number
  /** EWMA mean and variance of log2(response bytes) of successful responses. */
  mean: number
  variance: number
}

/** `principal <fingerprint>` or `ip <address>`; one string per row (callerOf gives one subject per row). */
const subjectKey = memo1((s: AlertSubject): string => `${s.kind} ${s.id}`)

function pageSize(query: string): string {
  if (!query) return ''
  const params = new URLSearchParams(query)
  for (const p of PAGE_PARAMS) {
    const v = params.get(p)
    if (v) return `${p}=${v.slice(0, 32)}`
  }
  return ''
}

export function createResponseVolume(config: ResponseVolumeConfig): DetectorInstance {
  let ctx: DetectorContext | undefined
  const population = new PopulationHistogram()
  let decayedMinute = Number.NEGATIVE_INFINITY
  const sizes = new KeyedState<Sizes>({
    maxKeys: config.max_endpoints,
    idleMs: config.idle_hours * 3_600_000,
  })

  function judgeMinute(_key: string, s: Series<Minute>, own: Expectation): void {
    const reference = sourceExpectation(own, population)
    population.add(s.total)
    const subject = s.extra.subject
    if (!ctx || !subject || !reference || s.total < config.min_bytes) return
    const { expected, p99 } = reference
    const ratio = s.total / Math.max(expected, 1)
    const z = (s.total - own.expected) / own.spread
    if (ratio < config.min_ratio || (own.warm && z < config.min_z)) return
    const top = topSources(s.extra, 5)
    const [route, routeBytes] = top[0] ?? ['unknown', 0]
    const high = ratio >= config.high_ratio && s.total >= 10 * config.min_bytes
    ctx.emit({
      type: RESPONSE_VOLUME,
      severity: high ? 'high' : 'medium',
      owasp: OWASP,
      subject,
      first_seen: s.minute * MINUTE,
      last_seen: s.lastTs,
      summary:
        `${callerLabel(subject)} received ${n(s.total)} response bytes ` +
        `in the minute from ${minuteLabel(s.minute)} UTC against ${n(expected)} expected; ` +
        `${route} returned ${n(routeBytes)} of them.`,
      observed: {
        response_bytes: s.total,
        requests: s.events,
        minute: minuteLabel(s.minute),
        ratio: Number(ratio.toFixed(1)),
        top_routes: formatSources(top),
      },
      expected: {
        response_bytes: Math.round(expected),
        own_baseline: own.warm ? Math.round(own.expected) : 'not learned yet',
        own_basis: own.basis,
        population_p99: p99 ?? 'not learned yet',
      },
      sample_event_ids: [...s.extra.samples],
      events: s.events,
    })
  }

  /** A single response far above its endpoint's usual size; ordinary ones teach the endpoint. */
  function judgePage(e: EventRow, bytes: number): void {
    if (e.status < 200 || e.status > 299 || bytes <= 0) return
    const endpoint = endpointOf(e)
    const stats = sizes.touch(endpoint, e.ts, () => ({ n: 0, mean: 0, variance: 0 }))
    const log = Math.log2(bytes)
    const typical = 2 ** stats.mean
    const std = Math.max(Math.sqrt(stats.variance), MIN_LOG_STD)
    const huge =
      stats.n >= config.page_min_responses &&
      bytes >= config.min_page_bytes &&
      bytes >= config.page_ratio * typical &&
      (log - stats.mean) / std >= config.page_z
    if (!huge) {
      stats.n++
      if (stats.n === 1) stats.mean = log
      else
        [stats.mean, stats.variance] = ewmaStep(
          stats.mean,
          stats.variance,
          log,
          Math.max(1 / stats.n, PAGE_ALPHA),
        )
      return
    }
    const subject = callerOf(e)
    const size = pageSize(e.query)
    ctx?.emit({
      type: RESPONSE_VOLUME,
      severity: 'medium',
      owasp: OWASP,
      subject,
      first_seen: e.ts,
      last_seen: e.ts,
      summary:
        `${endpoint} returned ${n(bytes)} bytes to ${subject.label ?? subject.id} in one response against a typical ` +
        `${n(typical)}${size ? ` (asked ${size})` : ''}.`,
      observed: { response_bytes: bytes, endpoint, ...(size ? { page_request: size } : {}) },
      expected: { typical_response_bytes: Math.round(typical), responses_learned: stats.n },
      sample_event_ids: [e.event_id],
      events: 1,
    })
  }

  const rate = new MinuteRate<Minute>({
    baseline: config.baseline,
    maxKeys: config.max_principals,
    idleMs: config.idle_hours * 3_600_000,
    peak: {
      halfLifeMinutes: config.peak_half_life_hours * 60,
      confirmMinutes: config.peak_confirm_hours * 60,
    },
    newExtra: newMinuteSources,
    resetExtra: (m: Minute) => {
      resetMinuteSources(m)
      m.subject = undefined
    },
    extraCodec: minuteSourcesCodec(),
    onClose: judgeMinute,
  })

  return {
    onEvent(event, c) {
      ctx = c
      const bytes = event.response_bytes ?? 0
      const subject = callerOf(event)
      const key = subjectKey(subject)
      const series = rate.add(key, event.ts, bytes)
      series.extra.subject = subject
      addSource(series.extra, methodRouteOf(event), bytes, event.event_id)
      judgePage(event, bytes)
    },
    onWatermark(c) {
      ctx = c
      const minute = Math.floor(c.watermark / MINUTE)
      if (minute > decayedMinute) {
        if (Number.isFinite(decayedMinute)) population.decay(Math.exp(-(minute - decayedMinute) / 120))
        decayedMinute = minute
        sizes.evictIdle(c.watermark)
      }
      rate.sweep(c.watermark)
    },
    snapshot: () => ({
      rate: rate.snapshot(),
      population: population.snapshot(),
      sizes: sizes.snapshot(),
      decayedMinute,
    }),
    restore(state) {
      const s = state as { rate?: unknown; population?: unknown; sizes?: unknown; decayedMinute?: unknown }
      rate.restore(s?.rate)
      population.restore(s?.population)
      if (s?.sizes) sizes.restore(s.sizes)
      decayedMinute = typeof s?.decayedMinute === 'number' ? s.decayedMinute : Number.NEGATIVE_INFINITY
    },
    size: () => rate.size + sizes.size,
  }
}
