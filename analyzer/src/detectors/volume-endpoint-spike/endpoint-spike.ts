// volume.endpoint_spike: requests per endpoint per minute far above that endpoint's own baseline
// (EWMA of minute totals, hour-of-day then hour-of-week profiles once learned), named with its top
// sources. Cross-principal: each partition sees only its share of an endpoint's calls; see README.

import { endpointOf } from '../traffic/source.js'
import type { DetectorContext, DetectorInstance } from '../types.js'
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
import type { EndpointSpikeConfig } from './config.js'

export const ENDPOINT_SPIKE = 'volume.endpoint_spike'

export function createEndpointSpike(config: EndpointSpikeConfig): DetectorInstance {
  let ctx: DetectorContext | undefined

  function judge(key: string, s: Series<MinuteSources>, x: Expectation): void {
    if (!ctx || !x.warm || s.total < config.min_requests) return
    const ratio = s.total / Math.max(x.expected, 1e-9)
    const z = (s.total - x.expected) / x.spread
    if (ratio < config.min_ratio || z < config.min_z) return
    const top = topSources(s.extra, config.top_sources)
    const high = ratio >= config.high_ratio && s.total >= 10 * config.min_requests
    const [leader, leaderCount] = top[0] ?? ['unknown', 0]
    ctx.emit({
      type: ENDPOINT_SPIKE,
      severity: high ? 'high' : 'medium',
      owasp: 'API4:2023 Unrestricted Resource Consumption',
      subject: { kind: 'endpoint', id: key },
      first_seen: s.minute * MINUTE,
      last_seen: s.lastTs,
      summary:
        `${key} received ${n(s.total)} requests in the minute from ${minuteLabel(s.minute)} UTC against ` +
        `${n(x.expected)} expected (${x.basis} baseline); the top source ${leader} sent ${n(leaderCount)}.`,
      observed: {
        requests: s.total,
        minute: minuteLabel(s.minute),
        ratio: Number(ratio.toFixed(1)),
        z: Number(z.toFixed(1)),
        top_sources: formatSources(top),
        distinct_sources: s.extra.sources.size,
      },
      expected: {
        requests: Number(x.expected.toFixed(2)),
        spread: Number(x.spread.toFixed(2)),
        basis: x.basis,
      },
      sample_event_ids: [...s.extra.samples],
      events: s.total,
    })
  }

  const rate = new MinuteRate<MinuteSources>({
    baseline: config.baseline,
    maxKeys: config.max_endpoints,
    idleMs: config.idle_hours * 3_600_000,
    newExtra: newMinuteSources,
    resetExtra: resetMinuteSources,
    extraCodec: minuteSourcesCodec(),
    onClose: judge,
  })

  return {
    onEvent(event, c) {
      ctx = c
      const series = rate.add(endpointOf(event), event.ts, 1)
      addSource(series.extra, event.client_ip, 1, event.event_id)
    },
    onWatermark(c) {
      ctx = c
      rate.sweep(c.watermark)
    },
    snapshot: () => rate.snapshot(),
    restore: (state) => rate.restore(state),
    size: () => rate.size,
  }
}
