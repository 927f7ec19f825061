// Stolen and misused credentials: each scenario gives a victim an ordinary history first, then
// an attacker uses the victim's credential in the way that makes it that alert type.

import type { RouteSpec } from '../catalogue.js'
import { ATTACKER_NETWORKS, addressIn, type NetworkName, PROXY_NETWORKS } from '../networks.js'
import type { SimulatedRequest } from '../request.js'
import { createCustomer, createPartner, type SimUser } from '../users.js'
import {
  arrivals,
  attackerAgent,
  attackTimes,
  habitualRoutes,
  historyTimes,
  requestsAt,
  route,
  routesOf,
} from './actors.js'
import type { ScenarioContext, ScenarioDefinition, ScenarioTraffic } from './types.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** The attacker's network: a hoster or Tor when loud, a residential proxy abroad when stealthy. */
function attackerNetwork(ctx: ScenarioContext): NetworkName {
  return ctx.rng.pick(ctx.knobs.stealth >= 0.5 ? PROXY_NETWORKS : ATTACKER_NETWORKS)
}

/** A partner whose credential is an API key: one stable fingerprint over the whole period. */
function apiKeyPartner(ctx: ScenarioContext): SimUser {
  const partner = createPartner(ctx.rng, ctx.nextIndex())
  return { ...partner, credential: { kind: 'api_key', value: `sk_live_${ctx.rng.hex(32)}` } }
}

function principal(user: SimUser): ScenarioTraffic['subject'] {
  return { kind: 'principal', id: user.id, label: user.id }
}

/** The victim's ordinary traffic to its habitual routes in [from, to). */
function everyday(
  ctx: ScenarioContext,
  user: SimUser,
  routes: readonly RouteSpec[],
  from: number,
  to: number,
  perHour: number,
) {
  return requestsAt(ctx, user, routes, historyTimes(ctx.rng, user.client, from, to, perHour), 'normal')
}

function attackEnd(ctx: ScenarioContext): number {
  return ctx.start + ctx.knobs.durationMs
}

/** The victim's life around the attack: history before, ordinary use again after it. */
function aroundAttack(
  ctx: ScenarioContext,
  user: SimUser,
  routes: readonly RouteSpec[],
  perHour: number,
): SimulatedRequest[] {
  return [
    ...everyday(ctx, user, routes, ctx.periodStart, ctx.start, perHour),
    ...everyday(ctx, user, routes, attackEnd(ctx) + HOUR, ctx.periodEnd, perHour),
  ]
}

/** Attack requests with the victim's credential, to the victim's routes, from one attacker address. */
function stolenUse(
  ctx: ScenarioContext,
  victim: SimUser,
  routes: readonly RouteSpec[],
  ip: string,
  agent: string,
): SimulatedRequest[] {
  return requestsAt(ctx, victim, routes, attackTimes(ctx), 'attack').map((r) => ({
    ...r,
    clientIp: ip,
    userAgent: agent,
  }))
}

export const newNetwork: ScenarioDefinition = {
  type: 'token.new_network',
  description:
    "A partner's API key, used for days from the partner's cloud addresses, is replayed from a network (AS and country) it was never seen on.",
  defaults: { rate: 2, durationMs: 20 * MINUTE, stealth: 0 },
  needsHistory: 0.4,
  build(ctx) {
    // A long-lived credential: a web session's JWT is reissued every hour and never builds a history of its own.
    const victim = apiKeyPartner(ctx)
    const ip = addressIn(ctx.rng, attackerNetwork(ctx))
    const agent = attackerAgent(ctx, 'python-requests/2.31.0')
    const routes = habitualRoutes(ctx, victim)
    return {
      subject: principal(victim),
      requests: [...aroundAttack(ctx, victim, routes, 20), ...stolenUse(ctx, victim, routes, ip, agent)],
    }
  },
}

export const concurrentNetworks: ScenarioDefinition = {
  type: 'token.concurrent_networks',
  description:
    "A mobile customer's token is used from the customer's phone and, at the same minutes, from a network in another country.",
  defaults: { rate: 3, durationMs: 30 * MINUTE, stealth: 0 },
  needsHistory: 0.4,
  build(ctx) {
    const victim = createCustomer(ctx.rng, ctx.nextIndex(), 'mobile')
    // Abroad: no customer lives in the proxy countries, and none on an attacker's hoster.
    const ip = addressIn(ctx.rng, attackerNetwork(ctx))
    // The victim keeps using the app during the attack, at the pace of an active session (one
    // request a minute). Not thinned by the time-of-day curve: an attack at night otherwise left
    // the victim with no request in the attack's minutes, and nothing concurrent to find.
    const victimDuring = requestsAt(
      ctx,
      victim,
      routesOf('mobile'),
      arrivals(ctx.rng, ctx.start, attackEnd(ctx), 1),
      'normal',
    ).map((r) => ({ ...r, clientIp: victim.ips[0]! }))
    return {
      subject: principal(victim),
      requests: [
        ...aroundAttack(ctx, victim, routesOf('mobile'), 6),
        ...victimDuring,
        ...stolenUse(ctx, victim, routesOf('mobile'), ip, attackerAgent(ctx, 'okhttp/4.9.0')),
      ],
    }
  },
}

