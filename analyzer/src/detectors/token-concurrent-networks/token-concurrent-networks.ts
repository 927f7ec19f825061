// token.concurrent_networks: one credential active from several networks within a few minutes
// (a shared or stolen token), or from two countries closer in time than anyone can travel.
// Per credential only the networks active in the longer of the two windows are held.
import { KeyedState } from '../state.js'
import { API2, credentialOf, networkOf, principalSubject, pushSample } from '../token.js'
import type { DetectorInstance } from '../types.js'
import type { TokenConcurrentNetworksConfig } from './config.js'

export const TYPE = 'token.concurrent_networks'
const MAX_NETWORKS_HELD = 32

interface NetworkActivity {
  network: string
  country: string
  first: number
  last: number
  requests: number
  sample: string
}

export function createTokenConcurrentNetworks(config: TokenConcurrentNetworksConfig): DetectorInstance {
  const state = new KeyedState<NetworkActivity[]>({ maxKeys: config.max_keys, idleMs: config.idle_ms })
  const horizon = Math.max(config.window_ms, config.travel_window_ms)

  return {
    onEvent(row, ctx) {
      const key = credentialOf(row)
      if (!key) return
      const all = state.touch(key, row.ts, () => [])
      const network = networkOf(row)
      // Forget activity that ended before the horizon (in place: this runs on every request).
      let kept = 0
      for (const a of all) if (a.last >= row.ts - horizon) all[kept++] = a
      all.length = kept
      let mine = all.find((a) => a.network === network)
      if (!mine) {
        if (all.length >= MAX_NETWORKS_HELD) all.shift()
        mine = {
          network,
          country: row.country,
          first: row.ts,
          last: row.ts,
          requests: 0,
          sample: row.event_id,
        }
        all.push(mine)
      }
      mine.requests++
      if (row.ts > mine.last) mine.last = row.ts
      if (mine.requests !== config.min_requests_per_network && mine.requests % 50 !== 0) return
      const active = all.filter((a) => a.requests >= config.min_requests_per_network)
      const concurrent = active.filter((a) => a.last >= row.ts - config.window_ms)
      const countries = new Set(active.filter((a) => a.country).map((a) => a.country))
      const travel = countries.size >= 2 && row.country !== ''
      if (concurrent.length < config.max_networks && !travel) return
      const involved = travel ? active : concurrent
      const samples: string[] = []
      for (const a of involved) pushSample(samples, a.sample)
      pushSample(samples, row.event_id)
      const first = Math.min(...involved.map((a) => a.first))
      const minutes = Math.max(1, Math.round((row.ts - first) / 60_000))
      const names = involved.map((a) => (a.country ? `${a.network} (${a.country})` : a.network))
      ctx.emit({
        type: TYPE,
        severity: travel ? 'high' : 'medium',
        owasp: API2,
        subject: principalSubject(row),
        first_seen: first,
        last_seen: row.ts,
        summary: travel
          ? `One credential was used from ${countries.size} countries within ${minutes} min (${names.join(', ')}), where one person is expected in one place.`
          : `One credential was active from ${concurrent.length} networks within ${minutes} min (${names.join(', ')}), where at most ${config.max_networks - 1} are expected at once.`,
        observed: { networks: involved.length, countries: countries.size, minutes, list: names.join(', ') },
        expected: travel ? { countries: 1 } : { max_networks: config.max_networks - 1 },
        sample_event_ids: samples,
        events: involved.reduce((sum, a) => sum + a.requests, 0),
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
