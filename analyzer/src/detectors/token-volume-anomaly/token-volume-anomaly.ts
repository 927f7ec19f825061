// token.volume_anomaly: a credential making far more requests, or pulling far more response
// bytes, in a window than its own baseline says (scraping or exfiltration with a valid token).
// Baselines learn over a credential's active windows only: a nightly job that is silent all day
// and busy for ten minutes is busy as usual, not anomalous after a quiet day. Too many requests
// is resource consumption (API4); too many bytes is data pulled out (API3, excessive exposure).
import {
  Baseline,
  type BaselineOptions,
  type BaselineSnapshot,
  WindowCounter,
  type WindowCounterSnapshot,
} from '../baseline.js'
import { KeyedState } from '../state.js'
import { credentialOf, principalSubject, pushSample } from '../token.js'
import type { DetectorInstance } from '../types.js'
import type { TokenVolumeAnomalyConfig } from './config.js'

export const TYPE = 'token.volume_anomaly'
const MAX_SAMPLES = 10

interface Volume {
  requests: WindowCounter
  bytes: WindowCounter
  requestBaseline: Baseline
  byteBaseline: Baseline
  /** Which measures already alerted in the open window: 1 requests, 2 bytes. */
  alerted: number
  samples: string[]
}

interface SavedVolume {
  r: WindowCounterSnapshot
  b: WindowCounterSnapshot
  rb: BaselineSnapshot
  bb: BaselineSnapshot
  a: number
  s: string[]
}

const MiB = 1024 * 1024

export function createTokenVolumeAnomaly(config: TokenVolumeAnomalyConfig): DetectorInstance {
  const base: BaselineOptions = {
    alpha: 0.1,
    window: 32,
    warmupSamples: config.warmup_windows,
    warmupMs: config.warmup_ms,
    seasonalMinSamples: 0,
    minSpread: 1,
  }
  const requestOptions = base
  const byteOptions = { ...base, minSpread: 64 * 1024 }
  const state = new KeyedState<Volume, SavedVolume>(
    { maxKeys: config.max_keys, idleMs: config.idle_ms },
    {
      save: (v) => ({
        r: v.requests.toJSON(),
        b: v.bytes.toJSON(),
        rb: v.requestBaseline.toJSON(),
        bb: v.byteBaseline.toJSON(),
        a: v.alerted,
        s: v.samples,
      }),
      load: (s) => ({
        requests: WindowCounter.fromJSON(s.r, config.window_ms, 0),
        bytes: WindowCounter.fromJSON(s.b, config.window_ms, 0),
        requestBaseline: Baseline.fromJSON(s.rb, requestOptions),
        byteBaseline: Baseline.fromJSON(s.bb, byteOptions),
        alerted: s.a,
        samples: s.s,
      }),
    },
  )
  const create = (): Volume => ({
    requests: new WindowCounter(config.window_ms, 0),
    bytes: new WindowCounter(config.window_ms, 0),
    requestBaseline: new Baseline(requestOptions),
    byteBaseline: new Baseline(byteOptions),
    alerted: 0,
    samples: [],
  })

  return {
    onEvent(row, ctx) {
      const key = credentialOf(row)
      if (!key) return
      const v = state.touch(key, row.ts, create)
      let closed = false
      v.requests.add(row.ts, 1, (start, total) => {
        v.requestBaseline.observe(total, start)
        closed = true
      })
      v.bytes.add(row.ts, row.response_bytes ?? 0, (start, total) => v.byteBaseline.observe(total, start))
      if (closed) {
        v.alerted = 0
        v.samples = []
      }
      const requests = v.requests.open
      const bytes = v.bytes.open
      if (requests >= config.min_requests / 2 || bytes >= config.min_bytes / 2) {
        if (v.samples.length < MAX_SAMPLES) pushSample(v.samples, row.event_id, MAX_SAMPLES)
      }
      const highRequests =
        !(v.alerted & 1) &&
        requests >= config.min_requests &&
        v.requestBaseline.isHigh(requests, row.ts, config.threshold, config.min_ratio)
      const highBytes =
        !(v.alerted & 2) &&
        bytes >= config.min_bytes &&
        v.byteBaseline.isHigh(bytes, row.ts, config.threshold, config.min_ratio)
      if (!highRequests && !highBytes) return
      v.alerted |= (highRequests ? 1 : 0) | (highBytes ? 2 : 0)
      const minutes = Math.round(config.window_ms / 60_000)
      const expectedRequests = Math.round(v.requestBaseline.expected(row.ts).center)
      const expectedBytes = Math.round(v.byteBaseline.expected(row.ts).center)
      const who = row.principal_subject ? `of ${row.principal_subject} ` : ''
      const parts = [
        highRequests && `${requests} requests (usually ${expectedRequests})`,
        highBytes &&
          `${(bytes / MiB).toFixed(1)} MiB of responses (usually ${(expectedBytes / MiB).toFixed(1)} MiB)`,
      ].filter(Boolean)
      ctx.emit({
        type: TYPE,
        severity: highBytes ? 'high' : 'medium',
        owasp: highBytes
          ? 'API3:2023 Broken Object Property Level Authorization'
          : 'API4:2023 Unrestricted Resource Consumption',
        subject: principalSubject(row),
        first_seen: v.requests.start,
        last_seen: row.ts,
        summary: `A credential ${who}made ${parts.join(' and ')} in ${minutes} min, far above its own baseline of ${v.requestBaseline.samples} active windows.`,
        observed: { requests, response_bytes: bytes, window_minutes: minutes },
        expected: { requests: expectedRequests, response_bytes: expectedBytes },
        sample_event_ids: [...v.samples],
        events: requests,
      })
    },
    onWatermark(ctx) {
      state.evictIdle(ctx.watermark)
    },
    snapshot: () => state.snapshot(),
    restore: (saved) => state.restore(saved),
    size: () => state.size,
  }
}
