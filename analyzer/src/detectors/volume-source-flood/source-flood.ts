// volume.source_flood: one client IP, or one network of them, sending far more requests in a
// minute than both its own baseline and the population of sources (p99 of per-source minute
// totals). A source without history is judged against the population alone, so a new flooding
// address is caught at once. Evidence names the routes an IP hit, or the IPs of a network.
import type { EventRow } from '../../store/event-row.js'
import { memo1 } from '../memo.js'
import { methodRouteOf } from '../traffic/source.js'
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
import { cidrOf } from '../volume-rate/network.js'
import { PopulationHistogram, sourceExpectation } from '../volume-rate/population.js'
import type { SourceFloodConfig } from './config.js'

export const SOURCE_FLOOD = 'volume.source_flood'
const IP = 'ip '
const NET = 'net '
const ipKey = memo1((ip: string) => IP + ip)
const netKey = memo1((net: string) => NET + net)

export function createSourceFlood(config: SourceFloodConfig): DetectorInstance {
  let ctx: DetectorContext | undefined
  const population = { ip: new PopulationHistogram(), net: new PopulationHistogram() }
  let decayedMinute = Number.NEGATIVE_INFINITY

  function judge(key: string, s: Series<MinuteSources>, own: Expectation): void {
    const isIp = key.startsWith(IP)
    const peers = isIp ? population.ip : population.net
    const reference = sourceExpectation(own, peers)
    peers.add(s.total)
    if (!ctx || !reference || s.total < config.min_requests) return
    const { expected, p99 } = reference
    const ratio = s.total / Math.max(expected, 1)
    const z = (s.total - own.expected) / own.spread
    if (ratio < config.min_ratio || (own.warm && z < config.min_z)) return
    const top = topSources(s.extra, 5)
    const [leader, leaderCount] = top[0] ?? ['unknown', 0]
    if (!isIp && leaderCount >= config.single_ip_share * s.total) return // the IP's own alert says it
    const source = key.slice(isIp ? IP.length : NET.length)
    const high = ratio >= config.high_ratio && s.total >= 10 * config.min_requests
    ctx.emit({
      type: SOURCE_FLOOD,
      severity: high ? 'high' : 'medium',
      owasp: 'API4:2023 Unrestricted Resource Consumption',
      subject: { kind: isIp ? 'ip' : 'network', id: source },
      first_seen: s.minute * MINUTE,
      last_seen: s.lastTs,
      summary:
        `${isIp ? 'IP' : 'Network'} ${source} sent ${n(s.total)} requests in the minute from ` +
        `${minuteLabel(s.minute)} UTC against ${n(expected)} expected (own baseline ` +
        `${own.warm ? n(own.expected) : 'not learned yet'}, population p99 ${p99 === null ? 'not learned yet' : n(p99)}); ` +
        `${isIp ? 'top route' : 'top IP'} ${leader} took ${n(leaderCount)}.`,
      observed: {
        requests: s.total,
        minute: minuteLabel(s.minute),
        ratio: Number(ratio.toFixed(1)),
        [isIp ? 'top_routes' : 'top_ips']: formatSources(top),
      },
      expected: {
        requests: Number(expected.toFixed(2)),
        own_baseline: own.warm ? Number(own.expected.toFixed(2)) : 'not learned yet',
        population_p99: p99 ?? 'not learned yet',
      },
      sample_event_ids: [...s.extra.samples],
      events: s.total,
    })
  }

  const rate = new MinuteRate<MinuteSources>({
    baseline: config.baseline,
    maxKeys: config.max_sources,
    idleMs: config.idle_hours * 3_600_000,
    newExtra: newMinuteSources,
    resetExtra: resetMinuteSources,
    extraCodec: minuteSourcesCodec(),
    onClose: judge,
  })

  return {
    onEvent(event: EventRow, c) {
      ctx = c
      const ip = rate.add(ipKey(event.client_ip), event.ts, 1)
      addSource(ip.extra, methodRouteOf(event), 1, event.event_id)
      const net = cidrOf(event.client_ip, config.network_prefix_v4, config.network_prefix_v6)
      if (net !== event.client_ip)
        addSource(rate.add(netKey(net), event.ts, 1).extra, event.client_ip, 1, event.event_id)
    },
    onWatermark(c) {
      ctx = c
      const minute = Math.floor(c.watermark / MINUTE)
      if (minute > decayedMinute) {
        if (Number.isFinite(decayedMinute)) {
          const factor = Math.exp(-(minute - decayedMinute) / config.population_minutes)
          population.ip.decay(factor)
          population.net.decay(factor)
        }
        decayedMinute = minute
      }
      rate.sweep(c.watermark)
    },
    snapshot: () => ({
      rate: rate.snapshot(),
      ip: population.ip.snapshot(),
      net: population.net.snapshot(),
      decayedMinute,
    }),
    restore(state) {
      const s = state as { rate?: unknown; ip?: unknown; net?: unknown; decayedMinute?: unknown } | undefined
      rate.restore(s?.rate)
      population.ip.restore(s?.ip)
      population.net.restore(s?.net)
      decayedMinute = typeof s?.decayedMinute === 'number' ? s.decayedMinute : Number.NEGATIVE_INFINITY
    },
    size: () => rate.size,
  }
}
