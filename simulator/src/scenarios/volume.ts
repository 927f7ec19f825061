// Too much of something: one endpoint flooded by a campaign, one address flooding the API, one
// credential downloading far more data than it ever did, one address crawling the whole catalogue.
import { ATTACKER_NETWORKS, addressIn, PROXY_NETWORKS } from '../networks.js'
import { createPartner, type SimUser } from '../users.js'
import {
  answered,
  attacker,
  attackerAgent,
  attackTimes,
  historyTimes,
  ipSubject,
  regularTimes,
  requestsAt,
  route,
} from './actors.js'
import type { ScenarioDefinition } from './types.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export const endpointSpike: ScenarioDefinition = {
  type: 'volume.endpoint_spike',
  description:
    'A bot campaign from a few dozen proxy addresses hits one endpoint (product reviews) at many times its usual traffic for twenty minutes.',
  defaults: { rate: 300, durationMs: 10 * MINUTE, stealth: 0 },
  needsHistory: 0.3,
  build(ctx) {
    const reviews = route('GET', '/v1/products/{product_id}/reviews')
    const bots = Array.from({ length: 40 }, () =>
      attacker(ctx, ctx.rng.pick(PROXY_NETWORKS), attackerAgent(ctx, 'Go-http-client/1.1')),
    )
    const attack = attackTimes(ctx).map((t) => ({
      ...ctx.model.requestFor(ctx.rng, ctx.rng.pick(bots), reviews, t),
      label: 'attack' as const,
    }))
    return {
      subject: { kind: 'endpoint', id: 'catalog GET /v1/products/{product_id}/reviews' },
      requests: attack,
    }
  },
}

export const sourceFlood: ScenarioDefinition = {
  type: 'volume.source_flood',
  description:
    'One address sends hundreds of requests a minute to the catalogue and search for five minutes.',
  defaults: { rate: 300, durationMs: 5 * MINUTE, stealth: 0 },
  needsHistory: 0.3,
  build(ctx) {
    const who = attacker(ctx, ctx.rng.pick(ATTACKER_NETWORKS), attackerAgent(ctx, 'Go-http-client/1.1'))
    const targets = [route('GET', '/v1/products'), route('GET', '/v1/search'), route('GET', '/v1/categories')]
    const attack = attackTimes(ctx).map((t) => {
      const req = ctx.model.requestFor(ctx.rng, who, ctx.rng.pick(targets), t)
      return { ...(ctx.rng.chance(0.2) ? answered(ctx.rng, req, 429) : req), label: 'attack' as const }
    })
    return { subject: ipSubject(who), requests: attack }
  },
}

export const responseVolume: ScenarioDefinition = {
  type: 'exfil.response_volume',
  description:
    "A partner's API key that reads a few small order pages an hour pulls pages of 1,000 orders with their items (about 12 MB each), over 100 MB a minute, for a quarter of an hour.",
  defaults: { rate: 10, durationMs: 15 * MINUTE, stealth: 0 },
  needsHistory: 0.4,
  build(ctx) {
    const partner = createPartner(ctx.rng, ctx.nextIndex())
    const victim: SimUser = {
      ...partner,
      credential: { kind: 'api_key', value: `sk_live_${ctx.rng.hex(32)}` },
    }
    const orders = route('GET', '/v2/orders')
    const history = requestsAt(
      ctx,
      victim,
      [orders, route('GET', '/v2/orders/{order_id}'), route('GET', '/v1/products')],
      [
        ...historyTimes(ctx.rng, 'partner', ctx.periodStart, ctx.start, 15),
        ...historyTimes(ctx.rng, 'partner', ctx.start + ctx.knobs.durationMs + HOUR, ctx.periodEnd, 15),
      ],
      'normal',
    )
    const attack = attackTimes(ctx).map((t, i) => ({
      ...ctx.model.requestFor(ctx.rng, victim, orders, t),
      query: `page=${i + 1}&limit=1000`,
      status: 200,
      responseBytes: Math.round(ctx.rng.logNormal(12_000_000, 0.15)),
      latencyMs: ctx.rng.int(800, 3000),
      label: 'attack' as const,
    }))
    return {
      subject: { kind: 'principal', id: victim.id, label: victim.id },
      requests: [...history, ...attack],
    }
  },
}

export const crawl: ScenarioDefinition = {
  type: 'scrape.crawl',
  description:
    'A scraper on a cloud address (not a search engine) walks the product listing and each category page after page, at a machine-regular pace.',
  defaults: { rate: 30, durationMs: 60 * MINUTE, stealth: 0 },
  needsHistory: 0.3,
  build(ctx) {
    const who = attacker(ctx, 'alibaba', attackerAgent(ctx, 'python-requests/2.31.0'))
    if (ctx.knobs.stealth >= 0.5) who.ips = [addressIn(ctx.rng, ctx.rng.pick(PROXY_NETWORKS))]
    const listing = route('GET', '/v1/products')
    const attack = regularTimes(ctx).map((t, i) => ({
      ...ctx.model.requestFor(ctx.rng, who, listing, t),
      query: `page=${i + 1}&limit=50`,
      status: 200,
      label: 'attack' as const,
    }))
    return { subject: ipSubject(who), requests: attack }
  },
}

export const VOLUME_SCENARIOS = [endpointSpike, sourceFlood, responseVolume, crawl]