export const scopeDrift: ScenarioDefinition = {
  type: 'token.scope_drift',
  description:
    "A partner's API key that only read orders and the catalogue for days starts calling refunds, user records and inventory writes it never called.",
  defaults: { rate: 2, durationMs: 20 * MINUTE, stealth: 0 },
  needsHistory: 0.5,
  build(ctx) {
    const victim = apiKeyPartner(ctx)
    const usual = [
      route('GET', '/v2/orders'),
      route('GET', '/v2/orders/{order_id}'),
      route('GET', '/v1/products'),
      route('GET', '/v1/products/{product_slug}'),
    ]
    const drifted = [
      route('PATCH', '/v2/orders/{order_id}'),
      route('POST', '/v1/payments/{payment_id}/refunds'),
      route('GET', '/v1/users/{user_id}'),
      route('PUT', '/v1/products/{product_id}/inventory'),
      route('GET', '/v1/refunds/{refund_id}'),
    ]
    // Stealth mixes the new calls into the partner's usual ones.
    const attack = requestsAt(ctx, victim, drifted, attackTimes(ctx), 'attack')
    const cover = ctx.knobs.stealth >= 0.5 ? requestsAt(ctx, victim, usual, attackTimes(ctx), 'normal') : []
    return {
      subject: principal(victim),
      requests: [...aroundAttack(ctx, victim, usual, 20), ...cover, ...attack],
    }
  },
}

export const volumeAnomaly: ScenarioDefinition = {
  type: 'token.volume_anomaly',
  description:
    "A partner's API key that sends about 20 requests an hour suddenly sends dozens a minute to its usual routes.",
  defaults: { rate: 40, durationMs: 20 * MINUTE, stealth: 0 },
  needsHistory: 0.4,
  build(ctx) {
    const victim = apiKeyPartner(ctx)
    const routes = habitualRoutes(ctx, victim)
    const attack = requestsAt(ctx, victim, routes, attackTimes(ctx), 'attack')
    return { subject: principal(victim), requests: [...aroundAttack(ctx, victim, routes, 20), ...attack] }
  },
}

export const expiredAccepted: ScenarioDefinition = {
  type: 'token.expired_accepted',
  description:
    "A mobile customer's token that expired hours ago keeps being accepted (2xx) by the API: a replay the gateway should have refused.",
  defaults: { rate: 1, durationMs: 15 * MINUTE, stealth: 0 },
  needsHistory: 0.4,
  build(ctx) {
    const victim = createCustomer(ctx.rng, ctx.nextIndex(), 'mobile')
    const routes = routesOf('mobile')
    // A token of the victim's from three hours before the attack (mobile tokens live 15 minutes).
    const stale = `Bearer ${ctx.model.jwtFor(victim, ctx.start - 3 * HOUR)}`
    const attack = requestsAt(ctx, victim, routes, attackTimes(ctx), 'attack').map((r) => ({
      ...r,
      authorization: stale,
      clientIp: victim.ips[0]!,
      status: r.status >= 400 ? 200 : r.status,
    }))
    return { subject: principal(victim), requests: [...aroundAttack(ctx, victim, routes, 6), ...attack] }
  },
}

/** How long the reused key was silent: longer than a month, as dormancy is usually defined. */
export const DORMANT_FOR_MS = 45 * 24 * HOUR

export const dormantReuse: ScenarioDefinition = {
  type: 'token.dormant_reuse',
  description:
    "A partner's API key, busy for two days 45 days before the attack and silent since, is used again from an unfamiliar network. Its old history precedes the period.",
  defaults: { rate: 2, durationMs: 30 * MINUTE, stealth: 0 },
  needsHistory: 0.3,
  build(ctx) {
    const victim = apiKeyPartner(ctx)
    const routes = habitualRoutes(ctx, victim)
    const lastSeen = ctx.start - DORMANT_FOR_MS
    const ip = ctx.knobs.stealth >= 0.5 ? addressIn(ctx.rng, 'aws') : addressIn(ctx.rng, attackerNetwork(ctx))
    const attack = stolenUse(ctx, victim, routes, ip, victim.userAgent)
    return {
      subject: principal(victim),
      requests: [...everyday(ctx, victim, routes, lastSeen - 2 * 24 * HOUR, lastSeen, 25), ...attack],
    }
  },
}

export const TOKEN_SCENARIOS = [
  newNetwork,
  concurrentNetworks,
  scopeDrift,
  volumeAnomaly,
  expiredAccepted,
  dormantReuse,
]
